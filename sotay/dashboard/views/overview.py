"""The dashboard of one node: its funnel, its child units' league table, its trend (facts only)."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST, require_safe

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import report_view
from sotay.dashboard import charts, league, meetings_table, queries
from sotay.dashboard.access import can_refresh, dashboard_roots, get_node_for_user, visible_ancestors
from sotay.dashboard.facts import last_refresh
from sotay.dashboard.funnel import fmt_percent, funnel, percent
from sotay.dashboard.models import FactsRefresh
from sotay.dashboard.tasks import refresh_facts_task
from sotay.dashboard.views import tables
from sotay.orgs.models import Org

TREND_DAYS = 30


def _threshold(raw: str, default: float, errors: list[str], name: str) -> float:
    if not raw:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = -1
    if not 0 <= value <= 100:
        errors.append(f"Ngưỡng «{raw[:20]}» ({name}) phải là một số từ 0 đến 100; đang dùng {default:g}%.")
        return default
    return value


def options(request: AuthedHttpRequest) -> dict[str, Any]:
    """The league table's choices from the query string; bad values fall back, with a message."""
    get, errors = request.GET, list[str]()
    measure = get.get("buoc", "signed_in")
    if measure not in league.MEASURES:
        measure = "signed_in"
    base = get.get("mau", "active")
    if base not in league.BASES:
        base = "active"
    sort = get.get("xep", "target")
    if sort not in league.SORTS:
        sort = "target"
    low = _threshold(get.get("nguong", ""), 50, errors, "ngưỡng thấp")
    high = _threshold(get.get("muc_tieu", ""), 80, errors, "mục tiêu")
    return {"measure": measure, "base": base, "sort": sort, "low": low, "high": high, "errors": errors}


@login_required
@require_safe
@report_view
def dashboard_home(request: AuthedHttpRequest) -> HttpResponse:
    roots = dashboard_roots(request.user)
    if not roots:
        raise Http404("Không có quyền xem trang điều hành.")
    return redirect("dashboard_node", pk=roots[0].pk)


@login_required
@require_safe
@report_view
def dashboard_node(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    node = get_node_for_user(request.user, pk)
    run = last_refresh()
    opts = options(request)
    context: dict[str, Any] = {
        "node": node,
        "run": run,
        "opts": opts,
        "crumbs": visible_ancestors(request.user, node),
        "can_refresh": can_refresh(request.user, node),
        "measures": league.MEASURES,
        "bases": league.BASES,
    }
    if run is None:
        return render(request, "dashboard/node.html", context)
    # The body is the same for everyone allowed to see the node: the facts of one refresh, the node's
    # child units and the query string decide it. It is kept, so staff reloading a province's page
    # on meeting day do not each pay for its ~15 ms of tables and charts (issue 12).
    context["day"] = run.day  # the header says which day's figures these are
    children = list(
        Org.objects.filter(parent=node).order_by("name").values_list("pk", "name", "path", "type")
    )
    key = body_key(node.pk, run, children, request.GET.urlencode())
    cache = caches["pages"]
    body = cache.get(key)
    if body is None:
        shared = {"node": node, "opts": opts, "measures": league.MEASURES, "bases": league.BASES}
        body = render_to_string("dashboard/node.html#body", {**shared, **_body(node, run.day, request, opts)})
        cache.set(key, body)  # for SOTAY_PAGE_CACHE_SECONDS: a new refresh is a new key anyway
    context["body"] = mark_safe(body)  # rendered (and escaped) by the template engine above
    return render(request, "dashboard/node.html", context)


def body_key(node_pk: int, run: FactsRefresh, children: list[tuple[Any, ...]], query: str) -> str:
    """Everything the body depends on: the refresh (a new one is a new key), the child units as they
    are now (a renamed or moved unit is a new key) and the whole query string (its links carry it)."""
    raw = repr((node_pk, run.pk, run.finished_at, children, query))
    return "dashboard-node:" + hashlib.sha256(raw.encode()).hexdigest()


def _body(node: Org, day: datetime.date, request: AuthedHttpRequest, opts: dict[str, Any]) -> dict[str, Any]:
    """The figures, tables and charts of the node's page on `day` (the part kept by `body_key`)."""
    fig = queries.node_figures(node, day)
    steps = funnel(fig)
    children = list(Org.objects.filter(parent=node).only("pk", "name", "path", "type").order_by("name"))
    table: list[league.LeagueRow] = []
    child_figs: dict[str, queries.Figures] = {}
    if children:
        start = queries.nearest_day_before(day - datetime.timedelta(days=TREND_DAYS))
        before = queries.children_figures(node, start) if start and start != day else {}
        child_figs = queries.children_figures(node, day)
        table = league.rows(
            children,
            child_figs,
            before,
            measure=opts["measure"],
            base=opts["base"],
        )
        table = league.order(table, opts["sort"], opts["high"])
    history = queries.history(node, day - datetime.timedelta(days=TREND_DAYS), day)
    points = [(d, percent(f.get(opts["measure"], 0), f.get(opts["base"], 0))) for d, f in history]
    # The headline and the count below target cover every unit; the table, its chart and the
    # meetings table show a page of them (units below target first, by default).
    league_page = tables.page_of(table, request.GET.get("page"))
    meetings_rows = meetings_table.rows(children, child_figs)
    meetings_page = tables.page_of(meetings_rows, request.GET.get("trang_sh"))
    return {
        "day": day,
        "fig": fig,
        "steps": steps,
        "funnel_chart": charts.funnel_bars(steps),
        "table": table,
        "league_page": league_page,
        "league_cells": tables.league_cells(
            list(league_page),
            measure=opts["measure"],
            target=opts["high"],
            query=tables.query_without(request.GET, "page", "trang_sh"),
        ),
        "league_query": tables.query_without(request.GET, "page"),
        "league_chart": charts.league_bars(list(league_page), opts["high"]) if table else "",
        "headline": league.headline(
            table, measure=opts["measure"], base=opts["base"], low=opts["low"], high=opts["high"]
        )
        if table
        else "",
        "below": league.below_target(table, opts["high"]),
        "meetings": meetings_table.MeetingsRow(fig=fig),
        "meetings_page": meetings_page,
        "meetings_cells": tables.meetings_cells(list(meetings_page)),
        "meetings_query": tables.query_without(request.GET, "trang_sh"),
        "points": [(d, fmt_percent(v)) for d, v in points],
        "trend_chart": charts.trend_chart(points),
    }


@login_required
@require_POST
def dashboard_refresh(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Staff ask for fresh facts now (the background task; at once in tests and the demo). The facts
    are refreshed for every changed branch, but only staff of a unit may ask, from its page."""
    node = get_node_for_user(request.user, pk)
    if not can_refresh(request.user, node):
        raise Http404("Không có quyền cập nhật số liệu.")
    refresh_facts_task.enqueue(by_id=request.user.pk)
    messages.success(request, "Đã yêu cầu cập nhật số liệu; số mới có sau khi việc chạy xong.")
    return redirect("dashboard_node", pk=node.pk)
