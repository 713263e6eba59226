"""The SQL shortcuts of the normaliser give exactly what `sotay.vn` gives, value by value.

The checker maps names word by word and brings identifiers to their usual form in SQL before grouping
them (`internals/normalise.py`). Each shortcut is a claim about `sotay.vn`; these tests throw values
that are and are not of the expected shape at it and compare every output with plain Python.
"""

import logging
from dataclasses import replace

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sotay.pipeline.internals import normalise

LOOKUPS = {lookup.name: lookup for lookup in normalise.LOOKUPS}

# Syllables in several spellings (case, old/new tone placement, decomposed), honorific candidates, and
# letters that Python and SQL could disagree on (eth, modifier apostrophes, ß, dotted İ, final sigma).
WORDS = [
    "Nguyễn", "nguyễn", "NGUYỄN", "Thị", "thi", "Hoà", "HÒA", "hoàn", "Thuỷ", "QUÝ", "Huỳnh", "Đặng",
    "đồng", "Đồng", "chí", "Chí", "Bà", "bà", "BÀ", "Ông", "Ðỗ", "ðức", "H\u02bcHen", "K\u02bbSor", "Niê",
    "Ksor", "Mlô", "straße", "İnan", "ΟΔΟΣ",
    "李", "ǅemal", "Ŋuyen", "ﬁn", "Hu\u0065\u0323\u0302", "A", "Na", "nan", "Null", "Đ/c", "x2",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "  ", "\u00a0", "\t", " - ", "'"]


def _via_sql(lookup: normalise.Lookup, column: str, values: list[str]) -> pl.DataFrame:
    con = duckdb.connect()
    frame = pl.DataFrame({column: values}, schema={column: pl.String})  # noqa: F841 - DuckDB scan
    con.execute("CREATE TABLE raw AS SELECT * FROM frame")
    normalise.build_lookup(con, lookup)
    return con.sql(f"FROM ({normalise.lookup_table_sql(lookup)}) ORDER BY raw").pl()


def _via_python(lookup: normalise.Lookup, values: list[str]) -> pl.DataFrame:
    return normalise._python_map(lookup, sorted(set(values)))


def _assert_same(lookup: normalise.Lookup, column: str, values: list[str]) -> None:
    got = _via_sql(lookup, column, values)
    want = _via_python(lookup, values)
    assert got.select(want.columns).to_dicts() == want.to_dicts()


names = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=1, max_size=5).map(
    lambda parts: "".join(w + s for w, s in parts).rstrip()
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(names, min_size=1, max_size=20))
def test_names_by_word_equal_normalize_name(values: list[str]) -> None:
    _assert_same(LOOKUPS["ho_ten"], "ho_ten", values)


def test_name_shortcut_is_taken_for_plain_names_only() -> None:
    con = duckdb.connect()
    values = ["Nguyễn Văn An", "nguyễn  văn an", "Bà Lê Thị Hoa", "Đồng chí Lê Văn Tám", "Ðỗ Văn Hùng", "An"]
    frame = pl.DataFrame({"v": values})  # noqa: F841 - DuckDB scan
    plain = dict(con.sql(f"SELECT v, coalesce({normalise.WORD_NAME_SQL}, false) FROM frame").fetchall())
    assert plain == {
        "Nguyễn Văn An": True,
        "nguyễn  văn an": False,
        "Bà Lê Thị Hoa": False,
        "Đồng chí Lê Văn Tám": False,
        "Ðỗ Văn Hùng": False,
        "An": False,
    }


def _scientific(n: int, point: str, e: str, pad: bool, lost: int) -> str:
    """How Excel shows a number: 7.9190001234E+10; `lost` trailing digits dropped from the mantissa."""
    digits = str(n)
    frac = digits[1 : len(digits) - lost] if lost < len(digits) - 1 else ""
    exp = len(digits) - 1
    return f"{digits[0]}{point}{frac}{e}+{exp:02d}" if pad else f"{digits[0]}{point}{frac}{e}+{exp}"


digit_cells = st.one_of(
    st.text(alphabet="0123456789 .-'+E,()", min_size=0, max_size=16),
    st.builds(
        _scientific,
        st.integers(10**3, 10**12),
        st.sampled_from([".", ","]),
        st.sampled_from(["E", "e"]),
        st.booleans(),
        st.sampled_from([0, 0, 0, 1, 3]),
    ),
    st.integers(10**3, 10**12).map(str),
    st.builds(
        lambda prefix, digits, sep, every: (
            prefix + sep.join(digits[i : i + every] for i in range(0, len(digits), every))
        ),
        st.sampled_from(["", "'", "+84", "+84 ", "84", "0", "00"]),
        st.text(alphabet="0123456789", min_size=5, max_size=13),
        st.sampled_from(["", " ", ".", "-", ". "]),
        st.integers(min_value=1, max_value=5),
    ),
)


@pytest.mark.parametrize(
    ("name", "column"), [("cccd", "cccd"), ("so_the", "so_the"), ("phone", "so_dien_thoai")]
)
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(values=st.lists(digit_cells, min_size=1, max_size=30))
def test_identifier_shortcuts_equal_python(name: str, column: str, values: list[str]) -> None:
    _assert_same(LOOKUPS[name], column, values)


def test_known_forms_take_the_shortcut_and_agree() -> None:
    lookup = LOOKUPS["phone"]
    values = ["0912 345 678", "0912.345.678", "+84 912 345 678", "912345678", "212345678", "01689123456"]
    _assert_same(lookup, "so_dien_thoai", values)
    con = duckdb.connect()
    frame = pl.DataFrame({"v": values})  # noqa: F841 - DuckDB scan
    pre = dict(con.sql(f"SELECT v, {lookup.pre} FROM frame").fetchall())
    assert pre["0912 345 678"] == pre["+84 912 345 678"] == pre["912345678"] == "0912345678"
    assert pre["212345678"] is None  # 021 is no mobile prefix: Python decides
    assert pre["01689123456"] is None


def test_a_wrong_pre_is_caught_and_python_decides(caplog: pytest.LogCaptureFixture) -> None:
    # A deliberately wrong claim: "every value reads like 0912345678".
    wrong = replace(LOOKUPS["phone"], pre="'0912345678'")
    values = ["0912345678", "0987654321", "abc", "12", "+1 202 555 0100", "0912 345 678"]
    with caplog.at_level(logging.WARNING):
        _assert_same(wrong, "so_dien_thoai", values)
    assert "disagrees with Python" in caplog.text


def test_lost_zeros_and_scientific_notation_take_the_shortcut_and_agree() -> None:
    cccds = ["79190001234", "7.9190001234E+10", "1090001234", "99190001234", "7.919E+10", "079 190 001 234"]
    cards = ["1234567", "1.234567E+6", "12345", "1234", "9.9999999E+7", "123456789"]
    _assert_same(LOOKUPS["cccd"], "cccd", cccds)
    _assert_same(LOOKUPS["so_the"], "so_the", cards)
    con = duckdb.connect()
    frame = pl.DataFrame({"cccd": cccds, "card": cards})  # noqa: F841 - DuckDB scan
    pre = con.sql(f"SELECT {LOOKUPS['cccd'].pre} FROM (SELECT cccd AS v FROM frame)").fetchall()
    assert [p for (p,) in pre] == ["079190001234", "079190001234", "001090001234", None, None, "079190001234"]
