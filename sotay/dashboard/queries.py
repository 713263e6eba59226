"""Reading the facts: a node's figures, its children's, its history. Sums over BranchDay rows in the
node's path range on the (day, path) index — never the member table.

Each function is one query; the pages call these, never build their own.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Sum
from django.db.models.functions import Substr

from sotay.dashboard.facts import FIGURES
from sotay.dashboard.models import BranchDay
from sotay.orgs.models import SEGMENT_WIDTH, Org

Figures = dict[str, int]
_SUMS = {name: Sum(name, default=0) for name in FIGURES}


def _range(org: Org) -> dict[str, str]:
    return {"path__gte": org.path, "path__lt": org.path_upper_bound}


def node_figures(org: Org, day: datetime.date) -> Figures:
    """The subtree's totals on `day`: one aggregate over its branches' rows."""
    return BranchDay.objects.filter(day=day, **_range(org)).aggregate(**_SUMS)


def children_figures(org: Org, day: datetime.date) -> dict[str, Figures]:
    """Totals per child of `org`, keyed by the child's path: one grouped query."""
    width = len(org.path) + SEGMENT_WIDTH
    rows = (
        BranchDay.objects.filter(day=day, **_range(org))
        .annotate(prefix=Substr("path", 1, width))
        .values("prefix")
        .annotate(**_SUMS)
        .order_by()
    )
    out: dict[str, Figures] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        out[values.pop("prefix")] = values
    return out


def history(org: Org, since: datetime.date, until: datetime.date) -> list[tuple[datetime.date, Figures]]:
    """The subtree's totals for each day with facts in [since, until]: one grouped query."""
    rows = (
        BranchDay.objects.filter(day__gte=since, day__lte=until, **_range(org))
        .values("day")
        .annotate(**_SUMS)
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
