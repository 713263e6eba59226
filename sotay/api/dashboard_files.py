"""The dashboard's "refresh now" and its Excel files through the API, with the pages' access: a node
outside the caller's dashboard scope is a 404; refreshing is for the unit's staff (`can_refresh`), as
the page's button. The files are the pages' workbooks (`sotay.dashboard.downloads`), each download
audited once."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Schema, Status
from pydantic import Field

from sotay.accounts.permissions import report_view
from sotay.api.dashboard import router
from sotay.api.problems import problems
from sotay.core.errors import ActionError
from sotay.dashboard import downloads
from sotay.dashboard.access import can_refresh, get_node_for_user
from sotay.dashboard.facts import last_refresh
from sotay.dashboard.tasks import refresh_facts_task

FILE = {
    "responses": {200: {"description": "Tệp Excel (xlsx)", "content": {downloads.XLSX: {}}}},
}


class RefreshOut(Schema):
    queued: bool = Field(description="true: việc cập nhật đã được xếp hàng chạy nền.")
    day: datetime.date | None = Field(
        description="Ngày của lần cập nhật gần nhất đã xong (trong thử nghiệm: đã chạy ngay)."
    )


class PeriodParams(Schema):
    start: datetime.date | None = Field(None, description="Ngày đầu kỳ; trống: ngày 1 của tháng.")
    end: datetime.date | None = Field(None, description="Ngày cuối kỳ; trống: ngày có số liệu mới nhất.")


def _file(got: downloads.Download) -> HttpResponse:
    response = HttpResponse(got.content, content_type=downloads.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{got.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.post("/dashboard/{org_id}/refresh", response={202: RefreshOut, **problems(400, 401, 404, 422)})
def dashboard_refresh(request: HttpRequest, org_id: int) -> Status:
    """Ask for fresh facts now, as the page's button does (the background task; after the day's first
    refresh only the changed branches are recomputed). Not the unit's staff: 404."""
    node = get_node_for_user(request.user, org_id)
    if not can_refresh(request.user, node):
        raise Http404
    refresh_facts_task.enqueue(by_id=request.user.pk)
    run = last_refresh()
    return Status(202, {"queued": True, "day": run.day if run else None})


@router.get(
    "/dashboard/{org_id}/lists/{slug}/xlsx",
    response={200: bytes, **problems(400, 401, 404, 422)},
    openapi_extra=FILE,
)
@report_view
def dashboard_list_file(request: HttpRequest, org_id: int, slug: str) -> HttpResponse:
    """The members on a list (`/dashboard/{org_id}/lists/{slug}`) as the page's Excel file."""
    node = get_node_for_user(request.user, org_id)
    return _file(downloads.member_list_file(by=request.user, node=node, slug=slug))


@router.get(
    "/dashboard/{org_id}/branches-without-meeting/xlsx",
    response={200: bytes, **problems(400, 401, 404, 422)},
    openapi_extra=FILE,
)
@report_view
def dashboard_no_meeting_file(request: HttpRequest, org_id: int) -> HttpResponse:
    """The branches without this month's regular meeting on the app, as the page's Excel file."""
    node = get_node_for_user(request.user, org_id)
    return _file(downloads.no_meeting_file(by=request.user, node=node))


@router.get(
    "/dashboard/{org_id}/report/xlsx",
    response={200: bytes, **problems(400, 401, 404, 422)},
    openapi_extra=FILE,
)
@report_view
def dashboard_report_file(request: HttpRequest, org_id: int, params: Query[PeriodParams]) -> Any:
    """The unit's periodic report workbook for [start, end] (at most a year); no facts yet: 404."""
    node = get_node_for_user(request.user, org_id)
    run = last_refresh()
    if run is None:
        raise Http404
    start = params.start or run.day.replace(day=1)
    end = params.end or run.day
    if downloads.period_is_bad(start, end):
        raise ActionError({"start": [downloads.BAD_PERIOD]})
    return _file(downloads.report_file(by=request.user, node=node, start=start, end=end))
