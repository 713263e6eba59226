"""Where the member table sits in a sheet: the header row, and the rows after the data that are not members.

Units' files often have title rows above the header ("ĐẢNG BỘ …", "DANH SÁCH ĐẢNG VIÊN", merged or
not) and, below the data, a totals line ("Tổng cộng: 481 đảng viên") and a signature block ("Người lập
biểu", "TM. BAN TỔ CHỨC", names). The header is the first row, among the first
`limits.HEADER_SEARCH_ROWS`, that names every required column (the header matching of `headers.py`);
the footer starts at a totals or signature line after which no row looks like a member. Data rows keep
their meaning: the first row after the header is row 1.
"""

import re
from dataclasses import dataclass, field

from sotay.pipeline import limits
from sotay.pipeline.internals.headers import Column, header_key

# Folded (header_key) starts of the cells that open a totals line or a signature block.
_TOTALS = re.compile(r"^(tong cong|tong so|cong( \d|$))")
_SIGNATURE = re.compile(
    r"^(nguoi lap|nguoi ke khai|tm |t m |thay mat|xac nhan|thu truong|bi thu|pho bi thu|truong ban"
    r"|ke toan|giam doc|chu tich|.*\bngay \d{1,2} thang \d{1,2} nam \d{4})"
)
# The footer is looked for in this many last rows of the data.
FOOTER_SEARCH_ROWS = 60


@dataclass
class Layout:
    """Where the table was found. Line numbers are the sheet's rows (for a CSV, the file's lines)."""

    sheet: str | None = None
    header_line: int = 1
    titles: list[int] = field(default_factory=list)  # non-blank lines above the header
    left_out: list[tuple[int, str]] = field(default_factory=list)  # (line, reason) after the data

    def notes(self) -> list[str]:
        """Vietnamese lines for the summary (empty for a plain file: header on line 1, nothing left out)."""
        where = f"trang tính '{self.sheet}', " if self.sheet else ""
        out: list[str] = []
        if self.header_line != 1 or self.sheet:
            text = f"hàng tiêu đề ở {where}hàng {self.header_line}"
            if self.titles:
                text += f"; bỏ qua {len(self.titles)} hàng tiêu đề phía trên ({_spans(self.titles)})"
            out.append(text + "; dòng dữ liệu 1 là hàng ngay sau hàng tiêu đề")
        if self.left_out:
            by_reason: dict[str, list[int]] = {}
            for line, reason in self.left_out:
                by_reason.setdefault(reason, []).append(line)
            parts = [f"{reason} (hàng {_spans(lines)})" for reason, lines in by_reason.items()]
            out.append(f"không đọc là đảng viên {len(self.left_out)} hàng sau dữ liệu: " + "; ".join(parts))
        return out


def _spans(lines: list[int]) -> str:
    """`[1, 2, 3, 7]` → `1–3, 7`."""
    spans: list[str] = []
    start = prev = lines[0]
    for n in [*lines[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        spans.append(f"{start}–{prev}" if prev > start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(spans)


def lookup(columns: tuple[Column, ...]) -> dict[str, str]:
    return {header_key(name): col.key for col in columns for name in (col.header, *col.aliases)}


def header_score(cells: list[str], columns: tuple[Column, ...]) -> tuple[int, int]:
    """(required columns named, known columns named) by one row's cells."""
    names = lookup(columns)
    found = {names[k] for k in (header_key(c) for c in cells) if k in names}
    required = {c.key for c in columns if c.required}
    return len(found & required), len(found)


def find_header(rows: list[list[str]], columns: tuple[Column, ...]) -> int | None:
    """Index of the header among the first rows: the first naming every required column.

    Without one, the row naming the most known columns (so that the message about missing columns is
    about the right row), or None when no row names any (the caller takes the first non-blank row).

    >>> from sotay.pipeline.internals.headers import ORG_COLUMNS
    >>> find_header([["DANH SÁCH"], [], ["Mã tổ chức", "Loại"], ["CB01", "Chi bộ"]], ORG_COLUMNS)
    2
    """
    needed = sum(1 for c in columns if c.required)
    best, best_score = None, (0, 0)
    for i, cells in enumerate(rows[: limits.HEADER_SEARCH_ROWS]):
        score = header_score(cells, columns)
        if score[0] == needed and needed:
            return i
        if score > best_score:
            best, best_score = i, score
    return best


def footer_start(
    rows: list[tuple[int, list[str]]], required: list[int]
) -> tuple[int | None, list[tuple[int, str]]]:
    """The data row where the footer starts (None: no footer) and each left-out row with its reason.

    `rows` are the last data rows as (row number, cells), blank rows already dropped; `required` the
    positions of the required columns. The footer starts at a totals or signature line (or the blank
    rows just before it) after which no row fills at least half of the required columns.
    """
    half = max(1, (len(required) + 1) // 2)

    def filled(cells: list[str]) -> int:
        return sum(1 for p in required if p < len(cells) and cells[p].strip())

    def kind(cells: list[str]) -> str | None:
        # Only the row's first non-blank cell: a member's extra column ("Chức vụ: Bí thư") is no footer.
        key = next((k for k in map(header_key, cells) if k), "")
        if _TOTALS.match(key):
            return "dòng tổng cộng"
        if _SIGNATURE.match(key):
            return "phần ký tên"
        return None

    start = None
    for i in range(len(rows) - 1, -1, -1):
        row, cells = rows[i]
        if filled(cells) >= half:
            break
        if kind(cells) is not None:
            start = i
    if start is None:
        return None, []
    first_row = rows[start][0]
    previous = rows[start - 1][0] if start > 0 else first_row - 1
    left_out = [(n, "hàng trống") for n in range(previous + 1, first_row)]
    for row, cells in rows[start:]:
        left_out.append((row, kind(cells) or "phần ký tên"))
    # Blank rows inside the footer were dropped too: they are part of it.
    numbers = {n for n, _ in left_out}
    last = rows[-1][0]
    left_out += [(n, "hàng trống") for n in range(first_row, last) if n not in numbers]
    return previous + 1, sorted(left_out)
