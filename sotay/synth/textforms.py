"""How values get written badly: the small string transformations the defect injector uses."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

TONES = "\u0300\u0301\u0303\u0309\u0323"
# Canonical "Hòa" is o + tone + a at the end of a syllable; old style moves the tone to the last vowel.
_CANONICAL_OPEN = re.compile(rf"(?i)(?<!q)([ou])([{TONES}])([aey])$")
EXCEL_EPOCH = date(1899, 12, 30)
DATE_FORMS = ("d/m/yyyy", "dd-mm-yyyy", "dd.mm.yyyy", "yyyy-mm-dd")


def fold(text: str) -> str:
    """Remove diacritics (and đ -> d), as people typing without a Vietnamese keyboard do.

    Example:
        >>> fold("Đặng Thị Thủy")
        'Dang Thi Thuy'
    """
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def old_style_tone(name: str) -> str:
    """Move the tone of open oa/oe/uy syllables to the second vowel ("Hòa" -> "Hoà"); NFC result.

    Example:
        >>> old_style_tone("Trần Thị Thủy Hòa"), old_style_tone("Lê Quý Hoàn")
        ('Trần Thị Thuỷ Hoà', 'Lê Quý Hoàn')
    """
    out = []
    for syllable in name.split(" "):
        nfd = unicodedata.normalize("NFD", syllable)
        out.append(unicodedata.normalize("NFC", _CANONICAL_OPEN.sub(r"\1\3\2", nfd)))
    return " ".join(out)


def has_open_tone(name: str) -> bool:
    """True when ``old_style_tone`` would change the name.

    Example:
        >>> has_open_tone("Nguyễn Văn Hòa"), has_open_tone("Nguyễn Văn Hoàng")
        (True, False)
    """
    return old_style_tone(name) != name


def date_form(value: date | str, form: str) -> str:
    """A date in one of the forms found in legacy files (day first), or as an Excel serial number.

    Example:
        >>> [date_form(date(1962, 3, 5), f) for f in ("dd/mm/yyyy", "d/m/yyyy", "yyyy-mm-dd", "serial")]
        ['05/03/1962', '5/3/1962', '1962-03-05', '22710']
    """
    if isinstance(value, str):  # ISO "yyyy-mm-dd", as batches carry dates
        value = date.fromisoformat(value)
    d, m, y = value.day, value.month, value.year
    if form == "dd/mm/yyyy":
        return f"{d:02d}/{m:02d}/{y}"
    if form == "d/m/yyyy":
        return f"{d}/{m}/{y}"
    if form == "dd-mm-yyyy":
        return f"{d:02d}-{m:02d}-{y}"
    if form == "dd.mm.yyyy":
        return f"{d:02d}.{m:02d}.{y}"
    if form == "yyyy-mm-dd":
        return f"{y}-{m:02d}-{d:02d}"
    return str((value - EXCEL_EPOCH).days)


def dmy(iso: str) -> str:
    """An ISO date as the legacy file writes it by default.

    Example:
        >>> dmy("1962-03-05")
        '05/03/1962'
    """
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if iso else ""


def scientific(digits: str) -> str:
    """A digit string as Excel prints a large number in scientific notation, with every digit kept.

    Example:
        >>> scientific("079190001234"), scientific("01234567")
        ('7.9190001234E+10', '1.234567E+06')
    """
    number = str(int(digits))
    return f"{number[0]}.{number[1:] or '0'}E+{len(number) - 1:02d}"


def id_form(digits: str, form: str) -> str:
    """A citizen ID, card or phone number damaged in a recoverable way.

    Example:
        >>> [id_form("079190001234", f) for f in ("lost_zeros", "spaces", "dots", "apostrophe")]
        ['79190001234', '079 190 001 234', '079.190.001.234', "'079190001234"]
    """
    if form == "lost_zeros":
        return str(int(digits))
    if form == "scientific":
        return scientific(digits)
    if form == "apostrophe":
        return "'" + digits
    groups = [digits[i : i + 3] for i in range(0, len(digits), 3)]
    return (" " if form == "spaces" else ".").join(groups)


def phone_form(phone: str, form: str) -> str:
    """A 10-digit mobile number as people write it.

    Example:
        >>> [phone_form("0912345678", f) for f in ("plus84", "84", "dots", "lost_zero")]
        ['+84 912 345 678', '84912345678', '0912.345.678', '912345678']
    """
    if form == "plus84":
        return f"+84 {phone[1:4]} {phone[4:7]} {phone[7:]}"
    if form == "84":
        return "84" + phone[1:]
    if form == "dots":
        return f"{phone[:4]}.{phone[4:7]}.{phone[7:]}"
    if form == "spaces":
        return f"{phone[:4]} {phone[4:7]} {phone[7:]}"
    return phone[1:]


def name_form(name: str, form: str) -> str:
    """A clean name damaged in a way the checker normalises back (and reports as name_not_normalized).

    Example:
        >>> [name_form("Lê Thị Hòa", f) for f in ("upper", "lower", "spaces", "old_tone")]
        ['LÊ THỊ HÒA', 'lê thị hòa', 'Lê  Thị Hòa ', 'Lê Thị Hoà']
    """
    if form == "nfd":
        return unicodedata.normalize("NFD", name)
    if form == "old_tone":
        return old_style_tone(name)
    if form == "upper":
        return name.upper()
    if form == "lower":
        return name.lower()
    first, rest = name.split(" ", 1)
    return f"{first}  {rest} "
