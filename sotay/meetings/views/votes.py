"""Votes during the meeting."""

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
from sotay.meetings.actions.votes import cast_vote, close_motion, open_motion
from sotay.meetings.forms import MotionForm, TallyForm, VoteForm
from sotay.meetings.models import Motion
from sotay.meetings.views.common import back, form_errors


def _motion(request: AuthedHttpRequest, pk: int, *, manage: bool) -> Motion:
    motion = Motion.objects.filter(pk=pk).first()
    if motion is None:
        raise Http404("Không tìm thấy biểu quyết.")
    motion.meeting = get_meeting_for_user(request.user, motion.meeting_id, manage=manage)
    return motion


@login_required
@require_POST
def motion_open(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    to = reverse("meeting_detail", args=[meeting.pk]) + "#bieu-quyet"
    form = MotionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(to)
    try:
        open_motion(by=request.user, meeting=meeting, **form.cleaned_data)
    except ActionError as e:
        return back(request, to, e)
    return redirect(to)


@login_required
@require_POST
def motion_vote(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    motion = _motion(request, pk, manage=False)
    to = reverse("meeting_detail", args=[motion.meeting_id]) + "#bieu-quyet"
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy chọn Tán thành, Không tán thành hoặc Không biểu quyết.")
        return redirect(to)
    try:
        counted = cast_vote(by=request.user, motion=motion, choice=form.cleaned_data["choice"])
    except ActionError as e:
        return back(request, to, e)
    messages.success(request, "Đã ghi phiếu của đồng chí." if counted else "Đồng chí đã biểu quyết rồi.")
    return redirect(to)


@login_required
@require_POST
def motion_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    motion = _motion(request, pk, manage=True)
    to = reverse("meeting_detail", args=[motion.meeting_id]) + "#bieu-quyet"
    form = TallyForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(to)
    try:
        close_motion(by=request.user, motion=motion, **form.cleaned_data)
    except ActionError as e:
        return back(request, to, e)
    return redirect(to)
