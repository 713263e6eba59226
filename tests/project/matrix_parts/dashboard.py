"""The operations dashboard's patterns: ward 2's node, its data quality and report, and its lists."""

from __future__ import annotations

from typing import Any

from sotay.dashboard.facts import refresh


def _with_facts(kwargs: dict[str, Any]) -> dict[str, Any]:
    refresh()  # the pages read facts; the first call computes them, later ones rewrite nothing
    return kwargs


FILLERS = {
    "dashboard_node": lambda w: _with_facts({"pk": w.tree.ward2.pk}),
    "dashboard_refresh": lambda w: {"pk": w.tree.ward2.pk},
    "dashboard_quality": lambda w: _with_facts({"pk": w.tree.ward2.pk}),
    "dashboard_report": lambda w: _with_facts({"pk": w.tree.ward2.pk}),
    "dashboard_list": lambda w: _with_facts({"pk": w.tree.unit2.pk, "slug": "dang-sinh-hoat"}),
    "dashboard_list_export": lambda w: _with_facts({"pk": w.tree.unit2.pk, "slug": "chua-kich-hoat"}),
    "dashboard_no_meeting": lambda w: _with_facts({"pk": w.tree.ward2.pk}),
    "dashboard_no_meeting_export": lambda w: _with_facts({"pk": w.tree.ward2.pk}),
}
