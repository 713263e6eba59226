"""A member's own notes: write, edit, delete, download. Nobody else has a page that shows them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.errors import ActionError
from sotay.core.http import int_param
from sotay.library.access import documents_visible_to
from sotay.meetings.access import get_meeting_for_user
from sotay.meetings.models import Meeting
from sotay.notes import actions
from sotay.notes.export import FILENAME, notes_csv
from sotay.notes.models import Note


def _own(request: AuthedHttpRequest, pk: int) -> Note:
    note = Note.objects.of(request.user).select_related("document", "meeting").filter(pk=pk).first()
    if note is None:
        raise Http404("Không tìm thấy ghi chú.")
    return note


@login_required
def notes(request: AuthedHttpRequest) -> HttpResponse:
    mine = Note.objects.of(request.user).select_related("document", "meeting").defer("document__text")[:500]
    return render(request, "notes/list.html", {"notes": mine})


def _meeting_asked(request: AuthedHttpRequest) -> Meeting | None:
    """The meeting of `?sinh-hoat=<id>`: one the user sees, else a 404 (a tampered id)."""
    raw = request.GET.get("sinh-hoat") or request.POST.get("sinh-hoat")
    if not raw:
        return None
    pk = int_param(raw)
    if pk is None:
        raise Http404("Không tìm thấy buổi sinh hoạt.")
    return get_meeting_for_user(request.user, pk)


@login_required
def note_new(request: AuthedHttpRequest) -> HttpResponse:
    document = None
    raw = request.GET.get("van-ban") or request.POST.get("van-ban")
    if raw:
        pk = int_param(raw)
        document = documents_visible_to(request.user).filter(pk=pk).first() if pk is not None else None
        if document is None:
            raise Http404("Không tìm thấy văn bản.")
    meeting = _meeting_asked(request)
    error = ""
    if request.method == "POST":
        try:
            actions.write_note(
                by=request.user, body=request.POST.get("body", ""), document=document, meeting=meeting
            )
        except ActionError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "Đã lưu ghi chú. Chỉ đồng chí đọc được ghi chú này.")
            return redirect("notes")
    return render(
        request,
        "notes/form.html",
        {"document": document, "meeting": meeting, "error": error, "body": request.POST.get("body", "")},
    )


@login_required
def note_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    note = _own(request, pk)
    error = ""
    if request.method == "POST":
        try:
            detach = request.POST.get("bo-sinh-hoat") == "1"
            actions.edit_note(
                by=request.user,
                note=note,
                body=request.POST.get("body", ""),
                meeting=None if detach else actions.KEEP,
            )
        except ActionError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "Đã lưu ghi chú.")
            return redirect("notes")
    body = request.POST.get("body", note.body) if error else note.body
    return render(
        request,
        "notes/form.html",
        {"note": note, "document": note.document, "meeting": note.meeting, "error": error, "body": body},
    )


@login_required
@require_POST
def note_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    actions.delete_note(by=request.user, note=_own(request, pk))
    messages.success(request, "Đã xóa ghi chú.")
    return redirect("notes")


@login_required
def notes_export(request: AuthedHttpRequest) -> HttpResponse:
    """The member's own notes as CSV (UTF-8 with a BOM, so that Excel reads the diacritics)."""
    response = HttpResponse(notes_csv(request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    response["Cache-Control"] = "no-store"
    return response
