"""Citizen IDs (CCCD, CMND) and party card numbers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.vn import (
    CccdInfo,
    cccd_province_valid,
    cccd_provinces,
    clean_card,
    clean_cccd,
    decode_cccd,
    is_card,
    is_cccd,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("079190001234", "079190001234"),
        ("079 190 001 234", "079190001234"),
        ("079.190.001.234", "079190001234"),
        ("'079190001234", "079190001234"),
        ("79190001234", "079190001234"),  # one lost zero, valid prefix 079
        ("79190001234.0", "079190001234"),
        ("7.9190001234E+10", "079190001234"),
        ("1090001234", "001090001234"),  # Hà Nội: two zeros lost
        ("38095012345", "038095012345"),
        ("123456789", "123456789"),  # 9-digit CMND kept for the checker to flag
        ("12345678", "12345678"),
        ("", ""),
        ("-", ""),
        ("7.919E+10", ""),  # lossy scientific notation
    ],
)
def test_clean_cccd(raw, expected):
    assert clean_cccd(raw) == expected


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("03190001234", "11 digits starting with 0: no zero was lost"),
        ("53190001234", "'053' is not a province code"),
        ("79990001234", "gender digit 9: born 2300s, not a lost zero of a living person's ID"),
        ("3090001234", "'003' is not a province code"),
        ("7919000123", "10 digits but '007' is not a province code"),
    ],
)
def test_clean_cccd_does_not_guess(raw, why):
    assert clean_cccd(raw) == raw, why


@pytest.mark.parametrize("s", ["079190001234", "000000000000", "999999999999"])
def test_is_cccd(s):
    assert is_cccd(s)


@pytest.mark.parametrize(
    "s", ["79190001234", "0791900012345", "079 190 001 234", "07919000123a", "", "٠٧٩١٩٠٠٠١٢٣٤"]
)
def test_is_cccd_rejects(s):
    assert not is_cccd(s)


def test_decode_cccd():
    assert decode_cccd("079190001234") == CccdInfo("079", "Hồ Chí Minh", "Nữ", 1900, 1990, "001234")
    assert decode_cccd("001203000001") == CccdInfo("001", "Hà Nội", "Nam", 2000, 2003, "000001")
    assert decode_cccd("015085123456").province_name == "Yên Bái"  # the 63-code table, never the 2025 one
    assert decode_cccd("082085123456").province_name == "Tiền Giang"
    assert decode_cccd("003085123456").province_name is None
    assert decode_cccd("79190001234") is None
    assert decode_cccd("") is None


def test_cccd_province_valid():
    assert cccd_province_valid("079190001234")
    assert not cccd_province_valid("003190001234")
    assert not cccd_province_valid("097190001234")
    assert not cccd_province_valid("79190001234")


def test_province_table_has_the_63_codes():
    codes = cccd_provinces()
    assert len(codes) == 63
    assert all(len(code) == 3 and code.startswith("0") for code in codes)


@given(
    st.sampled_from(sorted(cccd_provinces())),
    st.sampled_from(["Nam", "Nữ"]),
    st.integers(1900, 2099),
    st.integers(0, 999_999),
)
def test_decode_cccd_matches_a_built_cccd(code, gender, year, serial):
    g = (year - 1900) // 100 * 2 + (gender == "Nữ")
    s = f"{code}{g}{year % 100:02d}{serial:06d}"
    info = decode_cccd(s)
    assert info == CccdInfo(code, cccd_provinces()[code], gender, year // 100 * 100, year, f"{serial:06d}")
    assert cccd_province_valid(s)
    # Excel stored it as a number: every leading zero lost, then recovered.
    assert clean_cccd(str(int(s))) == s
    assert clean_cccd(f"{int(s)}.0") == s
    assert clean_cccd(" ".join([s[:3], s[3:6], s[6:9], s[9:]])) == s


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12345678", "12345678"),
        ("01234567", "01234567"),
        ("1234567", "01234567"),  # lost leading zero
        ("1234567.0", "01234567"),
        ("'01234567", "01234567"),
        ("0123 4567", "01234567"),
        ("012.345.67", "01234567"),
        ("123456", "00123456"),  # two lost zeros (Excel drops them all)
        ("12345", "00012345"),  # three lost zeros: one card in a thousand starts with 000
        ("1234", "1234"),  # four: too little of a card, not guessed
        ("123456789", "123456789"),
        ("", ""),
        ("NULL", ""),
        ("AB123456", ""),
    ],
)
def test_clean_card(raw, expected):
    assert clean_card(raw) == expected


def test_is_card():
    assert is_card("01234567")
    assert not is_card("1234567")
    assert not is_card("123456789")
    assert not is_card("0123456a")
    assert not is_card("")


@given(st.integers(0, 99_999_999))
def test_clean_card_recovers_a_numeric_cell(n):
    card = f"{n:08d}"
    if n >= 10_000:  # at most three zeros lost
        assert clean_card(str(n)) == card
    assert clean_card(card) == card
