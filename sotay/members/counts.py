"""Member counts per organisation, kept in step by the actions, and summed over a subtree.

A page that shows "how many" reads `OrgMemberCount` (one row per organisation and status) instead of
counting the member table: a subtree's total is a sum over its organisations' rows, found by the same
indexed path range as the organisations themselves (ADR 0001, ADR 0009).

Writers: every action in `sotay.members.actions` calls `bump()` (or `apply()`) in its own transaction,
so a rolled-back change leaves the counts as they were. `recount()` recomputes from the member table
(the nightly `sotay check-member-counts`) and reports, and optionally repairs, any drift.

Each count row carries a copy of its organisation's path (written with the row by `apply()`, rewritten
by `rewrite_paths` when a subtree moves, checked by `recount()`), so a subtree's sum is one range of the
covering (path, status, members, in_transit) index: no join, and no row of the member or organisation tables.

A sum over a large subtree still reads every count row in it: ~18,000 for a province of the national
registry, ~470,000 for the nation (docs/deploy.md, "Counts over large subtrees"). Such a sum, and only
one that took at least SOTAY_COUNT_CACHE_AFTER_MS, is kept for SOTAY_COUNT_CACHE_SECONDS in the
"counts" cache the app server's workers share: the nation's figures may be that many seconds old; a
ward's, a unit's or a branch's are always exact.
"""

from __future__ import annotations

