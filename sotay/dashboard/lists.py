"""The lists behind the numbers: which members a drill-down link names, as a Member queryset filter.

Each list is the same definition as the figure it explains (sotay.dashboard.facts.compute), so the
list's length is the number on the page (as of the last refresh).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sotay.accounts.models import ActivationCode, Registration, RegistrationState, User
from sotay.dashboard.facts import ACTIVE_DAYS
from sotay.dashboard.meeting_facts import checked_in, month_meetings
from sotay.handbook.models import Entitlement
from sotay.meetings.models import Attendance, Document, DocumentRead
from sotay.members.models import ACTIVE_STATUSES, HANDBOOK_STATUSES, MemberQuerySet, MemberStatus
from sotay.usage.models import DailyActivity


@dataclass(frozen=True)
class MemberList:
    slug: str
    title: str
    figure: str  # the BranchDay figure it explains ("" when it is a complement)


LISTS: dict[str, MemberList] = {
    m.slug: m
    for m in (
        MemberList("dang-sinh-hoat", "Đảng viên đang sinh hoạt", "active"),
        MemberList("mien-sinh-hoat", "Đảng viên miễn sinh hoạt", "exempted"),
        MemberList("dang-chuyen", "Đảng viên đang chuyển sinh hoạt đi", "in_transit"),
        MemberList("chua-dong-bo", "Thuộc diện nhưng chưa đồng bộ sang Sổ tay", ""),
        MemberList("chua-dang-ky", "Chưa đăng ký, chưa được cấp mã kích hoạt", ""),
        MemberList("chua-kich-hoat", "Thuộc diện nhưng chưa kích hoạt tài khoản", ""),
        MemberList("chua-dang-nhap", "Đã có tài khoản nhưng chưa đăng nhập lần nào", ""),
        MemberList("khong-hoat-dong", "Có tài khoản nhưng không hoạt động 30 ngày qua", ""),
        MemberList("chua-diem-danh", "Chưa điểm danh trên ứng dụng tại buổi sinh hoạt nào 30 ngày qua", ""),
        MemberList("khong-sdt", "Đảng viên chưa có số điện thoại", "no_phone"),
        MemberList("chua-mo-tai-lieu", "Chưa mở tài liệu của buổi sinh hoạt tháng này", ""),
    )
}


def _account() -> Exists:
    return Exists(User.objects.filter(member=OuterRef("pk"), is_active=True))


def members_of(qs: MemberQuerySet, slug: str, now: datetime.datetime | None = None) -> MemberQuerySet:
    """`qs` (already scoped to a subtree) narrowed to list `slug`. Raises KeyError for an unknown one."""
    LISTS[slug]
    now = now or timezone.now()
    eligible = Q(status__in=HANDBOOK_STATUSES)
    active = Q(status__in=ACTIVE_STATUSES)
    if slug == "dang-sinh-hoat":
        return qs.filter(active)
    if slug == "mien-sinh-hoat":
        return qs.filter(status=MemberStatus.MIEN_SINH_HOAT)
    if slug == "dang-chuyen":
        return qs.filter(active, in_transit_to__isnull=False)
    if slug == "chua-dong-bo":
        return qs.filter(eligible).exclude(
            Exists(Entitlement.objects.filter(member=OuterRef("pk"), active=True))
        )
    if slug == "chua-dang-ky":
        registration = Exists(
            Registration.objects.filter(
                member=OuterRef("pk"), state__in=[RegistrationState.PENDING, RegistrationState.APPROVED]
            )
        )
        code = Exists(ActivationCode.objects.filter(member=OuterRef("pk"), revoked_at__isnull=True))
        return qs.filter(eligible).exclude(_account() | registration | code)
    if slug == "chua-kich-hoat":
        return qs.filter(eligible).exclude(_account())
    if slug == "chua-dang-nhap":
        return qs.filter(
            Exists(User.objects.filter(member=OuterRef("pk"), is_active=True, last_login__isnull=True))
        )
    if slug == "khong-hoat-dong":
        since = timezone.localdate(now) - datetime.timedelta(days=ACTIVE_DAYS - 1)
        recent = Exists(DailyActivity.objects.filter(user__member=OuterRef("pk"), day__gte=since))
        return qs.filter(_account()).exclude(recent)
    if slug == "chua-diem-danh":
        checked = Exists(Attendance.objects.filter(checked_in(now), member=OuterRef("pk")))
        return qs.filter(active).exclude(checked)
    if slug == "chua-mo-tai-lieu":
        # As `documents_due` less `documents_opened`: in a branch whose meetings of this month carry
        # documents, no document of them opened.
        due = Exists(Document.objects.filter(month_meetings(now), meeting__branch_id=OuterRef("org_id")))
        opened = Exists(
            DocumentRead.objects.filter(
                month_meetings(now, "document__meeting__"),
                member=OuterRef("pk"),
                document__meeting__branch_id=OuterRef("org_id"),
            )
        )
        return qs.filter(eligible).filter(due).exclude(opened)
    return qs.filter(active, phone="")
