"""clean_phone: formats, lost zeros, the 2018 renumbering, landlines, carriers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.vn import MOBILE_PREFIXES, RENUMBERING_2018, PhoneResult, clean_phone


@pytest.mark.parametrize(
    "raw",
    [
        "0912345678", "0912 345 678", "0912.345.678", "0912-345-678", "+84 912 345 678", "+84912345678",
        "84912345678", "0084912345678", "00 84 912 345 678", "(+84) 912 345 678", "+84 (0) 912 345 678",
        "912345678", "912345678.0", "'0912345678", " 0912345678\u00a0", "84 0912345678",
    ],
)  # fmt: skip
def test_clean_phone_accepts_formats(raw):
    assert clean_phone(raw) == PhoneResult(
        "0912345678", renumbered=False, valid_mobile=True, carrier="Vinaphone"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01689123456", "0389123456"),
        ("+841689123456", "0389123456"),  # vn-phone-number gets this one wrong
        ("841689123456", "0389123456"),
        ("1689123456", "0389123456"),  # lost leading zero as well
        ("0168 912 3456", "0389123456"),
        ("01203456789", "0703456789"),
        ("01213456789", "0793456789"),
        ("01233456789", "0833456789"),
        ("01273456789", "0813456789"),
        ("01863456789", "0563456789"),
        ("01993456789", "0593456789"),
    ],
)
def test_clean_phone_renumbers_2018(raw, expected):
    result = clean_phone(raw)
    assert result.value == expected
    assert result.renumbered
    assert result.valid_mobile


@pytest.mark.parametrize(
    ("prefix", "carrier"),
    [("086", "Viettel"), ("032", "Viettel"), ("039", "Viettel"), ("088", "Vinaphone"), ("081", "Vinaphone"),
     ("089", "MobiFone"), ("070", "MobiFone"), ("076", "MobiFone"), ("092", "Vietnamobile"),
     ("056", "Vietnamobile"), ("052", "Vietnamobile"), ("099", "Gmobile"), ("059", "Gmobile"),
     ("087", "Itel"), ("055", "Reddi")],
)  # fmt: skip
def test_clean_phone_carriers(prefix, carrier):
    assert clean_phone(prefix + "1234567").carrier == carrier


def test_landlines_are_numbers_but_not_mobile():
    assert clean_phone("028 3822 1234") == PhoneResult("02838221234", False, False, None)
    assert clean_phone("2838221234") == PhoneResult("02838221234", False, False, None)  # lost zero
    assert clean_phone("+84 24 3822 1234") == PhoneResult("02438221234", False, False, None)
    assert clean_phone("0438221234") == PhoneResult("0438221234", False, False, None)  # pre-2017 form


@pytest.mark.parametrize(
    "raw",
    [
        "", "-", "NULL", "abc", "0912 345 67", "09123456789", "412345678", "+1 650 253 0000",
        "0912345678 / 0987654321", "01401234567",  # 0140 was never a mobile prefix
        "0123456789",  # a truncated old number
        "12345", "0",
    ],
)  # fmt: skip
def test_clean_phone_rejects(raw):
    result = clean_phone(raw)
    assert result.value == ""
    assert not result.valid_mobile
    assert result.carrier is None


def test_not_a_mobile_prefix():
    result = clean_phone("0601234567")
    assert result.value == "0601234567"
    assert not result.valid_mobile


_FORMATS = [
    lambda n: n,
    lambda n: n[1:],  # lost leading zero
    lambda n: f"{n[:4]} {n[4:7]} {n[7:]}",
    lambda n: f"{n[:4]}.{n[4:7]}.{n[7:]}",
    lambda n: f"{n[:4]}-{n[4:7]}-{n[7:]}",
    lambda n: f"+84{n[1:]}",
    lambda n: f"+84 {n[1:4]} {n[4:7]} {n[7:]}",
    lambda n: f"84{n[1:]}",
    lambda n: f"0084{n[1:]}",
    lambda n: f"(+84) {n[1:]}",
    lambda n: f"'{n}",
    lambda n: f"{n[1:]}.0",
]


@given(st.sampled_from(sorted(MOBILE_PREFIXES)), st.integers(0, 9_999_999), st.sampled_from(_FORMATS))
def test_any_formatting_of_a_mobile_gives_the_same_value(prefix, rest, fmt):
    number = f"{prefix}{rest:07d}"
    assert clean_phone(fmt(number)) == PhoneResult(number, False, True, MOBILE_PREFIXES[prefix])


@given(st.sampled_from(sorted(RENUMBERING_2018)), st.integers(0, 9_999_999), st.sampled_from(_FORMATS))
def test_any_formatting_of_an_old_mobile_is_renumbered(old, rest, fmt):
    number = f"{old}{rest:07d}"
    result = clean_phone(fmt(number))
    assert result.value == f"{RENUMBERING_2018[old]}{rest:07d}"
    assert result.renumbered
    assert result.valid_mobile
