"""Data quality per unit (a scorecard) and the periodic report workbook of a unit."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import report_view
from sotay.campaign.queries import open_issues_in
from sotay.dashboard import downloads, queries
from sotay.dashboard.access import get_node_for_user, visible_ancestors
from sotay.dashboard.downloads import QUALITY
from sotay.dashboard.facts import last_refresh
from sotay.dashboard.funnel import Figures, percent
from sotay.dashboard.views import tables
from sotay.orgs.models import Org


def score(fig: Figures) -> float:
    """Problems per 100 active members (lower is better): the scorecard's order."""
    problems = (
        fig.get("no_phone", 0) + fig.get("pending_registrations", 0) + fig.get("corrections_overdue", 0)
    )
    return percent(problems, fig.get("active", 0)) or 0.0


@login_required
@require_safe
@report_view
def quality(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    node = get_node_for_user(request.user, pk)
    run = last_refresh()
    context: dict[str, Any] = {"node": node, "run": run, "crumbs": visible_ancestors(request.user, node)}
    if run is not None:
        children = list(Org.objects.filter(parent=node).order_by("name"))
        figs = queries.children_figures(node, run.day) if children else {}
        scored = sorted(
            ((score(figs.get(c.path, {})), c) for c in children), key=lambda sc: (-sc[0], sc[1].name)
        )
        rows = [{"org": c, "fig": figs.get(c.path, {}), "score": s} for s, c in scored]
        page = tables.page_of(rows, request.GET.get("page"))
        context.update(
            {
                "fig": queries.node_figures(node, run.day),
                "rows": rows,
                "page": page,
                "cells": tables.quality_cells(list(page), QUALITY),
                "query": tables.query_without(request.GET, "page"),
                "labels": QUALITY,
                "issues": open_issues_in(node),
            }
        )
    return render(request, "dashboard/quality.html", context)


def _period(request: AuthedHttpRequest, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """?tu=YYYY-MM-DD&den=YYYY-MM-DD, or the current month; a bad range is a 404 with its reason."""
    start, end = today.replace(day=1), today
    try:
        if raw := request.GET.get("tu", ""):
            start = datetime.date.fromisoformat(raw[:10])
        if raw := request.GET.get("den", ""):
            end = datetime.date.fromisoformat(raw[:10])
    except ValueError as exc:
        raise Http404("Ngày không hợp lệ (dạng năm-tháng-ngày, ví dụ 2026-11-01).") from exc
    if downloads.period_is_bad(start, end):
        raise Http404(downloads.BAD_PERIOD)
    return start, end


@login_required
@require_safe
@report_view
def report(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    node = get_node_for_user(request.user, pk)
    run = last_refresh()
    if run is None:
        raise Http404("Chưa có số liệu.")
    start, end = _period(request, run.day)
    got = downloads.report_file(by=request.user, node=node, start=start, end=end)
    response = HttpResponse(got.content, content_type=downloads.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{got.filename}"'
    return response
