"""The member counts of the largest subtrees, summed once a minute by the task worker.

A subtree's sum reads every count row in it (`sotay.members.counts`): a few thousand for a province, but
~470,000 for the nation, 75–150 ms on PostgreSQL (docs/deploy.md, "Counts over large subtrees"). The
nation's pages would pay that on every miss of the kept sums. Here `refresh()` (`sotay worker`, every
minute) writes `CountRollup` rows for every node whose subtree holds at least SOTAY_COUNT_ROLLUP_ROWS
count rows, and for each such node's children, walking down from the roots: one grouped query over the
whole table for the roots, then one over each large node's range. At the national registry that is the
nation and its 34 provinces, two passes.

`snapshot()` reads those rows (a few hundred) at most once every SOTAY_COUNT_ROLLUP_READ_SECONDS per
process; `sotay.members.counts` answers a large node's totals, and its children's, from it. A snapshot
older than SOTAY_COUNT_ROLLUP_MAX_AGE (the worker is down) is not used: the pages sum live again. The
figures of a large subtree are therefore as old as the last refresh (about a minute, plus the read
interval); every other subtree's are summed at the request, exact.

SOTAY_COUNT_ROLLUP_ROWS = 0 turns rollups off (the tests' default: no query for them on any page).
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from sotay.members.models import CountRollup, OrgMemberCount
from sotay.orgs.models import SEGMENT_WIDTH, upper_bound

# status -> (members, in transit)
Figures = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Snapshot:
    figures: dict[str, Figures]  # by node path
    children_rolled: frozenset[str]  # nodes whose children's figures are all here
    refreshed_at: datetime.datetime

    def children(self, path: str) -> dict[str, Figures] | None:
        """The figures of each child of `path` that has members, or None if they were not rolled up."""
        if path not in self.children_rolled:
            return None
        width = len(path) + SEGMENT_WIDTH
        return {p: f for p, f in self.figures.items() if len(p) == width and p.startswith(path)}


def enabled() -> bool:
    return settings.SOTAY_COUNT_ROLLUP_ROWS > 0


def _grouped(within: str | None, prefix_len: int) -> tuple[dict[str, Figures], dict[str, int]]:
    """Figures and count rows by path prefix of `prefix_len` characters, within `within`'s range."""
    rows = OrgMemberCount.objects.all()
    if within is not None:
        rows = rows.filter(path__gte=within, path__lt=upper_bound(within))
    figures: dict[str, Figures] = defaultdict(dict)
    sizes: dict[str, int] = defaultdict(int)
    for prefix, status, members, in_transit, n in (
        rows.annotate(prefix=Substr("path", 1, prefix_len))
        .values_list("prefix", "status")
        .annotate(m=Sum("members"), t=Sum("in_transit"), n=Count("id"))
        .values_list("prefix", "status", "m", "t", "n")
        .order_by()
    ):
        figures[prefix][status] = (members, in_transit)
        sizes[prefix] += n
    return figures, sizes


def refresh(now: datetime.datetime | None = None) -> int:
    """Rewrite the rollups from the count rows (one transaction: readers see the old snapshot or the
    new one). Returns how many nodes have rows. Does nothing when rollups are off."""
    if not enabled():
        return 0
    now = now or timezone.now()
    threshold = settings.SOTAY_COUNT_ROLLUP_ROWS
    roots, sizes = _grouped(None, SEGMENT_WIDTH)
    # Whole root segments only (a row whose path copy were empty would group under "": not a node).
    pending = [path for path, n in sizes.items() if n >= threshold and len(path) == SEGMENT_WIDTH]
    figures = {path: roots[path] for path in pending}
    rolled: set[str] = set()
    while pending:
        node = pending.pop()
        rolled.add(node)
        width = len(node) + SEGMENT_WIDTH
        below, sizes = _grouped(node, width)
        for child, child_figures in below.items():
            if len(child) != width:  # the node's own count rows (members held above the leaves)
                continue
            figures[child] = child_figures
            if sizes[child] >= threshold:
                pending.append(child)
    rows = [
        CountRollup(
            path=path,
            status=status,
            members=members,
            in_transit=in_transit,
            children_rolled=path in rolled,
            refreshed_at=now,
        )
        for path, by_status in sorted(figures.items())
        for status, (members, in_transit) in sorted(by_status.items())
    ]
    try:
        with transaction.atomic():
            CountRollup.objects.all().delete()
            CountRollup.objects.bulk_create(rows, batch_size=1000)
    except IntegrityError:  # another refresh wrote the same snapshot first
        return 0
    forget()
    return len(figures)


_kept: tuple[float, Snapshot | None] | None = None  # this process's last read: (monotonic time, snapshot)


def forget() -> None:
    """Drop this process's copy of the snapshot (after a refresh here, and in tests)."""
    global _kept
    _kept = None


def snapshot() -> Snapshot | None:
    """The current rollups, or None when they are off, absent or older than SOTAY_COUNT_ROLLUP_MAX_AGE."""
    global _kept
    if not enabled():
        return None
    now = time.monotonic()
    if _kept is not None and now - _kept[0] < settings.SOTAY_COUNT_ROLLUP_READ_SECONDS:
        return _kept[1]
    figures: dict[str, Figures] = defaultdict(dict)
    rolled: set[str] = set()
    refreshed: datetime.datetime | None = None
    for path, status, members, in_transit, children_rolled, at in CountRollup.objects.values_list(
        "path", "status", "members", "in_transit", "children_rolled", "refreshed_at"
    ):
        figures[path][status] = (members, in_transit)
        if children_rolled:
            rolled.add(path)
        refreshed = at if refreshed is None else min(refreshed, at)
    fresh = refreshed is not None and timezone.now() - refreshed <= datetime.timedelta(
        seconds=settings.SOTAY_COUNT_ROLLUP_MAX_AGE
    )
    kept = Snapshot(dict(figures), frozenset(rolled), refreshed) if fresh and refreshed else None
    _kept = (now, kept)
    return kept
