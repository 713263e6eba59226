"""The branches of a node that have not held this month's regular meeting on the app (from the facts):
keyset pages in path order, and the Excel export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import report_view
from sotay.dashboard import downloads
from sotay.dashboard.access import get_node_for_user, visible_ancestors
from sotay.dashboard.facts import last_refresh
from sotay.dashboard.models import BranchDay
from sotay.dashboard.queries import branches_without_meeting

PAGE_SIZE = 50
TITLE = downloads.NO_MEETING_TITLE


@login_required
@require_safe
@report_view
def no_meeting(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    node = get_node_for_user(request.user, pk)
    run = last_refresh()
    context: dict[str, Any] = {"node": node, "run": run, "title": TITLE}
    context["crumbs"] = visible_ancestors(request.user, node)
    if run is not None:
        after = request.GET.get("after", "")[:200]
        qs = branches_without_meeting(node, run.day)
        rows: list[BranchDay] = list(
            (qs.filter(path__gt=after) if after else qs).select_related("org")[: PAGE_SIZE + 1]
        )
        context.update(
            {
                "rows": rows[:PAGE_SIZE],
                "next_cursor": rows[PAGE_SIZE - 1].path if len(rows) > PAGE_SIZE else "",
                "first_page": not after,
            }
        )
    return render(request, "dashboard/no_meeting.html", context)


@login_required
@require_safe
@report_view
def no_meeting_export(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    got = downloads.no_meeting_file(by=request.user, node=get_node_for_user(request.user, pk))
    response = HttpResponse(got.content, content_type=downloads.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{got.filename}"'
    return response
