"""The registry's validation, column-wise: which rows of a whole file `clean_record` would pass unchanged.

`clean_record` costs ~170 µs a row in Python; a bulk load of a checked file (the checker has already
normalised every value) spends most of that confirming values that are fine. `screen` asks the same
questions of whole columns at once in Polars and returns the rows that certainly pass. Every other row
still goes through `clean_record`, so the errors a person reads — and their wording — have one source.

The screen is conservative: where a rule is awkward to say column-wise (age on the day of admission,
near the 18th birthday) it passes only the rows that are clearly fine and leaves the rest to
`clean_record`. It never passes a row `clean_record` would change or refuse
(`tests/members/test_validation_frame.py` runs both on hostile rows).

The frame has one column per registry field (`sotay.pipeline.schema`'s `field` names) holding the value
`clean_record` would receive, dates as Date, `status` as the registry's value, and `org_ok`: the row's
branch exists, is a branch, and was not closed before today.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import cache

import polars as pl

from sotay import vn
from sotay.members.models import MemberStatus
from sotay.members.validation import GENDERS, MIN_ADMISSION_AGE, STATUSES
from sotay.pipeline import schema
from sotay.vn.categories import canonical_ethnicities, canonical_religions
from sotay.vn.names import NAME_INVALID_CHARACTER_PATTERN
from sotay.vn.phones import MOBILE_PREFIXES
from sotay.vn.provinces import cccd_provinces

OfficialStatuses = (MemberStatus.CHINH_THUC.value, MemberStatus.MIEN_SINH_HOAT.value)


@cache
def _canonical(kind: str) -> frozenset[str]:
    """Catalogue values that `match_ethnicity` / `match_religion` return unchanged."""
    names, match = (
        (canonical_ethnicities(), vn.match_ethnicity)
        if kind == "ethnicity"
        else (canonical_religions(), vn.match_religion)
    )
    return frozenset(n for n in names if match(n) == n)


def _blank(name: str) -> pl.Expr:
    return pl.col(name).is_null() | (pl.col(name) == "")


def _name() -> pl.Expr:
    c = pl.col("full_name")
    return (
        c.is_not_null()
        & (c.str.len_chars() > 0)
        & (c.str.len_chars() <= vn.MAX_NAME_LENGTH)
        & ~c.str.contains(NAME_INVALID_CHARACTER_PATTERN)
        # The checker wrote `normalize_name`'s output; these cheap signs of an unnormalised value send
        # the row to `clean_record` anyway.
        & (c == c.str.strip_chars())
        & ~c.str.contains("  ", literal=True)
    )


def _cccd() -> pl.Expr:
    c = pl.col("cccd")
    digit = c.str.slice(3, 1).cast(pl.Int32, strict=False)
    century = 1900 + (digit // 2) * 100
    year = century + c.str.slice(4, 2).cast(pl.Int32, strict=False)
    gender = pl.when(digit % 2 == 0).then(pl.lit("Nam")).otherwise(pl.lit("Nữ"))
    return (
        c.is_not_null()
        & c.str.contains(r"^[0-9]{12}$")
        & c.str.slice(0, 3).is_in(sorted(cccd_provinces()))
        & (gender == pl.col("gender"))
        & (pl.col("birth_date").is_null() | (pl.col("birth_date").dt.year() == year))
    )


def _card() -> pl.Expr:
    c = pl.col("card_number")
    official = pl.col("status") != MemberStatus.DU_BI.value
    return c.is_null() | (c.str.contains(r"^[0-9]{8}$") & official)  # "" would become None


def _phone() -> pl.Expr:
    c = pl.col("phone")
    return (c == "") | (  # None would become ""
        c.str.contains(r"^0[0-9]{9}$") & c.str.slice(0, 3).is_in(sorted(MOBILE_PREFIXES))
    )


def _category(field: str) -> Callable[[], pl.Expr]:
    return lambda: _blank(field) | pl.col(field).is_in(sorted(_canonical(field)))


def _dates(today: datetime.date) -> pl.Expr:
    birth, admitted, official = pl.col("birth_date"), pl.col("admission_date"), pl.col("official_date")
    not_future = pl.all_horizontal(c.is_null() | (c <= today) for c in (birth, admitted, official))
    # Full years at admission: a year more than the minimum is certainly enough; the rows near the
    # birthday go to `clean_record`, which counts months (`vn.age_on`).
    old_enough = (
        birth.is_null() | admitted.is_null() | (admitted.dt.year() - birth.dt.year() > MIN_ADMISSION_AGE)
    )
    ordered = admitted.is_null() | official.is_null() | (official > admitted)
    status = pl.col("status")
    by_status = (
        pl.when(status == MemberStatus.DU_BI.value)
        .then(official.is_null())
        .when(status.is_in(OfficialStatuses))
        .then(official.is_not_null())
        .otherwise(pl.lit(True))
    )
    return not_future & old_enough & ordered & by_status


# Registry field -> the column rule that vouches for it. A cleaned field of the one field table without a
# rule here makes `screen` pass no row at all (every row then takes the per-row path): slower, never wrong.
RULES: dict[str, Callable[[], pl.Expr]] = {
    "code": lambda: pl.lit(True),
    "full_name": _name,
    "birth_date": lambda: pl.lit(True),  # dates: `_dates`
    "admission_date": lambda: pl.lit(True),
    "official_date": lambda: pl.lit(True),
    "gender": lambda: pl.col("gender").is_in(sorted(GENDERS)),
    "cccd": _cccd,
    "card_number": _card,
    "ethnicity": _category("ethnicity"),
    "religion": _category("religion"),
    "phone": _phone,
    "org": lambda: pl.col("org_ok").fill_null(False),
    "status": lambda: pl.col("status").is_in(sorted(STATUSES)),
}


def screen(frame: pl.DataFrame, *, today: datetime.date) -> set[int]:
    """The `row`s of `frame` whose values `clean_record` would accept without changing any."""
    fields = [f.field for f in schema.LEGACY if f.field and f.cleaned]
    if any(f not in RULES for f in fields) or frame.is_empty():
        return set()
    passes = pl.all_horizontal(*(RULES[f]() for f in fields), _dates(today)).fill_null(False)
    return set(frame.filter(passes)["row"].to_list())
