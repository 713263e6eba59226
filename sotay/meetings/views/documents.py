"""Meeting documents: upload (the committee) and download (through the permission check, never MEDIA_URL)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.errors import ActionError
from sotay.meetings import files
from sotay.meetings.access import get_meeting_for_user
from sotay.meetings.actions.before import record_read
from sotay.meetings.actions.meetings import attach_document
from sotay.meetings.forms import DocumentForm
from sotay.meetings.models import Document
from sotay.meetings.views.common import back, form_errors


@login_required
@require_POST
def document_upload(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    to = reverse("meeting_detail", args=[meeting.pk]) + "#tai-lieu"
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(to)
    try:
        attach_document(
            by=request.user,
            meeting=meeting,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
    except ActionError as e:
        return back(request, to, e)
    messages.success(request, "Đã đính kèm tài liệu.")
    return redirect(to)


@login_required
@require_GET
def document_file(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The file, to whoever may see its meeting; the member's first opening is their read receipt."""
    document = Document.objects.select_related("meeting").filter(pk=pk).first()
    if document is None:
        raise Http404("Không tìm thấy tài liệu.")
    get_meeting_for_user(request.user, document.meeting_id)
    path = files.path_of(document.stored_name)
    if not path.is_file():
        raise Http404("Không tìm thấy tệp.")
    record_read(by=request.user, document=document)
    inline = document.content_type in ("application/pdf", "image/png", "image/jpeg")
    # Files are capped at SOTAY_MEETING_FILE_MAX_MB, so reading one whole is fine (and closes it at once).
    response = HttpResponse(path.read_bytes(), content_type=document.content_type)
    disposition = content_disposition_header(not inline, document.original_name or path.name)
    if disposition:
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # A PDF viewer runs inside the page's origin: forbid scripts and framing by others.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
