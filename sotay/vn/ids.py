"""Citizen IDs (CCCD / số định danh cá nhân, old CMND) and party card numbers.

CCCD layout (NĐ 137/2015 Art. 13, TT 07/2016 Art. 7; ``shared/domain.md`` §2): ``PPP G YY NNNNNN`` —
birth-registration province (63-code table), century+gender digit (even male, odd female; century
1900 + G//2 × 100), two year digits, six random digits. There is no check digit, so a typo in the last
six digits cannot be detected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from sotay.vn.provinces import cccd_province_name, cccd_provinces
from sotay.vn.text import clean_digits

_CCCD_RE: Final = re.compile(r"^[0-9]{12}$")
_CARD_RE: Final = re.compile(r"^[0-9]{8}$")
# Gender digits of anyone alive today (born 1900–2099); used only to vouch for a restored leading zero.
_PLAUSIBLE_GENDER_DIGITS: Final = frozenset("0123")


@dataclass(frozen=True, slots=True)
class CccdInfo:
    """What a 12-digit citizen ID says about its holder."""

    province_code: str  # first three digits, e.g. '079'
    province_name: str | None  # from the 63-code table; None when the prefix is not in it
    gender: str  # 'Nam' | 'Nữ'
    century: int  # first year of the birth century: 1900, 2000, …
    birth_year: int
    serial: str  # last six digits


def is_cccd(s: str) -> bool:
    """True for exactly 12 ASCII digits (the shape only; see ``cccd_province_valid``)."""
    return bool(_CCCD_RE.match(s))


@lru_cache(maxsize=65_536)
def clean_cccd(raw: str) -> str:
    """Digits of a citizen-ID cell, with leading zeros restored when the loss is certain; ``''`` if blank.

    Every province code starts with ``0`` (001–096), so a CCCD stored as a number in Excel loses one zero
    (two for Hà Nội … Tuyên Quang, codes 001–008). An 11-digit value is padded with one zero, a 10-digit
    value with two, only when the result has a valid 63-table province prefix and a gender digit of
    someone born 1900–2099; otherwise the digits are returned unchanged for the checker to flag. A 9-digit
    old CMND is kept as is (it "needs a CCCD"; its own lost zero is not restored: it has no structure to
    vouch for it).

    >>> clean_cccd("79190001234"), clean_cccd("1090001234"), clean_cccd("079 190.001.234")
    ('079190001234', '001090001234', '079190001234')
    """
    digits = clean_digits(raw)
    if len(digits) in (10, 11):
        candidate = "0" * (12 - len(digits)) + digits
        if candidate[:3] in cccd_provinces() and candidate[3] in _PLAUSIBLE_GENDER_DIGITS:
            return candidate
    return digits


def decode_cccd(s: str) -> CccdInfo | None:
    """Decode a cleaned 12-digit CCCD; None unless ``is_cccd(s)``.

    >>> decode_cccd("079190001234")
    CccdInfo(province_code='079', province_name='Hồ Chí Minh', gender='Nữ', century=1900, \
birth_year=1990, serial='001234')
    """
    if not is_cccd(s):
        return None
    g = int(s[3])
    century = 1900 + (g // 2) * 100
    return CccdInfo(
        province_code=s[:3],
        province_name=cccd_province_name(s[:3]),
        gender="Nam" if g % 2 == 0 else "Nữ",
        century=century,
        birth_year=century + int(s[4:6]),
        serial=s[6:],
    )


def cccd_province_valid(s: str) -> bool:
    """True when ``s`` is a 12-digit CCCD whose prefix is one of the 63 birth-registration codes."""
    return is_cccd(s) and s[:3] in cccd_provinces()


def is_card(s: str) -> bool:
    """True for an 8-digit party card number (the 2003 series, Chỉ thị 29-CT/TW)."""
    return bool(_CARD_RE.match(s))


@lru_cache(maxsize=65_536)
def clean_card(raw: str) -> str:
    """Digits of a party-card cell; a 5- to 7-digit value gets its lost leading zeros back. ``''`` if blank.

    Card numbers are a fixed 8 digits (written in 8 boxes on the Phiếu đảng viên) and Excel drops every
    leading zero of a number stored as a number, which the campaign reports as common damage. Card
    series are numbered from the start of the range, so numbers beginning with zeros are not rare: one
    card in a thousand starts with ``000``, which is far likelier than someone leaving out three digits
    while typing. Up to three lost zeros are restored; the raw value is always kept beside the cleaned
    one. Four digits or fewer are too little of a card to vouch for: they are left as they are and fail
    ``is_card``.

    >>> clean_card("1234567"), clean_card("01234567"), clean_card("1234567.0"), clean_card("12345")
    ('01234567', '01234567', '01234567', '00012345')
    >>> clean_card("1234")
    '1234'
    """
    digits = clean_digits(raw)
    return digits.zfill(8) if len(digits) in (5, 6, 7) else digits
