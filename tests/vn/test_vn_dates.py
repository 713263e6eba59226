"""parse_date, Excel serials, add_months, age_on."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.vn import add_months, age_on, date_to_excel_serial, excel_serial_to_date, parse_date

D = dt.date(1962, 3, 5)


@pytest.mark.parametrize(
    "raw",
    [
        "05/03/1962", "5/3/1962", "05-03-1962", "5-3-1962", "05.03.1962", "5.3.1962", "1962-03-05",
        "1962-3-5", "1962/03/05", "1962-03-05 00:00:00", "1962-03-05T00:00:00", "1962-03-05 00:00",
        "05/03/1962 00:00:00", "'05/03/1962", " 05/03/1962 ", "\u00a005/03/1962", "05 / 03 / 1962",
        "22710", "22710.0", "22710,0", "'22710", "22710.75", "ngày 5 tháng 3 năm 1962",
        "Ngày 05 tháng 03 năm 1962", "5 tháng 3 năm 1962", "05 tháng 03, 1962",
        "05/03/1962 12:00:00 AM", "05/03/1962 12:00:00 SA", "5/3/1962 1:30:00 CH",  # vi-VN: sáng/chiều
    ],
)  # fmt: skip
def test_parse_date_accepts(raw):
    assert parse_date(raw) == D


def test_parse_date_is_always_day_first():
    assert parse_date("05/03/1962") == dt.date(1962, 3, 5)
    assert parse_date("03/05/1962") == dt.date(1962, 5, 3)
    assert parse_date("12/31/1962") is None  # month-first is never tried


@pytest.mark.parametrize(
    "raw",
    [
        "", " ", "-", "NULL", "#N/A",
        "31/02/1975", "29/02/1975", "30/02/2000", "31/04/1980", "00/01/1980", "01/13/1980", "32/01/1980",
        "05/03/62",  # two-digit year: ambiguous century
        "1962",  # a year alone, not serial 1962 (1905-05-16)
        "1962.0", "60", "5", "0", "2199",  # too small to be a plausible serial
        "73416",  # after 2100-12-31
        "05/03/1800", "05/03/2200", "0962-03-05",
        "tháng 3 năm 1962", "March 5, 1962", "5 tháng 3 năm 62", "05/03",
        "1962-03", "05031962", "abc", "#VALUE!",
    ],
)  # fmt: skip
def test_parse_date_rejects(raw):
    assert parse_date(raw) is None


def test_excel_serials_follow_the_1900_system_with_the_lotus_bug():
    assert excel_serial_to_date(1) == dt.date(1900, 1, 1)
    assert excel_serial_to_date(59) == dt.date(1900, 2, 28)
    assert excel_serial_to_date(60) is None  # 1900-02-29 does not exist
    assert excel_serial_to_date(61) == dt.date(1900, 3, 1)
    assert excel_serial_to_date(24107) == dt.date(1965, 12, 31)
    assert excel_serial_to_date(45658) == dt.date(2025, 1, 1)
    assert excel_serial_to_date(0) is None
    assert date_to_excel_serial(dt.date(1900, 1, 1)) == 1
    assert date_to_excel_serial(dt.date(1900, 3, 1)) == 61


_DATES = st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2100, 12, 31))
_FORMATS = [
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d.isoformat()} 00:00:00",
    lambda d: f"'{d.day:02d}/{d.month:02d}/{d.year} ",
]


@given(_DATES, st.sampled_from(_FORMATS))
def test_parse_date_round_trips_text_formats(d, fmt):
    assert parse_date(fmt(d)) == d


@given(st.dates(min_value=dt.date(1906, 1, 9), max_value=dt.date(2100, 12, 31)), st.sampled_from(["", ".0"]))
def test_parse_date_round_trips_excel_serials(d, suffix):
    serial = date_to_excel_serial(d)
    assert excel_serial_to_date(serial) == d
    assert parse_date(f"{serial}{suffix}") == d


@given(
    st.integers(1850, 2100),
    st.integers(1, 12),
    st.integers(1, 31),
    st.sampled_from(_FORMATS[:4]),
)
def test_parse_date_rejects_impossible_dates(year, month, day, fmt):
    try:
        real = dt.date(year, month, day)
    except ValueError:
        real = None

    class Fake:  # duck-typed date so the same format lambdas can write impossible ones
        pass

    fake = Fake()
    fake.year, fake.month, fake.day = year, month, day
    assert parse_date(fmt(fake)) == real


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2023, 3, 15), 12, dt.date(2024, 3, 15)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2023, 12, 31), 2, dt.date(2024, 2, 29)),
        (dt.date(2023, 5, 31), -1, dt.date(2023, 4, 30)),
        (dt.date(2023, 1, 15), -13, dt.date(2021, 12, 15)),
        (dt.date(2023, 1, 15), 0, dt.date(2023, 1, 15)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(0, 120))
def test_add_months_keeps_the_day_or_clamps(d, n):
    later = add_months(d, n)
    assert (later.year * 12 + later.month) - (d.year * 12 + d.month) == n
    assert later.day == d.day or (later.day < d.day and (later + dt.timedelta(days=1)).day == 1)


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (dt.date(2000, 5, 5), dt.date(2018, 5, 4), 17),
        (dt.date(2000, 5, 5), dt.date(2018, 5, 5), 18),
        (dt.date(2000, 2, 29), dt.date(2018, 2, 28), 18),
        (dt.date(2000, 2, 29), dt.date(2018, 2, 27), 17),
        (dt.date(2000, 2, 29), dt.date(2020, 2, 28), 19),
        (dt.date(2000, 2, 29), dt.date(2020, 2, 29), 20),
        (dt.date(1962, 3, 5), dt.date(1962, 3, 5), 0),
        (dt.date(1962, 3, 5), dt.date(1962, 3, 4), -1),
    ],
)
def test_age_on(birth, on, age):
    assert age_on(birth, on) == age


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2050, 12, 31)), st.integers(0, 90))
def test_age_on_agrees_with_add_months(birth, years):
    birthday = add_months(birth, 12 * years)
    assert age_on(birth, birthday) == years
    assert age_on(birth, birthday - dt.timedelta(days=1)) == years - 1
