"""Writes of personal notes. Audit rows name the act and the note's number, never its text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import Http404

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.core.once import recent_twin
from sotay.meetings.access import get_meeting_for_user
from sotay.notes.models import MAX_CHARS, Note

if TYPE_CHECKING:
    from sotay.accounts.models import User
    from sotay.library.models import Document
    from sotay.meetings.models import Meeting

# `edit_note(meeting=KEEP)` leaves the note's meeting as it is; None detaches it.
KEEP = object()
BOTH = "Ghi chú chỉ gắn với một văn bản hoặc một buổi sinh hoạt, không gắn cả hai."
NO_MEETING = "Không tìm thấy buổi sinh hoạt (đồng chí không xem được buổi này)."


def _clean(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise ActionError({"body": ["Ghi chú đang trống."]})
    if len(text) > MAX_CHARS:
        raise ActionError({"body": [f"Ghi chú dài quá {MAX_CHARS:,} ký tự.".replace(",", ".")]})
    return text


def _check_meeting(by: User, meeting: Meeting | None, document: Document | None) -> None:
    """One may attach a note only to a meeting one sees (a member: a published one of their branch)."""
    if meeting is None:
        return
    if document is not None:
        raise ActionError({"meeting": [BOTH]})
    try:
        get_meeting_for_user(by, meeting.pk)
    except Http404:
        raise ActionError({"meeting": [NO_MEETING]}) from None


@transaction.atomic
def write_note(
    *, by: User, body: str, document: Document | None = None, meeting: Meeting | None = None
) -> Note:
    """A new note. The same text on the same document or meeting twice within a minute (a double
    submit) is kept once."""
    text = _clean(body)
    _check_meeting(by, meeting, document)
    twin = recent_twin(Note.objects.filter(user=by, body=text, document=document, meeting=meeting), by=by)
    if twin is not None:
        return twin
    note = Note.objects.create(user=by, body=text, document=document, meeting=meeting)
    record(actor=by, action=AuditAction.CREATE, object_type="note", object_id=note.pk, summary="Viết ghi chú")
    return note


@transaction.atomic
def edit_note(*, by: User, note: Note, body: str, meeting: Meeting | object | None = KEEP) -> None:
    """Change the text and, if `meeting` is given, attach the note to that meeting (None: detach)."""
    if note.user_id != by.pk:
        raise ActionError({"body": ["Không tìm thấy ghi chú."]})
    text = _clean(body)
    fields = ["body"] if text != note.body else []
    if meeting is not KEEP and getattr(meeting, "pk", None) != note.meeting_id:
        _check_meeting(by, meeting, note.document)  # type: ignore[arg-type]
        fields.append("meeting")
    if not fields:
        return
    note.body = text
    if "meeting" in fields:
        note.meeting = meeting  # type: ignore[assignment]
    note.save(update_fields=[*fields, "updated_at"])
    record(actor=by, action=AuditAction.UPDATE, object_type="note", object_id=note.pk, summary="Sửa ghi chú")


@transaction.atomic
def delete_note(*, by: User, note: Note) -> None:
    if note.user_id != by.pk:
        raise ActionError({"body": ["Không tìm thấy ghi chú."]})
    pk = note.pk
    note.delete()
    record(actor=by, action=AuditAction.DELETE, object_type="note", object_id=pk, summary="Xóa ghi chú")
