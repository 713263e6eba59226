"""Data quality per unit (a scorecard) and the periodic report workbook of a unit."""

from __future__ import annotations

import datetime
from io import BytesIO
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.models import Registration, RegistrationState
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.campaign.queries import open_issues_in
from sotay.dashboard import league, meetings_table, queries
from sotay.dashboard.access import get_node_for_user, visible_ancestors
from sotay.dashboard.exports import report_workbook
from sotay.dashboard.facts import last_refresh
from sotay.dashboard.funnel import Figures, funnel, percent
from sotay.dashboard.views import tables
from sotay.orgs.models import Org

QUALITY = {
    "no_phone": "Chưa có số điện thoại",
    "pending_registrations": "Đăng ký chờ duyệt",
    "codes_unused": "Mã kích hoạt đã cấp, chưa dùng",
    "in_transit": "Đang chuyển sinh hoạt",
    "corrections_open": "Báo sai thông tin đang chờ xử lý",
    "corrections_overdue": "Báo sai thông tin quá hạn",
}


def score(fig: Figures) -> float:
    """Problems per 100 active members (lower is better): the scorecard's order."""
    problems = (
        fig.get("no_phone", 0) + fig.get("pending_registrations", 0) + fig.get("corrections_overdue", 0)
    )
    return percent(problems, fig.get("active", 0)) or 0.0


@login_required
@require_safe
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
    if start > end or (end - start).days > 366:
        raise Http404("Kỳ báo cáo phải từ ngày đầu đến ngày cuối, không quá một năm.")
    return start, end


@login_required
@require_safe
def report(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    node = get_node_for_user(request.user, pk)
    run = last_refresh()
    if run is None:
        raise Http404("Chưa có số liệu.")
    now = timezone.localtime()
    start, end = _period(request, run.day)
    end_day = queries.nearest_day_before(end) or run.day
    start_day = queries.nearest_day_before(start)
    fig_end = queries.node_figures(node, end_day)
    children = list(Org.objects.filter(parent=node).order_by("name"))
    table = league.rows(
        children,
        queries.children_figures(node, end_day) if children else {},
        queries.children_figures(node, start_day) if children and start_day else {},
        measure="signed_in",
        base="active",
    )
    decided = Registration.objects.in_subtrees([node]).filter(
        decided_at__date__gte=start, decided_at__date__lte=end
    )
    approvals = {
        "Đã duyệt": decided.filter(state=RegistrationState.APPROVED).count(),
        "Từ chối": decided.filter(state=RegistrationState.REJECTED).count(),
        "Đang chờ duyệt (cuối kỳ)": fig_end.get("pending_registrations", 0),
    }
    issues = open_issues_in(node)
    quality_rows = {label: fig_end.get(key, 0) for key, label in QUALITY.items()}
    quality_rows["Lỗi chưa xử lý (chiến dịch gần nhất)"] = sum(issues.errors_by_rule.values())
    quality_rows["Cặp trùng chưa xử lý"] = issues.duplicates
    quality_rows["Lỗi về số CCCD chưa xử lý"] = issues.no_cccd
    held = meetings_table.MeetingsRow(fig=fig_end)
    meetings: dict[str, str | int] = {
        "Chi bộ đã sinh hoạt thường kỳ trên ứng dụng (tháng cuối kỳ)": f"{held.held}/{held.branches}",
        "Tỉ lệ": held.held_text,
        "Tỉ lệ có mặt": held.attendance_text,
        "Đảng viên đã mở tài liệu buổi sinh hoạt": (
            f"{fig_end.get('documents_opened', 0)}/{fig_end.get('documents_due', 0)}"
        ),
    }
    meetings.update({label: n for _key, label, n in held.flags})
    book = report_workbook(
        node=node,
        start=start,
        end=end,
        now=now,
        funnel_end=funnel(fig_end),
        funnel_start=funnel(queries.node_figures(node, start_day)) if start_day else None,
        table=table,
        quality=quality_rows,
        approvals=approvals,
        meetings=meetings,
    )
    buffer = BytesIO()
    book.save(buffer)
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="dashboard_report",
        org=node,
        summary=f"Báo cáo điều hành {start:%d/%m/%Y}–{end:%d/%m/%Y} — {node.name}"[:255],
    )
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="bao-cao-{node.pk}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    )
    return response
