"""Changing a prepared meeting: cancelling it, reordering and deleting agenda items, deleting documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.errors import ActionError
from sotay.meetings.access import get_meeting_for_user
from sotay.meetings.actions.agenda import delete_agenda_item, delete_document, move_agenda_item
from sotay.meetings.actions.cancel import cancel_meeting
from sotay.meetings.forms import CancelForm
from sotay.meetings.models import AgendaItem, Document
from sotay.meetings.views.common import back, form_errors


@login_required
@require_POST
def meeting_cancel(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    to = reverse("meeting_detail", args=[meeting.pk])
    form = CancelForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(to)
    try:
        if cancel_meeting(by=request.user, meeting=meeting, reason=form.cleaned_data["reason"]):
            messages.success(request, "Đã hủy buổi sinh hoạt.")
    except ActionError as e:
        return back(request, to, e)
    return redirect(to)


def _item(request: AuthedHttpRequest, pk: int) -> AgendaItem:
    item = AgendaItem.objects.filter(pk=pk).first()
    if item is None:
        raise Http404("Không tìm thấy nội dung.")
    item.meeting = get_meeting_for_user(request.user, item.meeting_id, manage=True)
    return item


@login_required
@require_POST
def agenda_move(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Up or down by one; works as a plain form, and htmx swaps only the agenda (hx-select)."""
    item = _item(request, pk)
    to = reverse("meeting_detail", args=[item.meeting_id]) + "#noi-dung"
    try:
        move_agenda_item(by=request.user, item=item, direction=request.POST.get("direction", ""))
    except ActionError as e:
        return back(request, to, e)
    return redirect(to)


@login_required
@require_POST
def agenda_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    to = reverse("meeting_detail", args=[item.meeting_id]) + "#noi-dung"
    try:
        if delete_agenda_item(by=request.user, item=item):
            messages.success(request, "Đã xóa nội dung.")
    except ActionError as e:
        return back(request, to, e)
    return redirect(to)


@login_required
@require_POST
def document_delete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    document = Document.objects.filter(pk=pk).first()
    if document is None:
        raise Http404("Không tìm thấy tài liệu.")
    document.meeting = get_meeting_for_user(request.user, document.meeting_id, manage=True)
    to = reverse("meeting_detail", args=[document.meeting_id]) + "#tai-lieu"
    try:
        if delete_document(by=request.user, document=document):
            messages.success(request, "Đã xóa tài liệu.")
    except ActionError as e:
        return back(request, to, e)
    return redirect(to)
