"""Member counts per organisation, kept in step by the actions, and summed over a subtree.

A page that shows "how many" reads `OrgMemberCount` (one row per organisation and status) instead of
counting the member table: a subtree's total is a sum over its organisations' rows, found by the same
indexed path range as the organisations themselves (ADR 0001, ADR 0009).

Writers: every action in `sotay.members.actions` calls `bump()` (or `apply()`) in its own transaction,
so a rolled-back change leaves the counts as they were. `recount()` recomputes from the member table
(the nightly `sotay check-member-counts`) and reports, and optionally repairs, any drift.

A sum over a large subtree is still a read of every organisation's rows in it: a province of the
national registry has ~11,000 organisations and ~18,000 count rows, 30–70 ms on PostgreSQL through the
covering (org, status) index, the nation 34 times that (docs/deploy.md, "Counts over large subtrees").
Such a sum, and only one that took at least SOTAY_COUNT_CACHE_AFTER_MS, is kept for
SOTAY_COUNT_CACHE_SECONDS in the "counts" cache the app server's workers share: a province's or the
nation's figures may be that many seconds old; a ward's, a unit's or a branch's are always exact.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Substr

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.members.models import ACTIVE_STATUSES, HANDBOOK_STATUSES, Member, OrgMemberCount
from sotay.orgs.models import SEGMENT_WIDTH, Org

# (org id, status) → (members, in transit)
Key = tuple[int, str]
Deltas = Counter[tuple[int, str, str]]


def batch() -> Deltas:
    """An empty batch of changes for `delta()` and `apply()`."""
    return Counter()


def delta(deltas: Deltas, org_id: int, status: str, *, members: int = 0, in_transit: int = 0) -> None:
    """Add a change to a batch that `apply()` writes."""
    if members:
        deltas[(org_id, status, "members")] += members
    if in_transit:
        deltas[(org_id, status, "in_transit")] += in_transit


def apply(deltas: Deltas) -> None:
    """Write a batch of changes: one upsert per (organisation, status), incrementing in the database so
    that concurrent transactions add up (the row lock serialises them, not a read-modify-write here)."""
    merged: dict[Key, list[int]] = {}
    for (org_id, status, field), n in deltas.items():
        if n:
            merged.setdefault((org_id, status), [0, 0])[0 if field == "members" else 1] += n
    rows = [(org_id, status, m, t) for (org_id, status), (m, t) in sorted(merged.items()) if m or t]
    if not rows:
        return
    table = connection.ops.quote_name(OrgMemberCount._meta.db_table)
    conflict = (
        f"ON CONFLICT (org_id, status) DO UPDATE SET members = {table}.members + excluded.members, "
        f"in_transit = {table}.in_transit + excluded.in_transit"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement over arrays (a bulk load's batch touches thousands of rows; the keys are
            # unique, as one statement's ON CONFLICT requires).
            cursor.execute(
                f"INSERT INTO {table} (org_id, status, members, in_transit) "
                f"SELECT * FROM unnest(%s::bigint[], %s::text[], %s::integer[], %s::integer[]) {conflict}",
                [list(column) for column in zip(*rows, strict=True)],
            )
        else:  # SQLite (≥ 3.24): the same upsert, row by row
            cursor.executemany(
                f"INSERT INTO {table} (org_id, status, members, in_transit) "
                f"VALUES (%s, %s, %s, %s) {conflict}",
                rows,
            )


def bump(org_id: int, status: str, *, members: int = 0, in_transit: int = 0) -> None:
    """One change, written now (inside the caller's transaction)."""
    deltas: Deltas = Counter()
    delta(deltas, org_id, status, members=members, in_transit=in_transit)
    apply(deltas)


@dataclass(frozen=True)
class Totals:
    """A subtree's figures, as the home page and the dashboard show them."""

    by_status: dict[str, int]
    in_transit: int  # active members with a transfer under way

    @property
    def active(self) -> int:
        return sum(n for s, n in self.by_status.items() if s in ACTIVE_STATUSES)

    @property
    def entitled(self) -> int:
        """Members the handbook is for (probationary and official)."""
        return sum(n for s, n in self.by_status.items() if s in HANDBOOK_STATUSES)


def _in_subtrees(roots: Iterable[Org]) -> Q:
    q = Q()
    for root in roots:
        q |= Q(org__path__gte=root.path, org__path__lt=root.path_upper_bound)
    return q


def _kept_if_slow[T](key: str, compute: Callable[[], T]) -> T:
    """`compute()`, or its value from the counts cache if a computation of the same key took at least
    SOTAY_COUNT_CACHE_AFTER_MS less than SOTAY_COUNT_CACHE_SECONDS ago (module docstring)."""
    seconds = settings.SOTAY_COUNT_CACHE_SECONDS
    if not seconds:
        return compute()
    cache = caches["counts"]
    kept = cache.get(key)
    if kept is not None:
        return cast(T, kept)
    start = time.perf_counter()
    value = compute()
    if (time.perf_counter() - start) * 1000 >= settings.SOTAY_COUNT_CACHE_AFTER_MS:
        cache.set(key, value, seconds)
    return value


def _in_org_ranges(roots: Iterable[Org]) -> Q:
    q = Q()
    for root in roots:
        q |= Q(path__gte=root.path, path__lt=root.path_upper_bound)
    return q


def subtree_totals(roots: list[Org]) -> dict[int, Totals]:
    """Figures for each root's subtree, in one query over the count rows of the organisations in range
    (a scan of the org path index and of at most (organisations × statuses) small rows, never members).
    A slow sum is kept for a while (module docstring)."""
    if not roots:
        return {}
    key = "totals:" + ",".join(f"{root.pk}@{root.path}" for root in sorted(roots, key=lambda r: r.pk))
    return _kept_if_slow(key, lambda: _subtree_totals(roots))


def _subtree_totals(roots: list[Org]) -> dict[int, Totals]:
    whens = {root.pk: Q(org__path__gte=root.path, org__path__lt=root.path_upper_bound) for root in roots}
    aggregates = {}
    for pk, q in whens.items():
        aggregates[f"m{pk}"] = Sum("members", filter=q, default=0)
        aggregates[f"t{pk}"] = Sum("in_transit", filter=q & Q(status__in=ACTIVE_STATUSES), default=0)
    # The org ids again as a subquery: the planner then walks the organisations in range and reads each
    # one's count rows through the covering (org, status) index, instead of hashing every count row in
    # the country (226 → 60 ms at the 5.6 M registry's root, EXPLAIN ANALYZE on PostgreSQL).
    in_range = Org.objects.filter(_in_org_ranges(roots)).values("pk")
    rows = (
        OrgMemberCount.objects.filter(_in_subtrees(roots), org__in=in_range)
        .values("status")
        .annotate(**aggregates)
        .order_by()
    )
    by_status: dict[int, dict[str, int]] = {pk: {} for pk in whens}
    transit: Counter[int] = Counter()
    for values in rows:
        row = cast(dict[str, Any], values)
        for pk in whens:
            by_status[pk][row["status"]] = row[f"m{pk}"]
            transit[pk] += row[f"t{pk}"]
    return {pk: Totals(by_status=by_status[pk], in_transit=transit[pk]) for pk in whens}


def active_by_child(parent_path_len: int, within: Org) -> dict[str, int]:
    """Active members under each node one level below `parent_path_len`, within `within`'s subtree,
    keyed by the node's path: one grouped query over the organisations in the path range, each reading
    its own count rows through the covering (org, status) index: a nested loop of index-only lookups,
    not a hash join over every count row in the country (ADR 0009). A slow sum is kept for a while
    (module docstring)."""
    prefix_len = parent_path_len + SEGMENT_WIDTH
    key = f"children:{within.pk}@{within.path}:{prefix_len}"
    return _kept_if_slow(key, lambda: _active_by_child(prefix_len, within))


def _active_by_child(prefix_len: int, within: Org) -> dict[str, int]:
    per_org = (
        OrgMemberCount.objects.filter(org=OuterRef("pk"), status__in=ACTIVE_STATUSES)
        .values("org")
        .annotate(n=Sum("members"))
        .values("n")
    )
    rows = (
        Org.objects.filter(path__gte=within.path, path__lt=within.path_upper_bound)
        .annotate(prefix=Substr("path", 1, prefix_len))
        .values_list("prefix")
        .annotate(n=Sum(Subquery(per_org, output_field=IntegerField())))
        .values_list("prefix", "n")
        .order_by()
    )
    return {prefix: n or 0 for prefix, n in rows}


@dataclass(frozen=True)
class Drift:
    org_id: int
    status: str
    stored: tuple[int, int]
    actual: tuple[int, int]


@transaction.atomic
def recount(*, repair: bool = False, roots: list[Org] | None = None) -> list[Drift]:
    """Recompute every organisation's counts from the member table (reads it whole: a nightly job, not a
    page) and return the rows that differ; with `repair`, make the stored rows match (one audit row).
    `roots` limits both sides to those subtrees (the bulk loader's last step, over what it loaded)."""
    members = Member.objects.all()
    stored_rows = OrgMemberCount.objects.all()
    if roots is not None:
        members = members.filter(_in_subtrees(roots))
        stored_rows = stored_rows.filter(_in_subtrees(roots))
    actual: dict[Key, tuple[int, int]] = {
        (r["org_id"], r["status"]): (r["n"], r["t"])
        for r in members.values("org_id", "status")
        .annotate(n=Count("id"), t=Count("in_transit_to"))
        .order_by()
    }
    stored: dict[Key, tuple[int, int]] = {
        (r.org_id, r.status): (r.members, r.in_transit) for r in stored_rows
    }
    drift = [
        Drift(org_id=k[0], status=k[1], stored=stored.get(k, (0, 0)), actual=actual.get(k, (0, 0)))
        for k in sorted(set(actual) | set(stored))
        if stored.get(k, (0, 0)) != actual.get(k, (0, 0))
    ]
    if repair and drift:
        deltas: Deltas = Counter()
        for d in drift:
            delta(
                deltas,
                d.org_id,
                d.status,
                members=d.actual[0] - d.stored[0],
                in_transit=d.actual[1] - d.stored[1],
            )
        apply(deltas)
        record(
            actor=None,
            action=AuditAction.UPDATE,
            object_type="member_counts",
            summary=f"Đếm lại số đảng viên: sửa {len(drift)} dòng lệch",
        )
    return drift
