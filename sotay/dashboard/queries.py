"""Reading the facts: a node's figures, its children's, its history. A node's rollup rows (NodeDay) or
a leaf's own BranchDay rows, on their indexes — never the member table, never a node's every branch.

Each function is one or two queries; the pages call these, never build their own.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from sotay.dashboard.models import FIGURES, BranchDay, NodeDay
from sotay.orgs.models import Org

Figures = dict[str, int]


def _range(org: Org) -> dict[str, str]:
    return {"path__gte": org.path, "path__lt": org.path_upper_bound}


def node_figures(org: Org, day: datetime.date) -> Figures:
    """The subtree's totals on `day`: the node's rollup row, else (a node without one has no
    children: a branch, a leaf) its own row — zeros when it has none."""
    row = NodeDay.objects.filter(org=org, day=day).values(*FIGURES).first()
    if row is None:
        row = BranchDay.objects.filter(org=org, day=day).values(*FIGURES).first()
    return dict(row) if row is not None else dict.fromkeys(FIGURES, 0)


def children_figures(org: Org, day: datetime.date) -> dict[str, Figures]:
    """Totals per child of `org`, keyed by the child's path: the children's rollup rows, and the
    rows of the children that are leaves (two queries on the children's ids)."""
    out: dict[str, Figures] = {}
    for row in NodeDay.objects.filter(org__parent=org, day=day).values("org__path", *FIGURES):
        values: dict[str, Any] = dict(row)
        out[values.pop("org__path")] = values
    for row in BranchDay.objects.filter(org__parent=org, day=day).values("path", *FIGURES):
        values = dict(row)
        out.setdefault(values.pop("path"), values)
    return out


def history(org: Org, since: datetime.date, until: datetime.date) -> list[tuple[datetime.date, Figures]]:
    """The subtree's totals for each day with facts in [since, until]: the node's rollup rows (one
    per day), or for a leaf (a node without rollup rows has no children) its own rows, on the
    (org, day) index — a range of days on the (day, path) index would read every branch's rows."""
    rows = list(
        NodeDay.objects.filter(org=org, day__gte=since, day__lte=until)
        .values("day", *FIGURES)
        .order_by("day")
    )
    if not rows:
        rows = list(
            BranchDay.objects.filter(org=org, day__gte=since, day__lte=until)
            .values("day", *FIGURES)
            .order_by("day")
        )
    out = []
    for row in rows:
        values: dict[str, Any] = dict(row)
        out.append((values.pop("day"), values))
    return out


def nearest_day_before(day: datetime.date) -> datetime.date | None:
    """The newest day with facts on or before `day` (a trend's starting point)."""
    return BranchDay.objects.filter(day__lte=day).order_by("-day").values_list("day", flat=True).first()


def days_with_facts(since: datetime.date, until: datetime.date) -> list[datetime.date]:
    return list(
        BranchDay.objects.filter(day__gte=since, day__lte=until)
        .values_list("day", flat=True)
        .distinct()
        .order_by("day")
    )


def branches_without_meeting(org: Org, day: datetime.date) -> models.QuerySet[BranchDay]:
    """The branches in `org`'s subtree that had not held this month's regular meeting on `day`, in
    path order (the keyset of the drill-down list): the (day, path) index range."""
    return BranchDay.objects.filter(day=day, branches=1, held_regular=0, **_range(org)).order_by("path")
