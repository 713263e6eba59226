"""The bulk loader's column-wise side (`sotay.members.actions.load`): the checked file as one Polars
frame of registry values, the checks a whole load makes once (duplicates, identifiers already held), and
the new members that can go from the frame to COPY without a Python object per row."""

from __future__ import annotations

import datetime

import polars as pl

from sotay import vn
from sotay.members.actions import bulk, copy
from sotay.members.models import ACTIVE_STATUSES, Member, MemberStatus
from sotay.orgs.models import BRANCH_TYPES, SEGMENT_WIDTH, Org
from sotay.pipeline import CheckResult, schema

# The legacy "Tình trạng" of a member on a branch's list is the registry status's label.
STATUS_OF_LEGACY = {MemberStatus(s).label: s for s in ACTIVE_STATUSES}
CLEANED = tuple(f for f in schema.LEGACY if f.field and f.cleaned)
FREE_TEXT = schema.FREE_TEXT
# What `str.strip()` strips (Polars' default set lacks the four ASCII separators \x1c–\x1f).
_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def registry_frame(result: CheckResult, orgs: dict[str, Org], *, today: datetime.date) -> pl.DataFrame:
    """The checker's cleaned columns by registry field, as `load.registry_rows` turns them into values, for
    the column-wise validation (`validation_frame.screen`); with `org_id` (the row's branch, as
    `load.registry_rows` finds it) and `root` (the path of the tree it loads into, the first root's for a
    row without a branch)."""
    branches = sorted(
        code
        for code, org in orgs.items()
        if org.type in BRANCH_TYPES and (org.valid_to is None or org.valid_to >= today)
    )
    branch_pk = {code: org.pk for code, org in orgs.items() if org.type in BRANCH_TYPES}
    root_of = {code: org.path[:SEGMENT_WIDTH] for code, org in orgs.items() if org.type in BRANCH_TYPES}
    first_root = next((o.path for o in orgs.values() if o.parent_id is None), "")
    columns: list[pl.Expr] = [pl.col("row")]
    for f in CLEANED:
        c = pl.col(f.key or "")
        if f.field == "org":
            columns.append(c.is_in(branches).fill_null(False).alias("org_ok"))
            columns.append(c.replace_strict(branch_pk, default=None, return_dtype=pl.Int64).alias("org_id"))
            columns.append(
                c.replace_strict(root_of, default=first_root, return_dtype=pl.String).alias("root")
            )
        elif f.field == "status":
            columns.append(
                c.replace_strict(STATUS_OF_LEGACY, default="", return_dtype=pl.String).alias("status")
            )
        elif f.kind == "date":
            columns.append(c.str.to_date("%Y-%m-%d", strict=False).alias(f.field or ""))
        elif f.field == "card_number":  # "" is None, as `load.registry_rows` gives it
            columns.append(pl.when(c == "").then(None).otherwise(c).alias(f.field))
        else:
            columns.append(c.fill_null("").alias(f.field or ""))
    return result.normalized.select(columns)


def with_free_text(frame: pl.DataFrame, result: CheckResult) -> pl.DataFrame:
    """`frame` with the free-text fields as `load.registry_rows` gives them: as typed, stripped as
    `str.strip` strips, "" for a column the file does not have."""
    columns = {f.field or "": result.headers.get(f.key or "") for f in FREE_TEXT}
    given = {name: column for name, column in columns.items() if column}
    raw = result.raw.select(
        "row",
        *(
            pl.col(column).fill_null("").str.strip_chars(_WHITESPACE).alias(name)
            for name, column in given.items()
        ),
    )
    return frame.join(raw, on="row", how="left").with_columns(
        *(pl.col(name).fill_null("") for name in given),
        *(pl.lit("").alias(name) for name in columns if name not in given),
    )


def duplicates(frame: pl.DataFrame) -> list[str]:
    """Identifiers given on more than one row of the whole load, worded as `upsert_members` words them:
    checked once here, so that each batch need not look up what the batches before it wrote."""
    problems: list[str] = []
    for field, label in bulk.DUPLICATE_LABELS:
        repeated = (
            frame.filter(pl.col(field).is_not_null() & (pl.col(field) != ""))
            .group_by(field, maintain_order=True)
            .agg(pl.col("row"))
            .filter(pl.col("row").list.len() > 1)
        )
        problems.extend(bulk.duplicate_message(label, value, rows) for value, rows in repeated.iter_rows())
    return problems


def held(frame: pl.DataFrame, screened: set[int]) -> bulk.Holders:
    """The members the registry already holds with any identifier of the load: three queries for the
    whole file. A screened row's identifiers are clean already; the others are cleaned as
    `upsert_members` cleans them."""
    if not Member.objects.exists():  # a first load: nobody holds anything
        return {field: {} for field in bulk.IDENTIFIERS}
    unscreened = frame.filter(~pl.col("row").is_in(sorted(screened)))
    clean = frame.filter(pl.col("row").is_in(sorted(screened)))
    return bulk.find_holders(
        {
            field: {
                *clean[field].drop_nulls().to_list(),
                *(bulk.cleaned_identifier(field, v) for v in unscreened[field].to_list()),
            }
            for field in bulk.IDENTIFIERS
        }
    )


def fresh(frame: pl.DataFrame, screened: set[int], held: bulk.Holders) -> pl.Series:
    """Which rows are new members the load may write straight from the frame: valid (screened) and
    holding no identifier the registry already has (so neither an update nor a clash)."""
    free = pl.col("row").is_in(sorted(screened))
    for field in bulk.IDENTIFIERS:
        free = free & (pl.col(field).is_null() | ~pl.col(field).is_in(sorted(held[field])))
    return frame.select(free.fill_null(False).alias("fresh"))["fresh"]


def member_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """The member table's columns (`copy.columns()`) of screened rows: their values are final."""
    return frame.with_columns(
        pl.Series("name_key", [vn.fold(name) for name in frame["full_name"].to_list()], dtype=pl.String)
    ).select(copy.columns())
