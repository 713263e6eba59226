"""Vietnamese phone numbers: international forms, lost leading zeros, the 2018 renumbering, carriers.

Mobile prefixes (10-digit numbers) per carrier, from the allocations of the Bộ TT&TT (MIC) as compiled in
``shared/domain.md`` §6.5 and the carrier tables of vn-ident / vi-fix, cross-checked against several
public validators: Viettel 032–039, 086, 096–098; VinaPhone 081–085, 088, 091, 094; MobiFone 070,
076–079, 089, 090, 093; Vietnamobile 052, 056, 058, 092; Gmobile 059, 099; Itel 087; Reddi (Mobicast)
055. 052 was allocated to Vietnamobile after the 2018 renumbering; some older lists omit it.

The 2018 renumbering (announced 29/5/2018, done 15/9/2018–30/6/2019) replaced the first four digits of
11-digit numbers and kept the last seven.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from sotay.vn.text import clean_digits, clean_spaces, is_blank

MOBILE_PREFIXES: Final[dict[str, str]] = {
    **dict.fromkeys(["032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098"],
                    "Viettel"),
    **dict.fromkeys(["081", "082", "083", "084", "085", "088", "091", "094"], "Vinaphone"),
    **dict.fromkeys(["070", "076", "077", "078", "079", "089", "090", "093"], "MobiFone"),
    **dict.fromkeys(["052", "056", "058", "092"], "Vietnamobile"),
    **dict.fromkeys(["059", "099"], "Gmobile"),
    "087": "Itel",
    "055": "Reddi",
}  # fmt: skip

# Old 11-digit prefix → new 10-digit prefix (domain.md §6.5).
RENUMBERING_2018: Final[dict[str, str]] = {
    **{f"016{d}": f"03{d}" for d in "23456789"},  # Viettel 0162–0169 → 032–039
    "0120": "070", "0121": "079", "0122": "077", "0126": "076", "0128": "078",  # MobiFone
    "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",  # VinaPhone
    "0186": "056", "0188": "058",  # Vietnamobile
    "0199": "059",  # Gmobile
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class PhoneResult:
    """A cleaned phone number: national form (``0…``), or ``''`` if not a Vietnamese number."""

    value: str
    renumbered: bool  # an old 11-digit mobile number converted by the 2018 table
    valid_mobile: bool  # 10 digits with a current mobile prefix
    carrier: str | None


_EMPTY: Final = PhoneResult("", renumbered=False, valid_mobile=False, carrier=None)


def _national(raw: str) -> str:
    """Digits in national form (leading 0, no country code); '' when foreign or not a number."""
    text = clean_spaces(raw).strip("'\" ")
    digits = clean_digits(text)
    if not digits:
        return ""
    if text.startswith("+") or digits.startswith("00"):
        digits = digits.removeprefix("00")
        if not digits.startswith("84"):
            return ""  # another country's number
        return "0" + digits[2:].removeprefix("0")  # '+84 (0) 912…' also writes the trunk zero
    if digits.startswith("84") and len(digits) in (11, 12):
        # 84 + 9-digit mobile, or 84 + pre-2018 10 digits; a national number never starts with 8.
        return "0" + digits[2:].removeprefix("0")
    # Leading zero lost in a numeric cell. Restore it only where the result has a known shape: a mobile
    # prefix (9 digits), a pre-2018 mobile prefix or a landline area code (10 digits).
    padded = "0" + digits
    if len(digits) == 9 and padded[:3] in MOBILE_PREFIXES:
        return padded
    if len(digits) == 10 and (padded[:4] in RENUMBERING_2018 or digits.startswith("2")):
        return padded
    return digits


@lru_cache(maxsize=65_536)
def clean_phone(raw: str) -> PhoneResult:
    """Clean a phone cell to its 10-digit (mobile) or 11-digit (landline) national form.

    Accepts ``+84 912 345 678``, ``84912345678``, ``0084…``, ``0912.345.678``, a lost leading zero,
    and pre-2018 11-digit mobiles in any of these forms (``+841689123456`` → ``0389123456``, renumbered).
    Landlines (``02x…``, 11 digits) keep their value with ``valid_mobile=False``; so does any other
    10-digit number without a mobile prefix. Anything else gives ``value=''``.

    >>> clean_phone("+84 168 912 3456")
    PhoneResult(value='0389123456', renumbered=True, valid_mobile=True, carrier='Viettel')
    """
    if is_blank(raw):
        return _EMPTY
    number = _national(raw)
    if len(number) == 11 and number[:4] in RENUMBERING_2018:
        new = RENUMBERING_2018[number[:4]] + number[4:]
        return PhoneResult(new, renumbered=True, valid_mobile=True, carrier=MOBILE_PREFIXES[new[:3]])
    if len(number) == 10 and number.startswith("0"):
        carrier = MOBILE_PREFIXES.get(number[:3])
        if carrier is None and number[:2] in ("01", "02"):
            return _EMPTY  # a truncated old mobile or landline, not a number anyone can dial
        return PhoneResult(number, renumbered=False, valid_mobile=carrier is not None, carrier=carrier)
    if len(number) == 11 and number.startswith("02"):
        return PhoneResult(number, renumbered=False, valid_mobile=False, carrier=None)  # landline
    return _EMPTY
