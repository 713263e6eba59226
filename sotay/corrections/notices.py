"""Who hears of each step of a correction (`sotay.notifications.actions.notify`, after commit).

The member hears of every step; the branch committee of a new report; the nearest unit staff above the
branch of a forwarded one (not every ancestor: a city's staff would hear of every report in the city).
"""

from __future__ import annotations

from django.urls import reverse

from sotay.accounts.models import Role, RoleAssignment, User
from sotay.corrections import fields
from sotay.corrections.models import Correction
from sotay.notifications.actions import notify

COMMITTEE_ROLES = (Role.BRANCH_SECRETARY, Role.BRANCH_DEPUTY, Role.BRANCH_COMMITTEE)


def _member_account(correction: Correction) -> list[User]:
    return list(User.objects.filter(member_id=correction.member_id, is_active=True))


def _committee(correction: Correction) -> list[int]:
    return list(
        RoleAssignment.objects.active()
        .filter(org_id=correction.member.org_id, role__in=COMMITTEE_ROLES)
        .exclude(user__member_id=correction.member_id)
        .values_list("user_id", flat=True)
    )


def _nearest_unit_staff(correction: Correction) -> list[int]:
    rows = list(
        RoleAssignment.objects.active()
        .filter(org__in=correction.member.org.ancestors(), role=Role.UNIT_STAFF)
        .values_list("user_id", "org__path")
    )
    if not rows:
        return []
    deepest = max(len(path) for _, path in rows)
    return [user_id for user_id, path in rows if len(path) == deepest]


def submitted(correction: Correction) -> None:
    label = fields.LABELS[correction.field]
    notify(
        users=_committee(correction),
        kind="corrections.submitted",
        title=f"Đảng viên {correction.member.full_name} báo sai «{label}»",
        body="Xin cấp ủy xem xét: chuyển lên Ban Tổ chức hoặc từ chối, ghi lý do.",
        url=reverse("correction_detail", args=[correction.pk]),
        dedupe=f"correction:{correction.pk}:submitted",
    )


def forwarded(correction: Correction) -> None:
    label = fields.LABELS[correction.field]
    url = reverse("correction_detail", args=[correction.pk])
    notify(
        users=_nearest_unit_staff(correction),
        kind="corrections.forwarded",
        title=f"Cấp ủy chuyển báo sai «{label}» của {correction.member.full_name}",
        body="Xin cập nhật vào hồ sơ hoặc từ chối, ghi lý do.",
        url=url,
        dedupe=f"correction:{correction.pk}:forwarded:staff",
    )
    notify(
        users=_member_account(correction),
        kind="corrections.forwarded",
        title=f"Cấp ủy đã chuyển báo sai «{label}» lên Ban Tổ chức",
        url=reverse("my_profile"),
        dedupe=f"correction:{correction.pk}:forwarded:member",
    )


def applied(correction: Correction) -> None:
    label = fields.LABELS[correction.field]
    notify(
        users=_member_account(correction),
        kind="corrections.applied",
        title=f"Hồ sơ đã được cập nhật: «{label}»",
        body=f"Giá trị mới: {correction.proposed_value or '(để trống)'}.",
        url=reverse("my_profile"),
        dedupe=f"correction:{correction.pk}:applied",
    )


def rejected(correction: Correction) -> None:
    label = fields.LABELS[correction.field]
    who = "Cấp ủy chi bộ" if correction.rejected_at_step == "submitted" else "Ban Tổ chức"
    notify(
        users=_member_account(correction),
        kind="corrections.rejected",
        title=f"{who} không chấp nhận báo sai «{label}»",
        body=f"Lý do: {correction.reason}",
        url=reverse("my_profile"),
        dedupe=f"correction:{correction.pk}:rejected",
    )
