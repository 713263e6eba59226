"""Votes during a meeting: members on their phones (present members only, once each) or the secretary's
count of a show of hands. A secret vote keeps who voted apart from how: only the tally holds the choices.

Only official members vote: a probationary member has an official member's rights except voting, standing
and electing (Điều lệ Đảng, Điều 5 — not yet in domain.md), so "out of how many present" counts official
members."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sotay.accounts.models import User
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.meetings.access import is_branch_member, own_member
from sotay.meetings.actions.common import audit, refuse_cancelled, require_manager
from sotay.meetings.models import Attendance, Ballot, Choice, Meeting, Motion, Presence
from sotay.members.models import MemberStatus

COUNTERS = {Choice.FOR: "votes_for", Choice.AGAINST: "votes_against", Choice.ABSTAIN: "votes_abstain"}


def _present(meeting: Meeting) -> int:
    """Official members present: those who may vote."""
    return Attendance.objects.filter(
        meeting=meeting, presence=Presence.PRESENT, member__status=MemberStatus.CHINH_THUC
    ).count()


@transaction.atomic
def open_motion(*, by: User | None, meeting: Meeting, title: str, secret: bool, by_hands: bool) -> Motion:
    require_manager(by, meeting)
    refuse_cancelled(meeting)
    title = title.strip()
    if not title or len(title) > 300:
        raise ActionError({"title": ["Hãy nhập nội dung biểu quyết (tối đa 300 ký tự)."]})
    if secret and by_hands:
        raise ActionError({"secret": ["Biểu quyết giơ tay không thể là bỏ phiếu kín."]})
    motion = Motion.objects.create(
        meeting=meeting, title=title, secret=secret, by_hands=by_hands, created_by=by
    )
    audit(
        by=by,
        action=AuditAction.CREATE,
        meeting=meeting,
        object_type="meeting_motion",
        object_id=motion.pk,
        summary=f"Đưa ra biểu quyết «{title[:80]}»",
    )
    return motion


def cast_vote(*, by: User, motion: Motion, choice: str) -> bool:
    """One vote per present member; a second one changes nothing (returns False)."""
    if choice not in Choice.values:
        raise ActionError({"choice": ["Hãy chọn Tán thành, Không tán thành hoặc Không biểu quyết."]})
    meeting = motion.meeting
    refuse_cancelled(meeting)
    member = own_member(by)
    if member is None or not is_branch_member(by, meeting.branch):
        raise ActionError("Chỉ đảng viên của chi bộ mới biểu quyết.")
    if member.status != MemberStatus.CHINH_THUC:
        raise ActionError("Đảng viên dự bị không có quyền biểu quyết (Điều lệ Đảng, Điều 5).")
    if not motion.is_open or motion.by_hands:
        raise ActionError("Biểu quyết này không nhận phiếu trên điện thoại hoặc đã kết thúc.")
    if not Attendance.objects.filter(meeting=meeting, member=member, presence=Presence.PRESENT).exists():
        raise ActionError("Chỉ đảng viên có mặt (đã điểm danh) mới biểu quyết.")
    try:
        with transaction.atomic():
            Ballot.objects.create(motion=motion, member=member, choice="" if motion.secret else choice)
            updated = Motion.objects.filter(pk=motion.pk, closed_at__isnull=True).update(
                **{COUNTERS[Choice(choice)]: F(COUNTERS[Choice(choice)]) + 1}
            )
            if not updated:
                raise ActionError("Biểu quyết đã kết thúc.")
            audit(
                by=by,
                action=AuditAction.CREATE,
                meeting=meeting,
                object_type="meeting_motion",
                object_id=motion.pk,
                summary="Bỏ phiếu" + ("" if motion.secret else f": {Choice(choice).label}"),
            )
    except IntegrityError:
        return False
    return True


@transaction.atomic
def close_motion(
    *,
    by: User | None,
    motion: Motion,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstain: int | None = None,
) -> Motion:
    """End the vote; for a show of hands the secretary's three counts are the result."""
    meeting = motion.meeting
    require_manager(by, meeting)
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if not motion.is_open:
        return motion
    present = _present(meeting)
    fields = ["closed_at", "present"]
    if motion.by_hands:
        counts = [votes_for, votes_against, votes_abstain]
        if any(c is None or c < 0 for c in counts):
            raise ActionError("Hãy nhập đủ ba con số (tán thành, không tán thành, không biểu quyết).")
        if sum(c or 0 for c in counts) > present:
            raise ActionError(f"Tổng số phiếu vượt số đảng viên chính thức có mặt ({present}).")
        motion.votes_for, motion.votes_against, motion.votes_abstain = counts  # type: ignore[assignment]
        fields += ["votes_for", "votes_against", "votes_abstain"]
    motion.closed_at, motion.present = timezone.now(), present
    motion.save(update_fields=fields)
    audit(
        by=by,
        action=AuditAction.STATUS,
        meeting=meeting,
        object_type="meeting_motion",
        object_id=motion.pk,
        summary=f"Kết thúc biểu quyết: {motion.votes_for} tán thành, {motion.votes_against} không tán thành, "
        f"{motion.votes_abstain} không biểu quyết / {present} có mặt",
    )
    return motion
