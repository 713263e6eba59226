"""Before the meeting: comments on the agenda (and hiding them), answering the invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.errors import ActionError
from sotay.meetings.access import can_manage, get_meeting_for_user
from sotay.meetings.actions.before import add_comment, answer_invitation, hide_comment
from sotay.meetings.forms import CommentForm, HideForm, RsvpForm
from sotay.meetings.models import AgendaItem, Comment
from sotay.meetings.views.common import back, form_errors
from sotay.meetings.views.detail import older_comments


def _item_for(request: AuthedHttpRequest, pk: int) -> AgendaItem:
    """The agenda item with its meeting, if the person may see that meeting; else 404."""
    item = AgendaItem.objects.filter(pk=pk).first()
    if item is None:
        raise Http404("Không tìm thấy nội dung.")
    item.meeting = get_meeting_for_user(request.user, item.meeting_id)
    return item


@login_required
@require_GET
def comment_older(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Older comments on an agenda item (`?truoc=` the oldest shown): the rows for htmx, else a page."""
    item = _item_for(request, pk)
    meeting = item.meeting
    manage = can_manage(request.user, meeting.branch)
    comments, more = older_comments(item, manage=manage, before=request.GET.get("truoc", "").strip())
    context = {"item": item, "meeting": meeting, "comments": comments, "more": more, "manage": manage}
    template = "meetings/_older_comments.html" if request.htmx else "meetings/older_comments.html"
    return render(request, template, context)


@login_required
@require_POST
def comment_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    meeting = item.meeting
    to = reverse("meeting_detail", args=[meeting.pk]) + f"#muc-{item.pk}"
    form = CommentForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(to)
    try:
        add_comment(by=request.user, item=item, body=form.cleaned_data["body"])
    except ActionError as e:
        return back(request, to, e)
    messages.success(request, "Đã gửi ý kiến.")
    return redirect(to)


@login_required
@require_POST
def comment_hide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    comment = Comment.objects.select_related("item").filter(pk=pk).first()
    if comment is None:
        raise Http404("Không tìm thấy ý kiến.")
    meeting = get_meeting_for_user(request.user, comment.item.meeting_id, manage=True)
    comment.item.meeting = meeting
    to = reverse("meeting_detail", args=[meeting.pk]) + f"#muc-{comment.item_id}"
    form = HideForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(to)
    try:
        hide_comment(by=request.user, comment=comment, reason=form.cleaned_data["reason"])
    except ActionError as e:
        return back(request, to, e)
    messages.success(request, "Đã ẩn ý kiến.")
    return redirect(to)


@login_required
@require_POST
def meeting_rsvp(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    to = reverse("meeting_detail", args=[meeting.pk])
    form = RsvpForm(request.POST)
    if not form.is_valid():
        # Say which field is wrong: a reason over the limit (the input's maxlength stops most) is not a
        # missing answer.
        if "reason" in form.errors:
            messages.error(request, f"Lý do vắng mặt dài tối đa {RsvpForm.REASON_MAX} ký tự.")
        else:
            messages.error(request, "Hãy chọn Tham dự hoặc Vắng mặt.")
        return redirect(to)
    try:
        answer_invitation(by=request.user, meeting=meeting, **form.cleaned_data)
    except ActionError as e:
        return back(request, to, e)
    messages.success(request, "Đã ghi nhận trả lời của đồng chí.")
    return redirect(to)
