"""Computing the per-branch facts (BranchDay) from the registry, the handbook and the accounts.

`refresh()` is the one writer. The first run of a day is full (the 30-day window moves with the
date): every member's facts (`member_facts`, one `INSERT … SELECT`) summed per branch, and the other
figures by kind (`branch_facts`), each one grouped query over its own table. Later runs that day are
incremental by *delta* (ADR 0012): the members whose inputs changed since the previous run started
(`changes.changed_members`) are recomputed and compared with their stored facts, the differences are
added to their branches' rows (and the rollups), and each kind of non-member figure is recomputed only
for the branches whose inputs of that kind changed. The cost follows the changed rows, not the
branches they touch.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from sotay.accounts.models import User
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.dashboard import branch_facts, changes, member_facts, rollup, sqlwrite
from sotay.dashboard.member_facts import ACTIVE_DAYS
from sotay.dashboard.models import FIGURES, MEMBER_FIGURES, BranchDay, FactsRefresh, MemberFact, RefreshKind
from sotay.members.models import Member
from sotay.orgs.models import BRANCH_TYPES, Org
from sotay.usage.models import DailyActivity

__all__ = ["ACTIVE_DAYS", "FIGURES", "last_refresh", "latest_day", "refresh"]

CHUNK = 500
READ_CHUNK = 5000  # branch rows read by org id per query
FULL_PASS_CHUNKS = 12  # a kind of figure changed in more branches is computed for all in one pass
ZERO = dict.fromkeys(FIGURES, 0) | {"branches": 1}
LOCK = 0x50F7A1  # the advisory lock that serialises refreshes on PostgreSQL


def _write_full(day: datetime.date, now: datetime.datetime) -> int:
    """Rewrite every member's facts and every branch's row of `day`. Returns how many rows."""
    member_facts.write_all(now)
    figures: dict[int, dict[str, int]] = defaultdict(lambda: dict(ZERO))
    for row in MemberFact.objects.values("org_id").annotate(**{n: Sum(n) for n in MEMBER_FIGURES}).order_by():
        values: dict[str, Any] = dict(row)
        figures[values.pop("org_id")].update(values)
    for group in branch_facts.GROUPS:
        branch_facts.add(figures, group, None, now)
    BranchDay.objects.filter(day=day).delete()
    rows = []
    for pk, path, kind in Org.objects.values_list("pk", "path", "type").order_by("pk"):
        if pk in figures or kind in BRANCH_TYPES:
            values = figures.get(pk, ZERO) | {"branches": int(kind in BRANCH_TYPES)}
            rows.append(BranchDay(org_id=pk, path=path, day=day, refreshed_at=now, **values))
    BranchDay.objects.bulk_create(rows, batch_size=2000)
    rollup.write(day, now)
    return len(rows)


def _apply(
    day: datetime.date, now: datetime.datetime, member_ids: set[int], groups: dict[str, set[int]]
) -> dict[str, dict[str, int]]:
    """Recompute `member_ids`' facts and add their differences to `day`'s branch rows; recompute each
    kind of figure in `groups` for its branches. Returns the changed rows' differences by path."""
    deltas, membership = member_facts.apply(member_ids, now)
    groups = {name: set(ids) for name, ids in groups.items()}
    groups.setdefault("corrections", set()).update(membership)
    groups.setdefault("documents", set()).update(membership)
    touched = set(deltas).union(*groups.values())
    rows: dict[int, BranchDay] = {}
    ordered = sorted(touched)
    for start in range(0, len(ordered), READ_CHUNK):
        rows.update(
            (r.org_id, r)
            for r in BranchDay.objects.filter(day=day, org_id__in=ordered[start : start + READ_CHUNK])
        )
    before = {pk: {n: getattr(row, n) for n in FIGURES} for pk, row in rows.items()}
    for pk in touched - set(rows):
        # An organisation without a row yet (created today, or its first member): start from zeros
        # and compute every kind of figure for it.
        org = Org.objects.filter(pk=pk).values_list("path", "type").first()
        if org is not None:
            rows[pk] = BranchDay(
                org_id=pk, path=org[0], day=day, **(ZERO | {"branches": int(org[1] in BRANCH_TYPES)})
            )
            for ids in groups.values():
                ids.add(pk)
    for pk, delta in deltas.items():
        if pk in rows:
            for name, value in delta.items():
                setattr(rows[pk], name, getattr(rows[pk], name) + value)
    branches = [pk for pk, row in rows.items() if row.branches]
    for group, fields in branch_facts.GROUPS.items():
        wanted = sorted(
            groups.get(group, set()) & set(rows if group not in ("meetings", "documents") else branches)
        )
        if not wanted:
            continue
        out: dict[int, dict[str, int]] = defaultdict(dict)
        for pk in wanted:
            out[pk]["eligible"] = rows[pk].eligible
        whole = len(wanted) > FULL_PASS_CHUNKS * CHUNK
        branch_facts.add(out, group, None if whole else wanted, now)
        for pk in wanted:
            for name in fields:
                setattr(rows[pk], name, out[pk].get(name, 0))
    diffs: dict[str, dict[str, int]] = {}
    updates: dict[int, dict[str, int]] = {}
    columns: set[str] = set()
    created = []
    for pk, row in rows.items():
        old = before.get(pk, dict.fromkeys(FIGURES, 0))
        diff = {n: getattr(row, n) - old[n] for n in FIGURES if getattr(row, n) != old[n]}
        if pk not in before:
            diffs[row.path] = diff
            row.refreshed_at = now
            created.append(row)
        elif diff:
            diffs[row.path] = diff
            columns.update(diff)
            updates[pk] = {n: getattr(row, n) for n in FIGURES}
    # Only the changed columns, in place (an UPDATE … FROM VALUES per few thousand rows).
    sqlwrite.update(BranchDay, day, updates, [n for n in FIGURES if n in columns], now)
    BranchDay.objects.bulk_create(created, batch_size=2000)
    return diffs


