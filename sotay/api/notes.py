"""Personal notes through the API: the owner's only (`Note.objects.of`). Anyone else, staff included,
gets a 404 for a note that is not theirs, as on the pages (`sotay.notes`). A note may be written on a
library document the author reads (`sotay.library.access.documents_visible_to`) or on a meeting the author
sees (`sotay.meetings.access.get_meeting_for_user`; another one: 422, and nothing is written)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from sotay.api.pagination import CursorParams, page_by
from sotay.api.problems import problems
from sotay.api.schemas import Page
from sotay.core.errors import ActionError
from sotay.library.access import documents_visible_to
from sotay.meetings.models import Meeting
from sotay.notes import actions
from sotay.notes.actions import NO_MEETING
from sotay.notes.export import FILENAME, notes_csv
from sotay.notes.models import MAX_CHARS, Note

router = Router(tags=["notes"])


class NoteIn(Schema):
    body: str = Field(max_length=MAX_CHARS, description="Nội dung ghi chú (chỉ người viết đọc được).")
    document_id: int | None = Field(
        None, ge=1, le=2**53, description="Văn bản trong thư viện mà ghi chú viết về (không bắt buộc)."
    )
    meeting_id: int | None = Field(
        None,
        ge=1,
        le=2**53,
        description="Buổi sinh hoạt mà ghi chú viết về (không bắt buộc; không cùng lúc với văn bản).",
    )


class NoteEditIn(Schema):
    body: str = Field(max_length=MAX_CHARS, description="Nội dung ghi chú.")
    meeting_id: int | None = Field(
        None,
        ge=1,
        le=2**53,
        description="Gắn ghi chú với buổi sinh hoạt này; null: bỏ gắn; không gửi: giữ nguyên.",
    )


class DocumentRef(Schema):
    id: int
    number: str = Field(title="Số, ký hiệu")
    title: str = Field(title="Trích yếu")


class NoteMeetingRef(Schema):
    id: int
    title: str = Field(title="Tên buổi sinh hoạt")
    starts_at: datetime.datetime = Field(title="Bắt đầu")


class NoteOut(Schema):
    id: int
    body: str = Field(title="Ghi chú")
    document: DocumentRef | None = Field(title="Văn bản")
    meeting: NoteMeetingRef | None = Field(title="Buổi sinh hoạt")
    created_at: datetime.datetime = Field(title="Viết lúc")
    updated_at: datetime.datetime = Field(title="Sửa lúc")


def _out(note: Note) -> dict[str, Any]:
    doc = note.document
    return {
        "id": note.pk,
        "body": note.body,
        "document": {"id": doc.pk, "number": doc.number, "title": doc.title} if doc else None,
        "meeting": {"id": m.pk, "title": m.title, "starts_at": m.starts_at} if (m := note.meeting) else None,
        "created_at": note.created_at,
        "updated_at": note.updated_at,
    }


def _meeting(meeting_id: int | None) -> Meeting | None:
    """The meeting asked for; whether the caller sees it is the action's check (422 if not)."""
    if meeting_id is None:
        return None
    meeting = Meeting.objects.select_related("branch").filter(pk=meeting_id).first()
    if meeting is None:
        raise ActionError({"meeting_id": [NO_MEETING]})
    return meeting


def _own(request: HttpRequest, note_id: int) -> Note:
    note = Note.objects.of(request.user).select_related("document", "meeting").defer("document__text")
    found = note.filter(pk=note_id).first()
    if found is None:
        raise Http404
    return found


@router.get("/notes", response={200: Page[NoteOut], **problems(400, 401, 422)})
def list_notes(request: HttpRequest, params: Query[CursorParams]) -> dict[str, Any]:
    """One's own notes, the latest written first."""
    qs = Note.objects.of(request.user).select_related("document", "meeting").defer("document__text")
    rows, following = page_by(qs, field="-id", cursor=params.cursor)
    return {"items": [_out(n) for n in rows], "next": following}


@router.post("/notes", response={201: NoteOut, **problems(400, 401, 404, 413, 422)})
def write_a_note(request: HttpRequest, data: NoteIn) -> Status:
    """Write a note, on a document one reads if `document_id` is given (another one: 404), or on a
    meeting one sees if `meeting_id` is given (another one, or both ids: 422)."""
    document = None
    if data.document_id is not None:
        document = documents_visible_to(request.user).filter(pk=data.document_id).first()
        if document is None:
            raise Http404
    note = actions.write_note(
        by=request.user,  # type: ignore[arg-type]
        body=data.body,
        document=document,
        meeting=_meeting(data.meeting_id),
    )
    return Status(201, _out(note))


@router.get(
    "/notes/export",
    response={200: bytes, **problems(401)},
    openapi_extra={"responses": {200: {"description": "CSV (UTF-8, BOM)", "content": {"text/csv": {}}}}},
)
def export_notes(request: HttpRequest) -> HttpResponse:
    """One's own notes as CSV (as the page's download)."""
    response = HttpResponse(notes_csv(request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("/notes/{note_id}", response={200: NoteOut, **problems(401, 404, 422)})
def note_item(request: HttpRequest, note_id: int) -> dict[str, Any]:
    """One of one's notes; anyone else's is a 404."""
    return _out(_own(request, note_id))


@router.put("/notes/{note_id}", response={200: NoteOut, **problems(400, 401, 404, 413, 422)})
def edit_a_note(request: HttpRequest, note_id: int, data: NoteEditIn) -> dict[str, Any]:
    """Change one's note (the same text again changes nothing); `meeting_id` attaches it to a meeting one
    sees, `null` detaches it, leaving it out keeps it."""
    note = _own(request, note_id)
    meeting = _meeting(data.meeting_id) if "meeting_id" in data.model_fields_set else actions.KEEP
    actions.edit_note(by=request.user, note=note, body=data.body, meeting=meeting)  # type: ignore[arg-type]
    return _out(note)


@router.delete("/notes/{note_id}", response={204: None, **problems(401, 404, 422)})
def delete_a_note(request: HttpRequest, note_id: int) -> Status:
    """Delete one's note; a second delete is a 404."""
    actions.delete_note(by=request.user, note=_own(request, note_id))  # type: ignore[arg-type]
    return Status(204, None)
