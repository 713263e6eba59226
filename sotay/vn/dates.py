"""Dates as they arrive from legacy exports: always day-first, never month-first.

Accepted: ``dd/mm/yyyy`` and ``d/m/yyyy`` with ``/``, ``-`` or ``.`` as separators, ``yyyy-mm-dd`` (also
with ``/`` or ``.``), each optionally followed by a time (XLSX datetimes arrive as ``yyyy-mm-dd hh:mm:ss``;
a CSV saved on a Vietnamese Windows writes ``05/03/1962 12:00:00 SA``),
"ngày 5 tháng 3 năm 1962", and Excel serial day numbers in the 1900 date system (``24107``, ``24107.0``;
a fraction is the time of day). The Mac 1904 system cannot be told apart from a value and is not
supported. Rejected, returning ``None``:

* two-digit years (``05/03/62``): 1962 or 2062 is a guess, and members' dates span a century;
* serial numbers up to 2199: ``1962`` in a date column is a year typed alone, not serial 1962
  (1905-05-16), and tiny numbers are junk; serials run from 2200 (1906-01-08) to 73415 (2100-12-31);
* years outside 1850–2100, impossible dates (``31/02/1975``), anything else.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import Final

from sotay.vn.text import clean_spaces, fold, is_blank

MIN_YEAR: Final = 1850
MAX_YEAR: Final = 2100
# Excel serial numbers accepted by parse_date (see the module docstring for why not from 1).
MIN_SERIAL: Final = 2200
MAX_SERIAL: Final = 73415  # 2100-12-31

# A time after the date, with an AM/PM marker in English or as Windows writes it in Vietnamese ("SA" sáng,
# "CH" chiều: a datetime cell saved as CSV on a Vietnamese Windows reads "05/03/1962 12:00:00 SA").
_TIME: Final = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:[AaPp][Mm]|[Ss][Aa]|[Cc][Hh]))?)?"
_DAY_FIRST_RE: Final = re.compile(rf"^(\d{{1,2}})\s*[/.\-]\s*(\d{{1,2}})\s*[/.\-]\s*(\d{{4}}){_TIME}$")
_YEAR_FIRST_RE: Final = re.compile(rf"^(\d{{4}})\s*[/.\-]\s*(\d{{1,2}})\s*[/.\-]\s*(\d{{1,2}}){_TIME}$")
# "ngày 5 tháng 3 năm 1962", matched on the folded text (no diacritics, lower case).
_WORDS_RE: Final = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*(?:nam|,|/)?\s*(\d{4})$")
_SERIAL_RE: Final = re.compile(r"^(\d{1,5})(?:[.,]\d+)?$")  # a fraction is the time of day

# Excel's 1900 date system counts 1900-01-01 as day 1 and, copying Lotus 1-2-3, treats 1900 as a leap
# year: day 60 is the non-existent 1900-02-29, so from day 61 on the epoch is 1899-12-30.
_EXCEL_EPOCH: Final = dt.date(1899, 12, 30)


def excel_serial_to_date(serial: int) -> dt.date | None:
    """Date for an Excel (1900 system) serial day number; None for 60 (Lotus' 1900-02-29) or below 1.

    >>> excel_serial_to_date(24107), excel_serial_to_date(59), excel_serial_to_date(61)
    (datetime.date(1965, 12, 31), datetime.date(1900, 2, 28), datetime.date(1900, 3, 1))
    """
    if serial < 1 or serial == 60 or serial > 2_958_465:  # 9999-12-31 is Excel's last day
        return None
    if serial < 60:
        return _EXCEL_EPOCH + dt.timedelta(days=serial + 1)
    return _EXCEL_EPOCH + dt.timedelta(days=serial)


def date_to_excel_serial(d: dt.date) -> int:
    """Inverse of ``excel_serial_to_date`` (for tests and synthetic data)."""
    days = (d - _EXCEL_EPOCH).days
    return days if days >= 61 else days - 1


def _make(year: int, month: int, day: int) -> dt.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=65_536)
def parse_date(raw: str) -> dt.date | None:
    """Read a date cell, day-first; None when blank, unreadable or impossible.

    >>> parse_date("05/03/1962"), parse_date("1962-03-05 00:00:00"), parse_date("22710")
    (datetime.date(1962, 3, 5), datetime.date(1962, 3, 5), datetime.date(1962, 3, 5))
    >>> parse_date("31/02/1975") is None, parse_date("05/03/62") is None
    (True, True)
    """
    if is_blank(raw):
        return None
    s = clean_spaces(raw).strip("'\" ")
    match = _DAY_FIRST_RE.match(s)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _make(year, month, day)
    match = _YEAR_FIRST_RE.match(s)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _make(year, month, day)
    match = _WORDS_RE.match(fold(s))
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _make(year, month, day)
    match = _SERIAL_RE.match(s)
    if match:
        serial = int(match.group(1))
        if MIN_SERIAL <= serial <= MAX_SERIAL:
            return excel_serial_to_date(serial)
    return None


def add_months(d: dt.date, n: int) -> dt.date:
    """Same day of month ``n`` months later (or earlier), clamped to the month's last day.

    >>> add_months(dt.date(2024, 1, 31), 1), add_months(dt.date(2023, 2, 28), 12)
    (datetime.date(2024, 2, 29), datetime.date(2024, 2, 28))
    """
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def age_on(birth: dt.date, on: dt.date) -> int:
    """Full years of age on ``on`` ("đủ tuổi", counted in months): the largest n with
    ``add_months(birth, 12 * n) <= on``.

    Someone born on 29 February turns a year older on 28 February in common years, because
    ``add_months`` clamps to that day. Negative when ``on`` is before ``birth``.

    >>> age_on(dt.date(2000, 2, 29), dt.date(2018, 2, 28)), age_on(dt.date(2000, 5, 5), dt.date(2018, 5, 4))
    (18, 17)
    """
    years = on.year - birth.year
    if add_months(birth, 12 * years) > on:
        years -= 1
    return years
