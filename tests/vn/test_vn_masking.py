import re

from hypothesis import given
from hypothesis import strategies as st

from sotay.vn import mask_digit_runs, mask_identifier


def test_mask_identifier_keeps_three_each_end():
    assert mask_identifier("079190001234") == "079******234"
    assert mask_identifier("123456") == "******"
    assert mask_identifier("") == ""


def test_digit_runs_of_nine_or_more_are_masked_in_free_text():
    assert mask_digit_runs("tìm «079190001234» trang 12") == "tìm «079******234» trang 12"
    assert mask_digit_runs("CMND 123456789") == "CMND 123***789"
    assert mask_digit_runs("gọi 0912 345 678") == "gọi 091****678"
    assert mask_digit_runs("mã 12345678, tổ chức 79.26833.014.03") == "mã 12345678, tổ chức 79.26833.014.03"


@given(st.text(alphabet="0123456789 abc.", max_size=40))
def test_masked_text_has_no_run_of_nine_digits_and_masking_is_idempotent(text):
    masked = mask_digit_runs(text)
    assert mask_digit_runs(masked) == masked
    # No nine digits left, even grouped by single spaces ("079 190 001 234").
    assert not re.search(r"\d(?: ?\d){8,}", masked)
