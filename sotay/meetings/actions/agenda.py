"""Changing a meeting's agenda and documents before it: reordering and deleting items, deleting documents.
Refused once the minutes are finalised (the record of what was discussed) or the meeting is cancelled."""

from __future__ import annotations

from django.db import transaction

from sotay.accounts.models import User
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.meetings import files
from sotay.meetings.actions.common import audit, refuse_cancelled, require_manager
from sotay.meetings.models import AgendaItem, Document, Meeting, Minutes

UP, DOWN = "up", "down"


def _refuse_after_minutes(meeting: Meeting) -> None:
    refuse_cancelled(meeting)
    if Minutes.objects.filter(meeting=meeting, finalised_at__isnull=False).exists():
        raise ActionError("Biên bản đã hoàn tất: không thay đổi nội dung và tài liệu của buổi này được nữa.")


def _locked(meeting: Meeting) -> Meeting:
    """The meeting row locked: concurrent changes of its agenda wait for each other."""
    return Meeting.objects.select_for_update().select_related("branch").get(pk=meeting.pk)


@transaction.atomic
def move_agenda_item(*, by: User | None, item: AgendaItem, direction: str) -> bool:
    """Swap the item with its neighbour above or below. Returns False if it is already first (last)."""
    if direction not in (UP, DOWN):
        raise ActionError("Hướng di chuyển không hợp lệ.")
    require_manager(by, item.meeting)
    meeting = _locked(item.meeting)
    _refuse_after_minutes(meeting)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "id"))
    index = next((i for i, it in enumerate(items) if it.pk == item.pk), None)
    if index is None:
        raise ActionError("Không tìm thấy nội dung.")
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, start=1):  # renumber: positions stay 1..n without gaps or ties
        it.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    item.position = items[other].position
    audit(
        by=by,
        action=AuditAction.UPDATE,
        meeting=meeting,
        object_type="agenda_item",
        object_id=item.pk,
        summary=f"Chuyển nội dung «{item.title[:80]}» {'lên' if direction == UP else 'xuống'}",
        changes={"position": [index + 1, other + 1]},
    )
    return True


@transaction.atomic
def delete_agenda_item(*, by: User | None, item: AgendaItem) -> bool:
    """Delete the item (and its comments); the others are renumbered. False if it was already gone."""
    require_manager(by, item.meeting)
    meeting = _locked(item.meeting)
    _refuse_after_minutes(meeting)
    comments = item.comments.count()
    if not AgendaItem.objects.filter(pk=item.pk).delete()[0]:
        return False
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "id"))
    for position, it in enumerate(items, start=1):
        it.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    audit(
        by=by,
        action=AuditAction.DELETE,
        meeting=meeting,
        object_type="agenda_item",
        object_id=item.pk,
        summary=f"Xóa nội dung «{item.title[:80]}» ({comments} ý kiến)",
    )
    return True


@transaction.atomic
def delete_document(*, by: User | None, document: Document) -> bool:
    """Delete the document; its file is removed once this is committed. False if it was already gone."""
    require_manager(by, document.meeting)
    meeting = _locked(document.meeting)
    _refuse_after_minutes(meeting)
    if not Document.objects.filter(pk=document.pk).delete()[0]:
        return False
    files.delete_after_commit_of(document.stored_name)
    audit(
        by=by,
        action=AuditAction.DELETE,
        meeting=meeting,
        object_type="meeting_document",
        object_id=document.pk,
        summary=f"Xóa tài liệu «{document.title[:80]}»",
    )
    return True
