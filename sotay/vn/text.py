"""Text primitives shared by every normaliser: Unicode form, blank detection, search keys, digit strings.

Cells arrive as ``str`` whatever their origin (CSV or XLSX); these helpers know what Excel and twenty years
of hand typing do to them (NFD from macOS, NBSP and zero-width characters from web copy-paste, a leading
apostrophe that forces "text", numbers shown as ``7.9190001234E+10`` or ``24107.0``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

# One translation pass for what copy-paste and word processors add: invisible characters (zero-width
# space/joiners, word joiner, BOM, soft hyphen) are dropped, apostrophe look-alikes become "'" (minority
# names such as H'Hen and K'Ho use it).
_INVISIBLE_AND_APOSTROPHES: Final = {
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),
    **dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u02bb`\u00b4\u2032"), "'"),
}

# Placeholders people type, or tools write, for "nothing here". Compared after stripping and case-folding.
# "NA" is not here: Na is a Vietnamese given name. Nor is '0': it is a real value in numeric columns, and
# a '0' in an ID column is better reported as malformed by the field's own check than treated as missing.
_BLANK_TOKENS: Final = frozenset(
    {
        "-",
        "--",
        "---",
        "—",
        "–",
        ".",
        "..",
        "...",
        "_",
        "?",
        "null",
        "none",
        "nan",
        "n/a",
        "#n/a",
    }
)

_SPACES_RE: Final = re.compile(r"\s+")
# str.translate with a dict costs ~3 µs on a short non-ASCII string; a search for the few characters it
# changes costs a tenth of that, so most cells skip the translation.
_TRANSLATED_RE: Final = re.compile("[" + "".join(re.escape(chr(c)) for c in _INVISIBLE_AND_APOSTROPHES) + "]")


def _fold_table() -> dict[int, str | None]:
    """Latin letter with any diacritic → its base letter; stray combining marks → removed.

    A precomputed ``str.translate`` table is several times faster than decomposing every string.
    đ/Đ do not decompose in Unicode; Ð/ð (eth) is what some legacy-font conversions wrote for them.
    """
    table: dict[int, str | None] = {ord(c): "d" for c in "đĐðÐ"}
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)):
        base = "".join(ch for ch in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(ch))
        if base and base != chr(code) and code not in table:
            table[code] = base
    table.update(dict.fromkeys(range(0x0300, 0x0370), None))
    return table


_FOLD_TABLE: Final = _fold_table()


def nfc(s: str) -> str:
    """Return ``s`` in Unicode NFC, the form used for storage and comparison.

    >>> nfc("Hu\u0065\u0323\u0302") == "Huệ"
    True
    """
    return unicodedata.normalize("NFC", s)


def clean_spaces(s: str) -> str:
    """NFC; drop invisible characters; unify apostrophes; collapse whitespace (incl. NBSP) to one space."""
    s = unicodedata.normalize("NFC", s)
    if _TRANSLATED_RE.search(s):
        s = s.translate(_INVISIBLE_AND_APOSTROPHES)
    return _SPACES_RE.sub(" ", s).strip()


def is_blank(raw: str | None) -> bool:
    """True for a missing cell: ``None``, empty, whitespace/invisible only, or a placeholder token.

    Placeholders: dashes, dots, ``?``, ``NULL``, ``None``, ``nan``, ``N/A``, ``#N/A`` (any case).
    ``'0'`` and ``'NA'`` are not blank (see ``_BLANK_TOKENS``); neither are Excel error values such as
    ``#VALUE!``, which mean the cell held something broken that a person should look at.

    >>> is_blank(" \u00a0"), is_blank("#N/A"), is_blank("0")
    (True, True, False)
    """
    if raw is None:
        return True
    s = clean_spaces(raw)
    return not s or s.casefold() in _BLANK_TOKENS


@lru_cache(maxsize=65_536)
def fold(s: str) -> str:
    """Search/blocking key: no diacritics (đ→d), lower case, one space between words. Never for display.

    >>> fold("  Nguyễn  Văn HÒA ") == fold("nguyen van hoa") == "nguyen van hoa"
    True
    """
    return clean_spaces(s).strip("'\" ").translate(_FOLD_TABLE).lower()


# --- digits -------------------------------------------------------------------------------------------

# Separators people and spreadsheets put inside numbers. Commas are Excel thousands separators in some
# locales; parentheses wrap area codes in phones.
_DIGIT_SEPARATORS_RE: Final = re.compile(r"[\s.\-_,'\"()/\\+]")
_FLOAT_SUFFIX_RE: Final = re.compile(r"^(\d+)[.,]0{1,2}$")
_SCIENTIFIC_RE: Final = re.compile(r"^(\d+)(?:[.,](\d+))?[eE]\+?(\d{1,2})$")
_DIGITS_RE: Final = re.compile(r"^[0-9]+$")


@lru_cache(maxsize=65_536)
def clean_digits(raw: str) -> str:
    """Digits of a number-like cell, or ``''`` when blank or not recoverable exactly.

    Removes spaces (incl. NBSP), dots, dashes, commas, apostrophes, quotes, parentheses, slashes and ``+``;
    maps full-width digits to ASCII; undoes the float form ``'79190001234.0'``; expands scientific notation
    only when exact — the mantissa must carry as many digits as the number has
    (``'7.9190001234E+10'`` → ``'79190001234'``). ``'7.919E+10'`` would need invented trailing zeros, so it
    returns ``''`` (the digits were lost when Excel displayed the value; only a person can recover them).
    Any letter left over also gives ``''``. Leading zeros already lost are not restored here: that needs
    the field's own rules (``clean_cccd``, ``clean_phone``, ``clean_card``).

    >>> clean_digits("079 190 001 234"), clean_digits("'7.9190001234E+10"), clean_digits("24107.0")
    ('079190001234', '79190001234', '24107')
    """
    if is_blank(raw):
        return ""
    # NFKC turns full-width digits and NBSP into ASCII; the apostrophe is Excel's "this is text" marker.
    s = clean_spaces(unicodedata.normalize("NFKC", raw)).strip("'\"")
    s = s.replace(" ", "")
    match = _FLOAT_SUFFIX_RE.match(s)
    if match:
        return match.group(1)
    match = _SCIENTIFIC_RE.match(s)
    if match:
        whole, frac, exp = match.group(1), match.group(2) or "", int(match.group(3))
        if len(frac) != exp:
            # Fewer mantissa digits than the exponent needs: the trailing digits are unknown, not zeros.
            # More: the value is not an integer. Neither is an identifier we can trust.
            return ""
        return whole + frac
    s = _DIGIT_SEPARATORS_RE.sub("", s)
    return s if _DIGITS_RE.match(s) else ""
