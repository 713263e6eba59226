"""The per-node daily rollup (NodeDay): each node's branches' rows of a day, summed once by the refresh.

A node's 30-day trend then reads 30 rows, and a node's children's totals one row each, where summing
BranchDay at the root would read 30 days × every branch. Rewritten whole for the day after every
refresh (one grouped query per depth of the tree, over the day's rows on the (day, path) index).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Exists, OuterRef, Sum
from django.db.models.functions import Substr

from sotay.dashboard import sqlwrite
from sotay.dashboard.models import FIGURES, BranchDay, NodeDay
from sotay.orgs.models import Org, path_prefixes

CHUNK = 5000  # paths per lookup
SUMS = {name: Sum(name, default=0) for name in FIGURES}


def write(day: datetime.date, now: datetime.datetime) -> int:
    """Rewrite `day`'s NodeDay rows for every node that has children. Returns how many were written."""
    parents = Org.objects.filter(Exists(Org.objects.filter(parent=OuterRef("pk"))))
    by_length: dict[int, dict[str, int]] = defaultdict(dict)
    for parent_pk, path in parents.values_list("pk", "path"):
        by_length[len(path)][path] = parent_pk
    rows = []
    for length, nodes in sorted(by_length.items()):
        for row in (
            BranchDay.objects.filter(day=day)
            .annotate(prefix=Substr("path", 1, length))
            .values("prefix")
            .annotate(**SUMS)
            .order_by()
        ):
            values: dict[str, Any] = dict(row)
            pk = nodes.get(values.pop("prefix"))
            if pk is not None:
                rows.append(NodeDay(org_id=pk, day=day, refreshed_at=now, **values))
    NodeDay.objects.filter(day=day).delete()
    NodeDay.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _nodes_above(diffs: dict[str, dict[str, int]]) -> dict[str, int]:
    """Path → id of the nodes with children among the changed rows' paths and their prefixes (the
    ancestors): index probes by path for those paths only, not a pass over every organisation."""
    candidates = sorted({prefix for path in diffs for prefix in path_prefixes(path)})
    nodes: dict[str, int] = {}
    for start in range(0, len(candidates), CHUNK):
        nodes.update(
            (path, pk)
            for pk, path in Org.objects.filter(path__in=candidates[start : start + CHUNK])
            .filter(Exists(Org.objects.filter(parent=OuterRef("pk"))))
            .values_list("pk", "path")
            .order_by()
        )
    return nodes


def apply(day: datetime.date, now: datetime.datetime, diffs: dict[str, dict[str, int]]) -> int:
    """Add the differences of changed branch rows (by the branch's path) to `day`'s NodeDay rows of
    their ancestors (and of themselves, when they have children): the rows a full `write` would sum
    to. Updates only those nodes' rows, in place. Returns how many were rewritten."""
    if not diffs:
        return 0
    nodes = _nodes_above(diffs)
    totals: dict[int, dict[str, int]] = defaultdict(dict)
    for path, diff in diffs.items():
        for prefix in path_prefixes(path):
            pk = nodes.get(prefix)
            if pk is not None:
                for name, value in diff.items():
                    totals[pk][name] = totals[pk].get(name, 0) + value
    # In place: each node's row gets its differences added (one UPDATE … FROM VALUES per few thousand
    # nodes); a node without a row yet today gets one.
    columns = sorted({name for total in totals.values() for name in total}, key=FIGURES.index)
    found = sqlwrite.update(NodeDay, day, totals, columns, now, add=True)
    NodeDay.objects.bulk_create(
        [
            NodeDay(org_id=pk, day=day, refreshed_at=now, **(dict.fromkeys(FIGURES, 0) | total))
            for pk, total in totals.items()
            if pk not in found
        ],
        batch_size=2000,
    )
    return len(totals)
