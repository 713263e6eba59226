"""A checked legacy export into the registry (`sotay load-registry`): organisations, then members in batches.

The checker (`sotay.pipeline.check_file`) has read and cleaned the file; this turns its cleaned rows into
`BulkRow`s and hands them to `bulk.upsert_members` a batch at a time, inside one transaction: a problem
in the last batch leaves the registry as it was. Each batch writes its audit row and an event for every
member; the counts of the loaded subtrees are recomputed from the member table at the end.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl
from django.db import connection, transaction

from sotay import vn
from sotay.core.errors import ActionError
from sotay.members import counts, validation_frame
from sotay.members.actions import bulk, copy
from sotay.members.actions.bulk import BulkRow, upsert_members
from sotay.members.models import ACTIVE_STATUSES, Member, MemberEvent, MemberStatus, OrgMemberCount
from sotay.orgs import actions as org_actions
from sotay.orgs.models import BRANCH_TYPES, SEGMENT_WIDTH, Org
from sotay.pipeline import CheckResult, schema

if TYPE_CHECKING:
    from sotay.accounts.models import User

BATCH = 10_000
# The legacy "Tình trạng" of a member on a branch's list is the registry status's label.
STATUS_OF_LEGACY = {MemberStatus(s).label: s for s in ACTIVE_STATUSES}
_CLEANED = tuple(f for f in schema.LEGACY if f.field and f.cleaned)
_FREE_TEXT = schema.FREE_TEXT
# What `str.strip()` strips (Polars' default set lacks the four ASCII separators \x1c–\x1f).
_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# A finding's field (checker key or header) -> the registry field it is about.
_REGISTRY_OF = {
    **{f.key: f.field for f in schema.LEGACY if f.key and f.field},
    **{f.header: f.field for f in schema.LEGACY if f.field},
}


@dataclass(frozen=True)
class LoadReport:
    """What a load did: members created and updated, rows left out (checker errors), organisations
    created, batches (audit rows), count rows the final recount had to correct (0 when all is well)."""

    created: int
    updated: int
    skipped: int
    orgs_created: int
    batches: int
    drift: int


def error_rows(result: CheckResult) -> set[int]:
    """Rows of the file with at least one checker error."""
    errors = result.findings.filter(result.findings["severity"] == "error")
    return {int(r) for r in errors["row"].drop_nulls().to_list()}


def _warned(result: CheckResult) -> dict[int, frozenset[str]]:
    """row -> registry fields the checker only warned about: kept as given, as promotion keeps them."""
    out: dict[int, set[str]] = {}
    warnings = result.findings.filter(result.findings["severity"] == "warning")
    for row, field in warnings.select("row", "field").iter_rows():
        name = _REGISTRY_OF.get(field or "")
        if row is not None and name:
            out.setdefault(int(row), set()).add(name)
    return {k: frozenset(v) for k, v in out.items()}


def registry_frame(result: CheckResult, orgs: dict[str, Org], *, today: datetime.date) -> pl.DataFrame:
    """The checker's cleaned columns by registry field, as `registry_rows` turns them into values, for
    the column-wise validation (`validation_frame.screen`); with `org_id` (the row's branch, as
    `registry_rows` finds it) and `root` (the path of the tree it loads into, the first root's for a
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
    for f in _CLEANED:
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
        elif f.field == "card_number":  # "" is None, as `registry_rows` gives it
            columns.append(pl.when(c == "").then(None).otherwise(c).alias(f.field))
        else:
            columns.append(c.fill_null("").alias(f.field or ""))
    return result.normalized.select(columns)


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def registry_rows(result: CheckResult, orgs: dict[str, Org], *, skip: set[int]) -> Iterator[BulkRow]:
    """The file's rows (but `skip`) as the registry's rows: cleaned values from `normalized`, free text
    as typed from `raw` (read with `keep_raw=True`)."""
    warned = _warned(result)
    text_columns = {f.field or "": result.headers.get(f.key or "") for f in _FREE_TEXT}
    kept = ~pl.col("row").is_in(sorted(skip))
    raw = result.raw.filter(kept).select("row", *(c for c in text_columns.values() if c))
    free = {row[0]: row[1:] for row in raw.iter_rows()}
    free_fields = [name for name, column in text_columns.items() if column]
    for values in result.normalized.filter(kept).iter_rows(named=True):
        row = int(values["row"])
        out: dict[str, Any] = {}
        for f in _CLEANED:
            value = values.get(f.key or "")
            if f.field == "org":
                org = orgs.get(value or "")
                out["org"] = org if org is not None and org.type in BRANCH_TYPES else None
            elif f.field == "status":
                out["status"] = STATUS_OF_LEGACY.get(value or "", "")
            elif f.kind == "date":
                out[f.field or ""] = _date(value)
            elif f.field == "card_number":
                out["card_number"] = value or None
            else:
                out[f.field or ""] = value or ""
        for name in (f.field for f in _FREE_TEXT):
            out[name or ""] = ""
        for name, value in zip(free_fields, free.get(row, ()), strict=False):
            out[name] = (value or "").strip()
        yield BulkRow(
            row=row, values=out, org_text=values.get("ma_to_chuc") or "", waived=warned.get(row, frozenset())
        )


@contextmanager
def _fast_first_load() -> Iterator[None]:
    """On PostgreSQL, a load into an empty registry builds the secondary indexes and foreign keys of
    the tables it fills (organisations, members, events) after the rows are in
    (`copy.indexes_built_after`); anything else loads as it is."""
    if connection.vendor != "postgresql":
        yield
        return
    empty = [m._meta.db_table for m in (Org, Member, MemberEvent) if not m.objects.exists()]
    if not empty:
        yield
        return
    with copy.indexes_built_after(empty):
        yield


def _with_free_text(frame: pl.DataFrame, result: CheckResult) -> pl.DataFrame:
    """`frame` with the free-text fields as `registry_rows` gives them: as typed, stripped as
    `str.strip` strips, "" for a column the file does not have."""
    columns = {f.field or "": result.headers.get(f.key or "") for f in _FREE_TEXT}
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


def _duplicates(frame: pl.DataFrame) -> list[str]:
    """Identifiers given on more than one row of the whole load, worded as `upsert_members` words them:
    checked once here, so that each batch need not look up what the batches before it wrote."""
    problems = []
    for field, label in bulk.DUPLICATE_LABELS:
        repeated = (
            frame.filter(pl.col(field).is_not_null() & (pl.col(field) != ""))
            .group_by(field, maintain_order=True)
            .agg(pl.col("row"))
            .filter(pl.col("row").list.len() > 1)
        )
        problems.extend(bulk.duplicate_message(label, value, rows) for value, rows in repeated.iter_rows())
    return problems


def _held(frame: pl.DataFrame, screened: set[int]) -> bulk.Holders:
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


def _fresh(frame: pl.DataFrame, screened: set[int], held: bulk.Holders) -> pl.Series:
    """Which rows are new members the load may write straight from the frame: valid (screened) and
    holding no identifier the registry already has (so neither an update nor a clash)."""
    free = pl.col("row").is_in(sorted(screened))
    for field in bulk.IDENTIFIERS:
        free = free & (pl.col(field).is_null() | ~pl.col(field).is_in(sorted(held[field])))
    return frame.select(free.fill_null(False).alias("fresh"))["fresh"]


def _member_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """The member table's columns (`copy.columns()`) of screened rows: their values are final."""
    return frame.with_columns(
        pl.Series("name_key", [vn.fold(name) for name in frame["full_name"].to_list()], dtype=pl.String)
    ).select(copy.columns())


@transaction.atomic
def load_registry(
    *,
    result: CheckResult,
    org_rows: list[org_actions.OrgRow],
    by: User | None,
    source: str,
    only_clean: bool = False,
    on: datetime.date | None = None,
    batch: int = BATCH,
    progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """Load a checked export (`check_file(..., keep_raw=True)`) and its organisations file: all or nothing.

    Rows with a checker error are refused (ActionError) unless `only_clean`, which leaves them out.
    Members are created, or updated when the registry holds their code (or citizen ID), one batch of
    `batch` rows per call of `upsert_members` (one audit row each). On PostgreSQL the new members whose
    values the column-wise screen vouches for go from the frame to COPY without a Python object per
    row; every other row (and every row on SQLite) takes `upsert_members`' per-row checks.
    """
    on = on or datetime.date.today()
    bad = error_rows(result)
    if bad and not only_clean:
        raise ActionError({"file": [f"{len(bad)} dòng có lỗi; sửa tệp hoặc chỉ nạp các dòng không có lỗi."]})
    with _fast_first_load():
        created, updated, batches, orgs_created, roots = _load(
            result=result, org_rows=org_rows, by=by, source=source, bad=bad, on=on, batch=batch,
            progress=progress,
        )  # fmt: skip
    if connection.vendor == "postgresql":
        # The recount's two queries: count rows and members joined to organisations by path range.
        copy.analyze(
            {
                Org._meta.db_table: [],
                OrgMemberCount._meta.db_table: [],
                Member._meta.db_table: ["org_id", "status"],
            }
        )
    drift = counts.recount(repair=True, roots=list(roots.values())) if roots else []
    return LoadReport(
        created=created,
        updated=updated,
        skipped=len(bad),
        orgs_created=orgs_created,
        batches=batches,
        drift=len(drift),
    )


def _load(
    *,
    result: CheckResult,
    org_rows: list[org_actions.OrgRow],
    by: User | None,
    source: str,
    bad: set[int],
    on: datetime.date,
    batch: int,
    progress: Callable[[str], None] | None,
) -> tuple[int, int, int, int, dict[str, Org]]:
    """The organisations, then the members batch by batch: (created, updated, batches, organisations
    created, roots by path)."""
    orgs_before = Org.objects.count()
    orgs = org_actions.load_orgs(rows=org_rows, by=by)
    orgs_created = Org.objects.count() - orgs_before
    roots = {o.path: o for o in orgs.values() if o.parent_id is None}
    today = datetime.date.today()  # as `upsert_members` validates
    frame = registry_frame(result, orgs, today=today).filter(~pl.col("row").is_in(sorted(bad)))
    screened = validation_frame.screen(frame, today=today)
    bulk.refuse(_duplicates(frame))
    held: bulk.Holders | None = None
    if connection.vendor == "postgresql":
        held = _held(frame, screened)
        frame = _with_free_text(frame.with_columns(_fresh(frame, screened, held)), result)
    else:
        frame = frame.with_columns(pl.lit(False).alias("fresh"))
    fresh_rows = set(frame.filter(pl.col("fresh"))["row"].to_list())
    others = {r.row: r for r in registry_rows(result, orgs, skip=bad | fresh_rows)}
    created = updated = batches = 0
    for root_path in frame["root"].unique(maintain_order=True).to_list():
        root = roots.get(root_path) or Org.objects.get(path=root_path)
        part = frame.filter(pl.col("root") == root_path)
        for start in range(0, part.height, batch):
            chunk = part.slice(start, batch)
            fresh = chunk.filter(pl.col("fresh"))
            done = upsert_members(
                rows=[others[row] for row in chunk.filter(~pl.col("fresh"))["row"].to_list()],
                within=root,
                by=by,
                note=f"Nạp từ {source}"[:255],
                audit_as=("member_load", root.pk),
                summary=f"Nạp sổ đảng viên từ {source}, dòng {chunk['row'][0]}–{chunk['row'][-1]}",
                on=on,
                screened=screened,
                holders=held,
                fresh=_member_columns(fresh) if not fresh.is_empty() else None,
            )
            created += done["created"]
            updated += done["updated"]
            batches += 1
            if progress:
                progress(f"{created + updated:,} rows loaded")
    return created, updated, batches, orgs_created, roots
