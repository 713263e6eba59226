"""The dashboard through the API, for staff and branch committees, scoped like the pages (a node outside
the caller's subtree is a 404): a node's funnel, its child units' league table, the meetings and
data-quality figures (all from the facts of the last refresh, as the pages), and the drill-down lists
(members on a list, with the phone number as the list page shows it; branches without this month's
meeting). Tables of child units are ordered in memory as on the page: their cursor is an offset."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from sotay.accounts.permissions import report_view
from sotay.api.pagination import BAD_CURSOR, CursorParams, decode_cursor, encode_cursor, member_page
from sotay.api.problems import problems
from sotay.api.schemas import OrgRef, Page
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.http import int_param
from sotay.dashboard import league, meetings_table, queries
from sotay.dashboard.access import get_node_for_user
from sotay.dashboard.downloads import QUALITY
from sotay.dashboard.facts import last_refresh
from sotay.dashboard.funnel import Figures, funnel, percent
from sotay.dashboard.lists import LISTS, members_of
from sotay.members.models import Member
from sotay.orgs.models import Org

router = Router(tags=["dashboard"])
PAGE_SIZE = 50


class FunnelStepOut(Schema):
    key: str = Field(description="Chỉ số (active, eligible, entitled, reached, activated, …).")
    label: str = Field(title="Bước")
    count: int = Field(title="Số người")
    of_active: float | None = Field(title="% trên số đang sinh hoạt")
    of_eligible: float | None = Field(title="% trên số thuộc diện")
    flags: list[str] = Field(title="Số liệu không thể đúng, giải thích")
    missing_list: str | None = Field(description="Danh sách những người chưa tới bước này (slug) hoặc null.")


class NodeOut(Schema):
    node: OrgRef
    day: datetime.date | None = Field(title="Số liệu ngày", description="null: chưa có số liệu.")
    figures: dict[str, int] = Field(title="Các chỉ số của cây con")
    funnel: list[FunnelStepOut]


class LeagueParams(CursorParams):
    measure: Literal[tuple(league.MEASURES)] = "signed_in"  # type: ignore[valid-type]
    base: Literal[tuple(league.BASES)] = "active"  # type: ignore[valid-type]
    sort: Literal[league.SORTS] = "target"  # type: ignore[valid-type]
    low: float = Field(50, ge=0, le=100, description="Ngưỡng thấp (%).")
    high: float = Field(80, ge=0, le=100, description="Mục tiêu (%).")


class LeagueRowOut(Schema):
    org: OrgRef
    share: float | None = Field(title="Tỉ lệ (%)")
    before: float | None = Field(title="Tỉ lệ 30 ngày trước (%)")
    trend: float | None = Field(title="Thay đổi (điểm %)")
    figures: dict[str, int]


class LeaguePage(Page[LeagueRowOut]):
    headline: str = Field(title="Tóm tắt")
    below_target: int = Field(title="Số đơn vị dưới mục tiêu")


class FlagOut(Schema):
    key: str
    label: str
    count: int


class MeetingsOut(Schema):
    org: OrgRef | None = Field(description="null ở dòng của chính đơn vị.")
    branches: int = Field(title="Số chi bộ")
    held: int = Field(title="Đã sinh hoạt thường kỳ tháng này trên ứng dụng")
    held_share: float | None = Field(title="Tỉ lệ (%)")
    attendance_share: float | None = Field(title="Tỉ lệ có mặt (%)")
    flags: list[FlagOut]


class MeetingsPage(Page[MeetingsOut]):
    day: datetime.date | None
    node: MeetingsOut


class QualityRowOut(Schema):
    org: OrgRef | None = Field(description="null ở dòng của chính đơn vị.")
    score: float = Field(title="Số vấn đề trên 100 đảng viên (thấp là tốt)")
    figures: list[FlagOut]


class QualityPage(Page[QualityRowOut]):
    day: datetime.date | None
    node: QualityRowOut


class MemberRowOut(Schema):
    id: int
    code: str = Field(title="Số thẻ đảng viên")
    full_name: str = Field(title="Họ và tên")
    branch: OrgRef = Field(title="Chi bộ")
    phone: str = Field(title="Số điện thoại", description="Như trang danh sách hiển thị; trống: chưa có.")
    status: str = Field(title="Tình trạng")
    in_transit: bool = Field(title="Đang chuyển sinh hoạt")


class BranchRowOut(Schema):
    id: int = Field(description="Id của chi bộ.")
    name: str = Field(title="Chi bộ")
    members: int = Field(title="Đảng viên đang sinh hoạt")


def _ref(org: Org) -> dict[str, Any]:
    return {"id": org.pk, "name": org.name}


def _day() -> datetime.date | None:
    run = last_refresh()
    return run.day if run else None


def _offset_page(rows: list[Any], cursor: str | None) -> tuple[list[Any], str | None]:
    raw = decode_cursor(cursor) or "0"
    if int_param(raw) is None or int(raw) > 10**6:
        raise HttpError(400, BAD_CURSOR)
    start = int(raw)
    more = start + PAGE_SIZE < len(rows)
    return rows[start : start + PAGE_SIZE], encode_cursor(str(start + PAGE_SIZE)) if more else None


@router.get("/dashboard/{org_id}", response={200: NodeOut, **problems(400, 401, 404, 422)})
@report_view
def dashboard_funnel(request: HttpRequest, org_id: int) -> dict[str, Any]:
    """A node's figures and adoption funnel (each step's share of the active and of the eligible
    members, and the figures that cannot be right, explained), as of the last refresh."""
    node = get_node_for_user(request.user, org_id)
    day = _day()
    fig: Figures = queries.node_figures(node, day) if day else {}
    steps = [
        {
            "key": r.step.key,
            "label": r.step.label,
            "count": r.count,
            "of_active": r.of_active,
            "of_eligible": r.of_eligible,
            "flags": r.flags,
            "missing_list": r.step.missing_list or None,
        }
        for r in (funnel(fig) if day else [])
    ]
    return {"node": _ref(node), "day": day, "figures": fig, "funnel": steps}


@router.get("/dashboard/{org_id}/league", response={200: LeaguePage, **problems(400, 401, 404, 422)})
@report_view
def dashboard_league(request: HttpRequest, org_id: int, params: Query[LeagueParams]) -> dict[str, Any]:
    """The node's child units on one funnel step over a base, ordered as on the page (default: those
    below the target first), with the share 30 days before and the headline sentence."""
    node = get_node_for_user(request.user, org_id)
    day = _day()
    children = list(Org.objects.filter(parent=node).order_by("name")) if day else []
    table: list[league.LeagueRow] = []
    if day and children:
        start = queries.nearest_day_before(day - datetime.timedelta(days=30))
        before = queries.children_figures(node, start) if start and start != day else {}
        now = queries.children_figures(node, day)
        table = league.rows(children, now, before, measure=params.measure, base=params.base)
        table = league.order(table, params.sort, params.high)
    rows, following = _offset_page(table, params.cursor)
    items = [
        {"org": _ref(r.org), "share": r.share, "before": r.before, "trend": r.trend, "figures": r.fig}
        for r in rows
    ]
    headline = (
        league.headline(table, measure=params.measure, base=params.base, low=params.low, high=params.high)
        if table
        else ""
    )
    below = league.below_target(table, params.high)
    return {"items": items, "next": following, "headline": headline, "below_target": below}


def _meetings_out(row: meetings_table.MeetingsRow) -> dict[str, Any]:
    return {
        "org": _ref(row.org) if row.org else None,
        "branches": row.branches,
        "held": row.held,
        "held_share": percent(row.held, row.branches),
        "attendance_share": percent(
            row.fig.get("attendance_present", 0), row.fig.get("attendance_marked", 0)
        ),
        "flags": [{"key": k, "label": label, "count": n} for k, label, n in row.flags],
    }


@router.get("/dashboard/{org_id}/meetings", response={200: MeetingsPage, **problems(400, 401, 404, 422)})
@report_view
def dashboard_meetings(request: HttpRequest, org_id: int, params: Query[CursorParams]) -> dict[str, Any]:
    """This month's regular meetings held on the app, attendance and compliance flags: the node's, and
    per child unit with branches (fewest held first)."""
    node = get_node_for_user(request.user, org_id)
    day = _day()
    fig: Figures = queries.node_figures(node, day) if day else {}
    children = list(Org.objects.filter(parent=node).order_by("name")) if day else []
    figs = queries.children_figures(node, day) if day and children else {}
    rows, following = _offset_page(meetings_table.rows(children, figs), params.cursor)
    return {
        "items": [_meetings_out(r) for r in rows],
        "next": following,
        "day": day,
        "node": _meetings_out(meetings_table.MeetingsRow(fig=fig)),
    }


def _score(fig: Figures) -> float:
    """Problems per 100 active members (the scorecard's order on the page)."""
    problems_ = (
        fig.get("no_phone", 0) + fig.get("pending_registrations", 0) + fig.get("corrections_overdue", 0)
    )
    return percent(problems_, fig.get("active", 0)) or 0.0


def _quality_out(org: Org | None, fig: Figures) -> dict[str, Any]:
    return {
        "org": _ref(org) if org else None,
        "score": _score(fig),
        "figures": [{"key": k, "label": label, "count": fig.get(k, 0)} for k, label in QUALITY.items()],
    }


@router.get("/dashboard/{org_id}/quality", response={200: QualityPage, **problems(400, 401, 404, 422)})
@report_view
def dashboard_quality(request: HttpRequest, org_id: int, params: Query[CursorParams]) -> dict[str, Any]:
    """Data quality: the node's figures and its child units', most problems per 100 members first."""
    node = get_node_for_user(request.user, org_id)
    day = _day()
    children = list(Org.objects.filter(parent=node).order_by("name")) if day else []
    figs = queries.children_figures(node, day) if day and children else {}
    scored = sorted(
        ((_score(figs.get(c.path, {})), c) for c in children), key=lambda sc: (-sc[0], sc[1].name)
    )
    rows, following = _offset_page([c for _s, c in scored], params.cursor)
    return {
        "items": [_quality_out(c, figs.get(c.path, {})) for c in rows],
        "next": following,
        "day": day,
        "node": _quality_out(None, queries.node_figures(node, day) if day else {}),
    }


@router.get(
    "/dashboard/{org_id}/lists/{slug}", response={200: Page[MemberRowOut], **problems(400, 401, 404, 422)}
)
@report_view
def dashboard_list(
    request: HttpRequest,
    org_id: int,
    slug: str,
    params: Query[CursorParams],
) -> dict[str, Any]:
    """The members behind a figure (the funnel's `missing_list`, or a list such as `khong-sdt`), in the
    list page's order. Names and phone numbers of others: the read is logged, as the page's is."""
    node = get_node_for_user(request.user, org_id)
    if slug not in LISTS:
        raise Http404
    qs = members_of(Member.objects.in_subtree(node), slug).select_related("org")
    rows, following = member_page(qs, cursor=params.cursor)
    record(
        actor=request.user,  # type: ignore[arg-type]
        action=AuditAction.SEARCH,
        object_type="dashboard_list",
        org=node,
        summary=f"Điều hành (API): danh sách «{LISTS[slug].title}» — {node.name}"[:255],
    )
    items = [
        {
            "id": m.pk,
            "code": m.code,
            "full_name": m.full_name,
            "branch": _ref(m.org),
            "phone": m.phone,
            "status": m.status,
            "in_transit": m.in_transit_to_id is not None,
        }
        for m in rows
    ]
    return {"items": items, "next": following}


@router.get(
    "/dashboard/{org_id}/branches-without-meeting",
    response={200: Page[BranchRowOut], **problems(400, 401, 404, 422)},
)
@report_view
def dashboard_no_meeting(request: HttpRequest, org_id: int, params: Query[CursorParams]) -> dict[str, Any]:
    """The branches of the node's subtree that had not held this month's regular meeting on the app
    (as of the last refresh), in tree order."""
    node = get_node_for_user(request.user, org_id)
    day = _day()
    if day is None:
        return {"items": [], "next": None}
    qs = queries.branches_without_meeting(node, day).select_related("org")
    after = decode_cursor(params.cursor)
    if after is not None and not after.isdigit():
        raise HttpError(400, BAD_CURSOR)
    rows = list((qs.filter(path__gt=after) if after else qs)[: PAGE_SIZE + 1])
    following = encode_cursor(rows[PAGE_SIZE - 1].path) if len(rows) > PAGE_SIZE else None
    items = [{"id": r.org_id, "name": r.org.name, "members": r.active} for r in rows[:PAGE_SIZE]]
    return {"items": items, "next": following}
