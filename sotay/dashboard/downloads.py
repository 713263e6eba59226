"""The dashboard's Excel files as bytes, for the pages and the API alike: a drill-down list, the branches
without this month's meeting, the periodic report of a unit. The caller has checked the node's access;
each download is one audit row (names and phone numbers of others leave the server)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.http import Http404
from django.utils import timezone

from sotay.accounts.models import Registration, RegistrationState
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.campaign.queries import open_issues_in
from sotay.dashboard import league, meetings_table, queries
from sotay.dashboard.exports import branches_workbook, members_workbook, report_workbook
from sotay.dashboard.facts import last_refresh
from sotay.dashboard.funnel import funnel
from sotay.dashboard.lists import LISTS, members_of
from sotay.dashboard.models import BranchDay
from sotay.dashboard.queries import branches_without_meeting
from sotay.members.models import Member
from sotay.orgs.models import Org

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NO_MEETING_TITLE = "Chi bộ chưa sinh hoạt thường kỳ tháng này trên ứng dụng"
BAD_PERIOD = "Kỳ báo cáo phải từ ngày đầu đến ngày cuối, không quá một năm."
QUALITY = {
    "no_phone": "Chưa có số điện thoại",
    "pending_registrations": "Đăng ký chờ duyệt",
    "codes_unused": "Mã kích hoạt đã cấp, chưa dùng",
    "in_transit": "Đang chuyển sinh hoạt",
    "corrections_open": "Báo sai thông tin đang chờ xử lý",
    "corrections_overdue": "Báo sai thông tin quá hạn",
}


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str


def _bytes(book: Any) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def member_list_file(*, by: Any, node: Org, slug: str) -> Download:
    """The members behind a figure (`LISTS[slug]`; an unknown one: 404)."""
    if slug not in LISTS:
        raise Http404("Không có danh sách này.")
    which = LISTS[slug]
    qs = members_of(Member.objects.in_subtree(node), slug).select_related("org")
    now = timezone.localtime()
    book, n = members_workbook(
        qs.order_by("org__path", "name_key", "id"), title=which.title, node=node, now=now
    )
    content = _bytes(book)
    record(
        actor=by,
        action=AuditAction.EXPORT,
        object_type="dashboard_list",
        org=node,
        summary=f"Xuất Excel «{which.title}» — {node.name} ({n} người)"[:255],
    )
    return Download(content, f"{slug}-{node.pk}-{now:%Y%m%d}.xlsx")


def no_meeting_file(*, by: Any, node: Org) -> Download:
    """The branches of `node` without this month's regular meeting on the app, as of the last refresh."""
    run = last_refresh()
    now = timezone.localtime()
    qs = branches_without_meeting(node, run.day) if run else BranchDay.objects.none()
    book, n = branches_workbook(qs.select_related("org"), title=NO_MEETING_TITLE, node=node, now=now)
    content = _bytes(book)
    record(
        actor=by,
        action=AuditAction.EXPORT,
        object_type="dashboard_branches",
        org=node,
        summary=f"Xuất Excel «{NO_MEETING_TITLE}» — {node.name} ({n} chi bộ)"[:255],
    )
    return Download(content, f"chi-bo-chua-hop-{node.pk}-{now:%Y%m%d}.xlsx")


def period_is_bad(start: datetime.date, end: datetime.date) -> bool:
    return start > end or (end - start).days > 366


def report_file(*, by: Any, node: Org, start: datetime.date, end: datetime.date) -> Download:
    """The unit's report for [start, end] (checked by the caller with `period_is_bad`); no facts yet: 404."""
    run = last_refresh()
    if run is None:
        raise Http404("Chưa có số liệu.")
    now = timezone.localtime()
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
    content = _bytes(book)
    record(
        actor=by,
        action=AuditAction.EXPORT,
        object_type="dashboard_report",
        org=node,
        summary=f"Báo cáo điều hành {start:%d/%m/%Y}–{end:%d/%m/%Y} — {node.name}"[:255],
    )
    return Download(content, f"bao-cao-{node.pk}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")
