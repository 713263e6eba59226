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
from sotay.members.actions import bulk, copy, load_frame
from sotay.members.actions.bulk import BulkRow, upsert_members
from sotay.members.actions.load_frame import CLEANED, FREE_TEXT, STATUS_OF_LEGACY, registry_frame
from sotay.members.models import Member, MemberEvent, OrgMemberCount
from sotay.orgs import actions as org_actions
from sotay.orgs.models import BRANCH_TYPES, Org
from sotay.pipeline import CheckResult, schema

if TYPE_CHECKING:
    from sotay.accounts.models import User

BATCH = 10_000
# The legacy "Tình trạng" of a member on a branch's list is the registry status's label.
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


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def registry_rows(result: CheckResult, orgs: dict[str, Org], *, skip: set[int]) -> Iterator[BulkRow]:
    """The file's rows (but `skip`) as the registry's rows: cleaned values from `normalized`, free text
    as typed from `raw` (read with `keep_raw=True`)."""
    warned = _warned(result)
    text_columns = {f.field or "": result.headers.get(f.key or "") for f in FREE_TEXT}
    kept = ~pl.col("row").is_in(sorted(skip))
    raw = result.raw.filter(kept).select("row", *(c for c in text_columns.values() if c))
    free = {row[0]: row[1:] for row in raw.iter_rows()}
    free_fields = [name for name, column in text_columns.items() if column]
    for values in result.normalized.filter(kept).iter_rows(named=True):
        row = int(values["row"])
        out: dict[str, Any] = {}
        for f in CLEANED:
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
        for name in (f.field for f in FREE_TEXT):
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
    (`copy.indexes_built_after`); a load into a registry that holds members keeps them all (dropping
    them would lock the registry until the commit) and feeds the name search's GIN indexes in batches
    (`copy.gin_batched`). SQLite loads as it is."""
    if connection.vendor != "postgresql":
        yield
        return
    empty = [m._meta.db_table for m in (Org, Member, MemberEvent) if not m.objects.exists()]
    if Member._meta.db_table not in empty:  # indexes kept up to date, the name search's in batches
        with copy.gin_batched([Member._meta.db_table]):
            yield
        return
    # The member table's unique constraints too: the load proves its rows unique (duplicates across
    # the file, identifiers already held) before writing, and an empty table holds nothing else.
    with copy.indexes_built_after(empty, unique=[Member._meta.db_table]):
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
    # The file's top organisations: the registry's roots, or what the file hangs under an organisation
    # the registry already held (a province's file under the Trung ương root).
    in_file = {r.code for r in org_rows}
    roots = {orgs[r.code].path: orgs[r.code] for r in org_rows if r.parent_code not in in_file}
    today = datetime.date.today()  # as `upsert_members` validates
    frame = registry_frame(result, orgs, today=today).filter(~pl.col("row").is_in(sorted(bad)))
    screened = validation_frame.screen(frame, today=today)
    bulk.refuse(load_frame.duplicates(frame))
    held: bulk.Holders | None = None
    if connection.vendor == "postgresql":
        held = load_frame.held(frame, screened)
        frame = load_frame.with_free_text(frame.with_columns(load_frame.fresh(frame, screened, held)), result)
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
                fresh=load_frame.member_columns(fresh) if not fresh.is_empty() else None,
            )
            created += done["created"]
            updated += done["updated"]
            batches += 1
            if progress:
                progress(f"{created + updated:,} rows loaded")
    return created, updated, batches, orgs_created, roots
