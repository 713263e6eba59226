"""Cancelling a meeting (a draft, or a published one: then its invitees are told why)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import User
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.meetings import notices
from sotay.meetings.access import invitee_users
from sotay.meetings.actions.common import audit, require_manager
from sotay.meetings.models import Meeting, MeetingState, Minutes

MAX_REASON = 255


@transaction.atomic
def cancel_meeting(*, by: User | None, meeting: Meeting, reason: str) -> bool:
    """Cancel the meeting; if its invitations went out, every invitee is notified with the reason. Returns
    False if it was already cancelled (a second submit changes nothing)."""
    require_manager(by, meeting)
    reason = reason.strip()
    if not reason:
        raise ActionError({"reason": ["Hãy nêu lý do hủy buổi sinh hoạt."]})
    if len(reason) > MAX_REASON:
        raise ActionError({"reason": [f"Lý do tối đa {MAX_REASON} ký tự."]})
    given = meeting
    meeting = Meeting.objects.select_for_update().select_related("branch").get(pk=meeting.pk)
    if meeting.is_cancelled:
        return False
    if meeting.ends_at <= timezone.now():
        raise ActionError("Buổi sinh hoạt đã diễn ra, không hủy được.")
    if Minutes.objects.filter(meeting=meeting).exists():
        raise ActionError("Buổi sinh hoạt đã có biên bản, không hủy được.")
    was_published = meeting.is_published
    meeting.state, meeting.cancelled_at, meeting.cancel_reason = (
        MeetingState.CANCELLED,
        timezone.now(),
        reason,
    )
    meeting.sequence += 1  # calendar apps replace their copy with the cancelled one
    meeting.save(update_fields=["state", "cancelled_at", "cancel_reason", "sequence"])
    given.state, given.cancelled_at, given.cancel_reason = meeting.state, meeting.cancelled_at, reason
    audit(
        by=by,
        action=AuditAction.STATUS,
        meeting=meeting,
        summary=f"Hủy buổi sinh hoạt «{meeting.title[:80]}»: {reason[:120]}",
    )
    if was_published:
        notices.send(
            users=invitee_users(meeting),
            kind="cancelled",
            title=f"Hủy buổi sinh hoạt: {meeting.title}",
            body=f"Lý do: {reason}",
            url=reverse("meeting_detail", args=[meeting.pk]),
            dedupe=f"meeting:{meeting.pk}:cancelled",
        )
    return True
