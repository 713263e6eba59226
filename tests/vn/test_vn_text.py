"""nfc, is_blank, fold, clean_digits."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.vn import clean_digits, fold, is_blank, nfc


def test_nfc_composes_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Huệ")
    assert decomposed != "Nguyễn Thị Huệ"
    assert nfc(decomposed) == "Nguyễn Thị Huệ"


@pytest.mark.parametrize(
    "raw",
    [None, "", "   ", "\u00a0", "\u200b", " \t\n", "-", "--", "—", ".", "NULL", "null", "None", "nan", "NaN",
     "#N/A", "N/A", "n/a", "?", " - "],
)  # fmt: skip
def test_is_blank_accepts_missing_and_placeholders(raw):
    assert is_blank(raw)


@pytest.mark.parametrize("raw", ["0", "00", "Nam", "x", "#VALUE!", "Không", "a", "1", "NA", "Na"])
def test_is_blank_rejects_values(raw):
    assert not is_blank(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Văn Hòa", "nguyen van hoa"),
        ("nguyen van hoa", "nguyen van hoa"),
        ("  NGUYỄN   VĂN  HOÀ ", "nguyen van hoa"),
        ("Đặng Đức Đạt", "dang duc dat"),
        ("Ðặng", "dang"),  # Icelandic eth from legacy font conversion
        (unicodedata.normalize("NFD", "Trần Thị Thủy"), "tran thi thuy"),
        ("Ksor H\u2019Bia", "ksor h'bia"),
        ("Lê\u00a0Văn\u200b An", "le van an"),
        ("'Lê Lan", "le lan"),
    ],
)
def test_fold(raw, expected):
    assert fold(raw) == expected


def test_fold_keeps_letters_that_differ():
    assert fold("Hùng") == fold("Hưng")  # fold is only a blocking key…
    assert fold("Hùng") != fold("Hằng")  # …that still separates different base letters


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("079190001234", "079190001234"),
        ("079 190 001 234", "079190001234"),
        ("079.190.001.234", "079190001234"),
        ("079-190-001-234", "079190001234"),
        ("'079190001234", "079190001234"),
        ("\u00a0079190001234\u00a0", "079190001234"),
        ("０７９１９０００１２３４", "079190001234"),  # full-width digits
        ("79190001234.0", "79190001234"),
        ("24107.0", "24107"),
        ("24107,00", "24107"),
        ("7.9190001234E+10", "79190001234"),
        ("7.9190001234e+10", "79190001234"),
        ("7,9190001234E+10", "79190001234"),
        ("(028) 3822-1234", "02838221234"),
        ("+84 912 345 678", "84912345678"),
    ],
)
def test_clean_digits_accepts(raw, expected):
    assert clean_digits(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "  ",
        "-",
        "7.919E+10",  # lossy: Excel's display dropped digits; zeros would be invented
        "7.9190001234E+5",  # not an integer
        "079190001234 (mới)",
        "CCCD 079190001234",
        "abc",
        "12a34",
    ],
)
def test_clean_digits_rejects(raw):
    assert clean_digits(raw) == ""


@given(
    st.text(alphabet="0123456789", min_size=1, max_size=15), st.sampled_from([" ", ".", "-", "\u00a0", ""])
)
def test_clean_digits_ignores_any_grouping(digits, sep):
    # Thousands grouping runs from the right, as Excel and people write it.
    head = len(digits) % 3 or 3
    grouped = sep.join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])
    assert clean_digits(grouped) == digits
    assert clean_digits("'" + grouped) == digits


@given(st.integers(min_value=10**9, max_value=10**15 - 1))
def test_clean_digits_expands_exact_scientific_notation(n):
    text = str(n)
    sci = f"{text[0]}.{text[1:]}E+{len(text) - 1}"
    assert clean_digits(sci) == text
