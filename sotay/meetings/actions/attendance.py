"""Attendance: the secretary's list, and the members' QR check-in."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from sotay.accounts.models import User
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.meetings import checkin
from sotay.meetings.access import invitees, is_branch_member, meeting_with_branch, own_member
from sotay.meetings.actions.common import audit, refuse_cancelled, require_manager
from sotay.meetings.models import Attendance, Meeting, Presence
from sotay.members.models import Member, MemberStatus


@transaction.atomic
def mark_attendance(*, by: User | None, meeting: Meeting, member: Member, presence: str) -> Attendance:
    require_manager(by, meeting)
    refuse_cancelled(meeting)
    if presence not in Presence.values:
        raise ActionError({"presence": ["Trạng thái điểm danh không hợp lệ."]})
    if not invitees(meeting.branch).filter(pk=member.pk).exists():
        raise ActionError({"member": ["Đảng viên này không thuộc chi bộ."]})
    row, created = Attendance.objects.get_or_create(
        meeting=meeting, member=member, defaults={"presence": presence, "marked_by": by}
    )
    if not created and row.presence != presence:
        before = row.presence
        row.presence, row.marked_by, row.by_qr = presence, by, False
        row.save(update_fields=["presence", "marked_by", "by_qr", "marked_at"])
        audit(
            by=by,
            action=AuditAction.UPDATE,
            meeting=meeting,
            object_type="meeting_attendance",
            object_id=row.pk,
            summary=f"Điểm danh: {Presence(presence).label}",
            changes={"presence": [before, presence]},
        )
    elif created:
        audit(
            by=by,
            action=AuditAction.CREATE,
            meeting=meeting,
            object_type="meeting_attendance",
            object_id=row.pk,
            summary=f"Điểm danh: {Presence(presence).label}",
        )
    return row


def check_in(*, by: User, token: str) -> tuple[Meeting, bool]:
    """Check the signed-in member in with a QR token. Returns the meeting and whether this call checked them
    in (False: already present — a second scan changes nothing)."""
    meeting_id = checkin.read_token(token)
    if meeting_id is None:
        raise ActionError("Mã điểm danh đã hết hạn hoặc không đúng. Hãy quét lại mã trên màn hình.")
    meeting = meeting_with_branch(meeting_id)
    member = own_member(by)
    if meeting is not None:
        refuse_cancelled(meeting)
    if (
        meeting is None
        or member is None
        or not is_branch_member(by, meeting.branch)
        or not meeting.is_published
    ):
        raise ActionError("Mã điểm danh này không dành cho chi bộ của bạn.")
    try:
        with transaction.atomic():
            row, created = Attendance.objects.select_for_update().get_or_create(
                meeting=meeting,
                member=member,
                defaults={"presence": Presence.PRESENT, "by_qr": True, "marked_by": by},
            )
            if not created and row.presence == Presence.PRESENT:
                return meeting, False
            if not created:
                row.presence, row.by_qr, row.marked_by = Presence.PRESENT, True, by
                row.save(update_fields=["presence", "by_qr", "marked_by", "marked_at"])
            audit(
                by=by,
                action=AuditAction.CREATE,
                meeting=meeting,
                object_type="meeting_attendance",
                object_id=row.pk,
                summary="Điểm danh bằng mã QR",
            )
    except IntegrityError:  # a concurrent double scan: the other one checked them in
        return meeting, False
    return meeting, True


@dataclass(frozen=True)
class Tally:
    """Who is expected and who is there, official and probationary members apart."""

    expected_official: int
    expected_probationary: int
    present_official: int
    present_probationary: int
    percent: int

    @property
    def expected(self) -> int:
        return self.expected_official + self.expected_probationary

    @property
    def present(self) -> int:
        return self.present_official + self.present_probationary

    @property
    def quorum(self) -> bool:
        """More than `SOTAY_MEETING_QUORUM_PERCENT` % of the expected members present (a setting: domain.md
        does not settle the rule)."""
        return self.expected > 0 and self.present * 100 > self.percent * self.expected


def tally(meeting: Meeting) -> Tally:
    """Two grouped queries, whatever the branch's size."""
    official = Q(status=MemberStatus.CHINH_THUC)
    probationary = Q(status=MemberStatus.DU_BI)
    expected = invitees(meeting.branch).aggregate(
        o=Count("pk", filter=official), p=Count("pk", filter=probationary)
    )
    present = Attendance.objects.filter(meeting=meeting, presence=Presence.PRESENT).aggregate(
        o=Count("pk", filter=Q(member__status=MemberStatus.CHINH_THUC)),
        p=Count("pk", filter=Q(member__status=MemberStatus.DU_BI)),
    )
    return Tally(
        expected["o"], expected["p"], present["o"], present["p"], settings.SOTAY_MEETING_QUORUM_PERCENT
    )