import datetime
import hashlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Substr

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.members import rollup
from sotay.members.models import ACTIVE_STATUSES, HANDBOOK_STATUSES, Member, OrgMemberCount
from sotay.orgs.models import SEGMENT_WIDTH, Org, moved_path, subtree_q, upper_bound

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
    for (org_id, status, which), n in deltas.items():
        if n:
            merged.setdefault((org_id, status), [0, 0])[0 if which == "members" else 1] += n
    rows = [(org_id, status, m, t) for (org_id, status), (m, t) in sorted(merged.items()) if m or t]
    if not rows:
        return
    q = connection.ops.quote_name
    table, orgs = q(OrgMemberCount._meta.db_table), q(Org._meta.db_table)
    conflict = (
        f"ON CONFLICT (org_id, status) DO UPDATE SET members = {table}.members + excluded.members, "
        f"in_transit = {table}.in_transit + excluded.in_transit"
    )
    # A new row copies its organisation's path (the existing row keeps its own: `rewrite_paths`).
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement over arrays (a bulk load's batch touches thousands of rows; the keys are
            # unique, as one statement's ON CONFLICT requires).
            cursor.execute(
                f"INSERT INTO {table} (org_id, path, status, members, in_transit) "
                f"SELECT d.org_id, o.path, d.status, d.members, d.in_transit "
                f"FROM unnest(%s::bigint[], %s::text[], %s::integer[], %s::integer[]) "
                f"AS d(org_id, status, members, in_transit) JOIN {orgs} o ON o.id = d.org_id {conflict}",
                [list(column) for column in zip(*rows, strict=True)],
            )
        else:  # SQLite (≥ 3.24): the same upsert, row by row (`WHERE true` tells its parser where the
            # SELECT ends and the upsert begins)
            cursor.executemany(
                f"INSERT INTO {table} (org_id, path, status, members, in_transit) "
                f"SELECT %s, (SELECT path FROM {orgs} WHERE id = %s), %s, %s, %s WHERE true {conflict}",
                [(org_id, org_id, status, m, t) for org_id, status, m, t in rows],
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
    # When the figures were summed, if not at this request: the worker's rollup (sotay.members.rollup).
    as_of: datetime.datetime | None = field(default=None, compare=False)

    @property
    def active(self) -> int:
        return sum(n for s, n in self.by_status.items() if s in ACTIVE_STATUSES)

    @property
    def entitled(self) -> int:
        """Members the handbook is for (probationary and official)."""
        return sum(n for s, n in self.by_status.items() if s in HANDBOOK_STATUSES)


def _kept_if_slow[T](key: str, compute: Callable[[], T]) -> T:
    """`compute()`, or its value from the counts cache if a computation of the same key took at least
    SOTAY_COUNT_CACHE_AFTER_MS less than SOTAY_COUNT_CACHE_SECONDS ago (module docstring)."""
    seconds = settings.SOTAY_COUNT_CACHE_SECONDS
    if not seconds:
        return compute()
    if len(key) > 200:  # many roots: under the 250 characters a cache key may have (memcached's limit)
        key = key.split(":", 1)[0] + ":" + hashlib.sha256(key.encode()).hexdigest()
    cache = caches["counts"]
    kept = cache.get(key)
    if kept is not None:
        return cast(T, kept)
    start = time.perf_counter()
    value = compute()
    if (time.perf_counter() - start) * 1000 >= settings.SOTAY_COUNT_CACHE_AFTER_MS:
        cache.set(key, value, seconds)
    return value


def subtree_totals(roots: list[Org]) -> dict[int, Totals]:
    """Figures for each root's subtree, in one query over the count rows in the roots' path ranges
    (ranges of the covering (path, status, members, in_transit) index: never the members, nor the
    organisations). A slow sum is kept for a while (module docstring)."""
    if not roots:
        return {}
    out: dict[int, Totals] = {}
    rolled = rollup.snapshot()
    if rolled is not None:  # the largest subtrees' figures, summed by the worker (sotay.members.rollup)
        for root in roots:
            if root.path in rolled.children_rolled:
                out[root.pk] = _from_rollup(rolled.figures[root.path], rolled.refreshed_at)
        roots = [root for root in roots if root.pk not in out]
        if not roots:
            return out
    key = "totals:" + ",".join(f"{root.pk}@{root.path}" for root in sorted(roots, key=lambda r: r.pk))
    return out | _kept_if_slow(key, lambda: _subtree_totals(roots))


def _from_rollup(figures: rollup.Figures, as_of: datetime.datetime) -> Totals:
    return Totals(
        by_status={status: members for status, (members, _) in figures.items()},
        in_transit=sum(t for status, (_, t) in figures.items() if status in ACTIVE_STATUSES),
        as_of=as_of,
    )


def _subtree_totals(roots: list[Org]) -> dict[int, Totals]:
    whens = {root.pk: Q(path__gte=root.path, path__lt=root.path_upper_bound) for root in roots}
    aggregates = {}
    for pk, q in whens.items():
        # One root: its range is the WHERE, so each row needs no second test (a nation's 470 k rows).
        inside = q if len(whens) > 1 else Q()
        aggregates[f"m{pk}"] = Sum("members", filter=inside or None, default=0)
        aggregates[f"t{pk}"] = Sum("in_transit", filter=inside & Q(status__in=ACTIVE_STATUSES), default=0)
    rows = OrgMemberCount.objects.filter(subtree_q(roots)).values("status").annotate(**aggregates).order_by()
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
    keyed by the node's path: one grouped query over the count rows in the path range, read from the
    covering (path, status, members, in_transit) index alone (ADR 0009). A slow sum is kept for a
    while (module docstring)."""
    prefix_len = parent_path_len + SEGMENT_WIDTH
    rolled = rollup.snapshot()
    if rolled is not None and prefix_len == len(within.path) + SEGMENT_WIDTH:
        children = rolled.children(within.path)
        if children is not None:  # a large node's children, summed by the worker (sotay.members.rollup)
            return {p: _from_rollup(figures, rolled.refreshed_at).active for p, figures in children.items()}
    key = f"children:{within.pk}@{within.path}:{prefix_len}"
    return _kept_if_slow(key, lambda: _active_by_child(prefix_len, within))


def _active_by_child(prefix_len: int, within: Org) -> dict[str, int]:
    rows = (
        OrgMemberCount.objects.filter(
            path__gte=within.path, path__lt=within.path_upper_bound, status__in=ACTIVE_STATUSES
        )
        .annotate(prefix=Substr("path", 1, prefix_len))
        .values_list("prefix")
        .annotate(n=Sum("members"))
        .values_list("prefix", "n")
        .order_by()
    )
    return {prefix: n or 0 for prefix, n in rows}


def rewrite_paths(sender: object, *, org: Org, old_path: str, **_: object) -> None:
    """`sotay.orgs.signals.subtree_moved`'s receiver (connected in `MembersConfig.ready`): the count
    rows of the moved subtree take its new paths, in the move's transaction."""
    OrgMemberCount.objects.filter(path__gte=old_path, path__lt=upper_bound(old_path)).update(
        path=moved_path(old_path, org.path)
    )


@dataclass(frozen=True)
class Drift:
    org_id: int
    status: str
    stored: tuple[int, int]
    actual: tuple[int, int]
    wrong_path: bool = False  # the row's copy of its organisation's path is not the path


@transaction.atomic
def recount(*, repair: bool = False, roots: list[Org] | None = None) -> list[Drift]:
    """Recompute every organisation's counts from the member table (reads it whole: a nightly job, not a
    page) and return the rows that differ, in their figures or in their copy of the organisation's
    path; with `repair`, make the stored rows match (one audit row). `roots` limits both sides to those
    subtrees (the bulk loader's last step, over what it loaded)."""
    members = Member.objects.all()
    stored_rows = OrgMemberCount.objects.all()
    if roots is not None:
        members = members.filter(subtree_q(roots, "org__path"))
        stored_rows = stored_rows.filter(subtree_q(roots))
    actual: dict[Key, tuple[int, int]] = {
        (r["org_id"], r["status"]): (r["n"], r["t"])
        for r in members.values("org_id", "status")
        .annotate(n=Count("id"), t=Count("in_transit_to"))
        .order_by()
    }
    stored: dict[Key, tuple[int, int]] = {}
    wrong_path: set[Key] = set()
    for org_id, status, n, t, path, org_path in stored_rows.values_list(
        "org_id", "status", "members", "in_transit", "path", "org__path"
    ):
        stored[(org_id, status)] = (n, t)
        if path != org_path:
            wrong_path.add((org_id, status))
    drift = [
        Drift(
            org_id=k[0],
            status=k[1],
            stored=stored.get(k, (0, 0)),
            actual=actual.get(k, (0, 0)),
            wrong_path=k in wrong_path,
        )
        for k in sorted(set(actual) | set(stored))
        if stored.get(k, (0, 0)) != actual.get(k, (0, 0)) or k in wrong_path
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
        wrong = sorted({d.org_id for d in drift if d.wrong_path})
        for start in range(0, len(wrong), 1000):
            OrgMemberCount.objects.filter(org_id__in=wrong[start : start + 1000]).update(
                path=Subquery(Org.objects.filter(pk=OuterRef("org_id")).values("path")[:1])
            )
        record(
            actor=None,
            action=AuditAction.UPDATE,
            object_type="member_counts",
            summary=f"Đếm lại số đảng viên: sửa {len(drift)} dòng lệch",
        )
    return drift
