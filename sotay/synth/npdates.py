"""Vectorised calendar helpers on numpy ``datetime64[D]`` arrays (self-contained: no sotay.vn needed)."""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

Days = npt.NDArray[np.datetime64]
Ints = npt.NDArray[np.int64]


def to_day(value: date) -> np.datetime64:
    """A ``date`` as a numpy day.

    Example:
        >>> str(to_day(date(2025, 7, 1)))
        '2025-07-01'
    """
    return np.datetime64(value, "D")


def ymd(days: Days) -> tuple[Ints, Ints, Ints]:
    """Split days into (year, month 1-12, day 1-31) integer arrays.

    Example:
        >>> [int(a[0]) for a in ymd(np.array(["2024-02-29"], dtype="datetime64[D]"))]
        [2024, 2, 29]
    """
    months = days.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def add_months(days: Days, months: Ints | int) -> Days:
    """Same day-of-month ``months`` later, clamped at the month end (domain.md §4.2: official date).

    Example:
        >>> str(add_months(np.array(["2024-01-31"], dtype="datetime64[D]"), 1)[0])
        '2024-02-29'
    """
    first = days.astype("datetime64[M]")
    day = (days - first.astype("datetime64[D]")).astype(np.int64)
    target = first + np.asarray(months, dtype=np.int64).astype("timedelta64[M]")
    month_len = (
        (target + np.timedelta64(1, "M")).astype("datetime64[D]") - target.astype("datetime64[D]")
    ).astype(np.int64)
    return target.astype("datetime64[D]") + np.minimum(day, month_len - 1).astype("timedelta64[D]")


def full_months(start: Days, end: Days) -> Ints:
    """Whole months from ``start`` to ``end`` (age "counted in months", domain.md §4.1).

    Example:
        >>> birth = np.array(["2000-03-15", "2000-03-15"], dtype="datetime64[D]")
        >>> full_months(birth, np.array(["2018-03-14", "2018-03-15"], dtype="datetime64[D]")).tolist()
        [215, 216]
    """
    months = end.astype("datetime64[M]").astype(np.int64) - start.astype("datetime64[M]").astype(np.int64)
    # One month too many when the anniversary day has not yet been reached in the end month.
    return months - (add_months(start, months) > end).astype(np.int64)
