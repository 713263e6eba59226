"""Header mapping: the Vietnamese column names of legacy-format.md §1 and §2 to internal keys.

Matching ignores case, diacritics, punctuation and extra spaces (`so cccd` finds `Số CCCD`), so a header
typed by hand still maps. Unknown columns are kept by the reader and ignored by the checks.
"""

import re
import unicodedata
from dataclasses import dataclass

from sotay.pipeline import schema
from sotay.pipeline.internals.errors import InputError


@dataclass(frozen=True)
class Column:
    """One known column: internal key, the header as the contract spells it, and whether it must exist."""

    key: str
    header: str
    required: bool
    aliases: tuple[str, ...] = ()


# legacy-format.md §1, from the one field table (`sotay.pipeline.schema`).
MEMBER_COLUMNS: tuple[Column, ...] = tuple(
    Column(f.key, f.header, f.required, f.aliases) for f in schema.LEGACY if f.key is not None
)

# legacy-format.md §2.
ORG_COLUMNS: tuple[Column, ...] = (
    Column("ma_to_chuc", "Mã tổ chức", True),
    Column("ten_to_chuc", "Tên tổ chức", False),
    Column("ma_cap_tren", "Mã cấp trên", False),
    Column("loai", "Loại", True),
)

HEADER_OF: dict[str, str] = {c.key: c.header for c in MEMBER_COLUMNS}


def header_key(text: str) -> str:
    """Fold a header for matching: no diacritics, lower case, punctuation and runs of spaces as one space.

    >>> header_key("  Số  CCCD (*) ")
    'so cccd'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split())


def map_headers(headers: list[str], columns: tuple[Column, ...], *, what: str = "members") -> dict[str, int]:
    """Return {key: position} for the known columns found in `headers`.

    Raises InputError naming every missing required column (in Vietnamese, as the file should spell
    them) or a column given twice.

    >>> map_headers(["so cccd", "Ho va ten"], (Column("cccd", "Số CCCD", True),))
    {'cccd': 0}
    """
    lookup: dict[str, str] = {}
    for col in columns:
        for name in (col.header, *col.aliases):
            lookup[header_key(name)] = col.key
    found: dict[str, int] = {}
    for pos, text in enumerate(headers):
        key = lookup.get(header_key(text or ""))
        if key is None:
            continue
        if key in found:
            first = headers[found[key]]
            raise InputError(
                f"Two columns mean the same field: '{first}' and '{text}'. Keep one of them.",
                f"Có hai cột cùng nghĩa: '{first}' và '{text}'. Hãy giữ lại một cột.",
            )
        found[key] = pos
    missing = [c.header for c in columns if c.required and c.key not in found]
    if missing:
        names = ", ".join(f"'{m}'" for m in missing)
        raise InputError(
            f"The {what} file has no column {names} (required). The header row (row 1) must name it; "
            f"columns found: {', '.join(repr(h) for h in headers if h)}.",
            f"Tệp thiếu cột bắt buộc: {names}. Hàng tiêu đề (hàng 1) phải có cột này, viết đúng tên như "
            f"mẫu (có thể không dấu, không phân biệt chữ hoa/thường).",
        )
    return found
