"""What members do before the meeting: open documents, comment on the agenda, answer the invitation."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from sotay.accounts.models import User
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.core.once import recent_twin
from sotay.meetings.access import can_manage, is_branch_member, own_member
from sotay.meetings.actions.common import audit, refuse_cancelled, require_manager
from sotay.meetings.models import AgendaItem, Answer, Comment, Document, DocumentRead, Meeting, Rsvp

MAX_COMMENT = 2000


def record_read(*, by: User, document: Document) -> bool:
    """Note that the member opened the document (the first time only; not audited: it is the member's own
    reading, like a notification's read mark). True if this was the first time."""
    member = own_member(by)
    if member is None or not is_branch_member(by, document.meeting.branch):
        return False
    try:
        with transaction.atomic():
            DocumentRead.objects.create(document=document, member=member)
    except IntegrityError:
        return False
    return True


def _open_for_members(meeting: Meeting) -> None:
    refuse_cancelled(meeting)
    if not meeting.is_published:
        raise ActionError("Buổi sinh hoạt chưa gửi giấy mời.")


@transaction.atomic
def add_comment(*, by: User, item: AgendaItem, body: str) -> Comment:
    """A comment on an agenda item. The same text twice within a minute (a double submit) is kept once."""
    meeting = item.meeting
    if not (is_branch_member(by, meeting.branch) or can_manage(by, meeting.branch)):
        raise ActionError("Chỉ đảng viên của chi bộ mới góp ý được.")
    _open_for_members(meeting)
    body = body.strip()
    if not body:
        raise ActionError({"body": ["Hãy nhập ý kiến."]})
    if len(body) > MAX_COMMENT:
        raise ActionError({"body": [f"Ý kiến tối đa {MAX_COMMENT} ký tự."]})
    twin = recent_twin(Comment.objects.filter(item=item, author=by, body=body, hidden_at=None), by=by)
    if twin is not None:
        return twin  # a double submit
    comment = Comment.objects.create(item=item, author=by, body=body)
    audit(
        by=by,
        action=AuditAction.CREATE,
        meeting=meeting,
        object_type="meeting_comment",
        object_id=comment.pk,
        summary=f"Góp ý nội dung {item.position} của buổi sinh hoạt {meeting.pk}",
    )
    return comment


@transaction.atomic
def hide_comment(*, by: User, comment: Comment, reason: str) -> None:
    meeting = comment.item.meeting
    require_manager(by, meeting)
    reason = reason.strip()
    if not reason:
        raise ActionError({"reason": ["Hãy nêu lý do ẩn ý kiến."]})
    if len(reason) > 255:
        raise ActionError({"reason": ["Lý do tối đa 255 ký tự."]})
    if comment.hidden_at is not None:
        return
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = timezone.now(), by, reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit(
        by=by,
        action=AuditAction.STATUS,
        meeting=meeting,
        object_type="meeting_comment",
        object_id=comment.pk,
        summary=f"Ẩn ý kiến: {reason[:120]}",
    )


@transaction.atomic
def answer_invitation(*, by: User, meeting: Meeting, answer: str, reason: str = "") -> Rsvp:
    member = own_member(by)
    if member is None or not is_branch_member(by, meeting.branch):
        raise ActionError("Chỉ đảng viên của chi bộ mới trả lời giấy mời.")
    _open_for_members(meeting)
    if meeting.starts_at <= timezone.now():
        raise ActionError("Buổi sinh hoạt đã bắt đầu, không trả lời giấy mời được nữa.")
    if answer not in Answer.values:
        raise ActionError({"answer": ["Hãy chọn Tham dự hoặc Vắng mặt."]})
    reason = reason.strip()
    if answer == Answer.ABSENT and not reason:
        raise ActionError({"reason": ["Hãy nêu lý do vắng mặt."]})
    if len(reason) > 255:
        raise ActionError({"reason": ["Lý do tối đa 255 ký tự."]})
    rsvp, _ = Rsvp.objects.update_or_create(
        meeting=meeting,
        member=member,
        defaults={"answer": answer, "reason": reason if answer == Answer.ABSENT else ""},
    )
    audit(
        by=by,
        action=AuditAction.UPDATE,
        meeting=meeting,
        object_type="meeting_rsvp",
        object_id=rsvp.pk,
        summary=f"Trả lời giấy mời: {Answer(answer).label}",
    )
    return rsvp
