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

from sotay.core.errors import ActionError
from sotay.members import counts, validation_frame
from sotay.members.actions import copy
from sotay.members.actions.bulk import BulkRow, upsert_members
from sotay.members.models import ACTIVE_STATUSES, Member, MemberEvent, MemberStatus
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
    the column-wise validation (`validation_frame.screen`)."""
    branches = sorted(
        code
        for code, org in orgs.items()
        if org.type in BRANCH_TYPES and (org.valid_to is None or org.valid_to >= today)
    )
    columns: list[pl.Expr] = [pl.col("row")]
    for f in _CLEANED:
        c = pl.col(f.key or "")
        if f.field == "org":
            columns.append(c.is_in(branches).fill_null(False).alias("org_ok"))
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
    raw = result.raw.select("row", *(c for c in text_columns.values() if c))
    free = {row[0]: row[1:] for row in raw.iter_rows()}
    free_fields = [name for name, column in text_columns.items() if column]
    for values in result.normalized.iter_rows(named=True):
        row = int(values["row"])
        if row in skip:
            continue
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
    """On PostgreSQL, a load into an empty registry builds the member and event tables' secondary
    indexes after the rows are in (`copy.indexes_built_after`); anything else loads as it is."""
    if connection.vendor != "postgresql":
        yield
        return
    empty = [m._meta.db_table for m in (Member, MemberEvent) if not m.objects.exists()]
    if not empty:
        yield
        return
    with copy.indexes_built_after(empty):
        yield


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
    `batch` rows per call of `upsert_members` (one audit row each).
    """
    on = on or datetime.date.today()
    bad = error_rows(result)
    if bad and not only_clean:
        raise ActionError({"file": [f"{len(bad)} dòng có lỗi; sửa tệp hoặc chỉ nạp các dòng không có lỗi."]})
    orgs_before = Org.objects.count()
    orgs = org_actions.load_orgs(rows=org_rows, by=by)
    orgs_created = Org.objects.count() - orgs_before
    roots = {o.path: o for o in orgs.values() if o.parent_id is None}
    by_root: dict[str, list[BulkRow]] = {}
    for r in registry_rows(result, orgs, skip=bad):
        org = r.values.get("org")
        root_path = org.path[:SEGMENT_WIDTH] if org is not None else next(iter(roots), "")
        by_root.setdefault(root_path, []).append(r)
    today = datetime.date.today()  # as `upsert_members` validates
    screened = validation_frame.screen(registry_frame(result, orgs, today=today), today=today)
    created = updated = batches = 0
    with _fast_first_load():
        for root_path, rows in by_root.items():
            root = roots.get(root_path) or Org.objects.get(path=root_path)
            for start in range(0, len(rows), batch):
                chunk = rows[start : start + batch]
                done = upsert_members(
                    rows=chunk,
                    within=root,
                    by=by,
                    note=f"Nạp từ {source}"[:255],
                    audit_as=("member_load", root.pk),
                    summary=f"Nạp sổ đảng viên từ {source}, dòng {chunk[0].row}–{chunk[-1].row}",
                    on=on,
                    screened=screened,
                )
                created += done["created"]
                updated += done["updated"]
                batches += 1
                if progress:
                    progress(f"{created + updated:,} rows loaded")
    drift = counts.recount(repair=True, roots=list(roots.values())) if roots else []
    return LoadReport(
        created=created,
        updated=updated,
        skipped=len(bad),
        orgs_created=orgs_created,
        batches=batches,
        drift=len(drift),
    )