def _write_incremental(day: datetime.date, now: datetime.datetime, last: FactsRefresh) -> int:
    """Apply the changes since `last` started; then the branches whose member counts still disagree
    with the registry's (a change that left no timestamp) get their members recomputed. Returns how
    many branch rows changed."""
    diffs = _apply(
        day,
        now,
        changes.changed_members(last.started_at, last.activity_id),
        changes.changed_groups(last.started_at),
    )
    stale = sorted(changes.registry_mismatches(day))
    if stale:
        members: set[int] = set()
        for start in range(0, len(stale), CHUNK):
            chunk = stale[start : start + CHUNK]
            members.update(Member.objects.filter(org_id__in=chunk).values_list("pk", flat=True))
            members.update(MemberFact.objects.filter(org_id__in=chunk).values_list("member_id", flat=True))
        for path, diff in _apply(day, now, members, {}).items():
            total = diffs.setdefault(path, {})
            for name, value in diff.items():
                total[name] = total.get(name, 0) + value
    rollup.apply(day, now, diffs)
    return len(diffs)


def _no_jit() -> None:
    """PostgreSQL compiles the big grouped queries (their cost estimate is far above `jit_above_cost`):
    6 s of compilation for a 23 s member query at 560 k members, paid again by every chunk of an
    incremental run. The refresh's transaction runs without it (EXPLAIN ANALYZE in ADR 0012)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def _lock() -> None:
    """One refresh at a time: a second waits for the first to commit, then reads its watermark and
    its stored member facts, so no difference is applied twice. (SQLite serialises writers itself.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])


@transaction.atomic
def refresh(
    *, full: bool = False, by: User | None = None, now: datetime.datetime | None = None
) -> FactsRefresh:
    """Bring today's facts up to date: everything on the day's first run or when `full`, else only the
    branches whose inputs changed since the last run started. One audit row when a person asked."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    _no_jit()
    _lock()
    last = FactsRefresh.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    incremental = not full and last is not None and last.day == day
    run = FactsRefresh.objects.create(
        kind=RefreshKind.INCREMENTAL if incremental else RefreshKind.FULL,
        day=day,
        started_at=now,
        created_by=by,
        activity_id=DailyActivity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    )
    if incremental:
        assert last is not None
        run.branches = _write_incremental(day, now, last)
    else:
        run.branches = _write_full(day, now)
    run.finished_at = timezone.now()
    run.save(update_fields=["branches", "finished_at"])
    if by is not None:
        record(
            actor=by,
            action=AuditAction.UPDATE,
            object_type="dashboard_facts",
            summary=f"Cập nhật số liệu điều hành ({run.get_kind_display().lower()}, {run.branches} chi bộ)",
        )
    return run


def last_refresh() -> FactsRefresh | None:
    return FactsRefresh.objects.filter(finished_at__isnull=False).order_by("-started_at").first()


def latest_day() -> datetime.date | None:
    """The newest day with facts (the pages show it, and say when it was computed)."""
    run = last_refresh()
    return run.day if run else None
