"""After the meeting: minutes (draft, finalise, amend), follow-up tasks, a member's attendance history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.errors import ActionError
from sotay.meetings.access import can_manage, get_meeting_for_user, invitees, own_member
from sotay.meetings.actions.attendance import tally
from sotay.meetings.actions.minutes import (
    amend_minutes,
    assign_task,
    finalise_minutes,
    save_minutes,
    set_task_status,
)
from sotay.meetings.forms import AmendForm, MinutesForm, TaskForm
from sotay.meetings.models import Attendance, FollowUp, Minutes, Presence, TaskStatus
from sotay.meetings.views.common import back, form_errors


@login_required
def meeting_minutes(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The minutes: the committee writes and finalises them; members read them once finalised."""
    meeting = get_meeting_for_user(request.user, pk)
    manage = can_manage(request.user, meeting.branch)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    to = reverse("meeting_minutes", args=[meeting.pk])
    if request.method == "POST":
        if not manage:
            raise Http404()
        action = request.POST.get("do", "")
        try:
            if action == "finalise":
                finalise_minutes(by=request.user, meeting=meeting)
                messages.success(request, "Đã hoàn tất và công bố biên bản tới chi bộ.")
            elif action == "amend":
                amend = AmendForm(request.POST)
                if not amend.is_valid():
                    form_errors(request, amend)
                    return redirect(to)
                amend_minutes(by=request.user, meeting=meeting, **amend.cleaned_data)
                messages.success(request, "Đã ghi đính chính.")
            else:
                form = MinutesForm(request.POST)
                if not form.is_valid():
                    form_errors(request, form)
                    return redirect(to)
                save_minutes(by=request.user, meeting=meeting, **form.cleaned_data)
                messages.success(request, "Đã lưu bản nháp biên bản.")
        except ActionError as e:
            return back(request, to, e)
        return redirect(to)
    visible = manage or (minutes is not None and minutes.finalised_at is not None)
    rows = list(
        Attendance.objects.filter(meeting=meeting).select_related("member").order_by("member__full_name")
    )
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "minutes": minutes if visible else None,
            "manage": manage,
            "present": [r.member for r in rows if r.presence == Presence.PRESENT],
            "excused": [r.member for r in rows if r.presence == Presence.EXCUSED],
            "absent": [r.member for r in rows if r.presence == Presence.ABSENT],
            "tally": tally(meeting),
            "motions": list(meeting.motions.filter(closed_at__isnull=False).order_by("id")),
            "tasks": list(meeting.followups.select_related("assignee").order_by("due", "id")),
            "amendments": list(minutes.amendments.select_related("created_by").order_by("id"))
            if minutes and visible
            else [],
            "form": MinutesForm(
                initial={"content": minutes.content, "conclusions": minutes.conclusions} if minutes else None
            ),
            "amend_form": AmendForm(),
            "task_form": TaskForm(),
            "members": list(invitees(meeting.branch).order_by("full_name").only("pk", "full_name"))
            if manage
            else [],
            "me": own_member(request.user),
            "statuses": TaskStatus.choices,
        },
    )


@login_required
@require_POST
def task_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    to = reverse("meeting_minutes", args=[meeting.pk]) + "#viec"
    form = TaskForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect(to)
    assignee = invitees(meeting.branch).filter(pk=form.cleaned_data["assignee"]).first()
    if assignee is None:
        return back(request, to, ActionError("Người thực hiện phải là đảng viên của chi bộ."))
    try:
        assign_task(
            by=request.user,
            meeting=meeting,
            title=form.cleaned_data["title"],
            assignee=assignee,
            due=form.cleaned_data["due"],
        )
    except ActionError as e:
        return back(request, to, e)
    return redirect(to)


@login_required
@require_POST
def task_status(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    task = FollowUp.objects.filter(pk=pk).first()
    if task is None:
        raise Http404("Không tìm thấy việc.")
    task.meeting = get_meeting_for_user(request.user, task.meeting_id)
    to = reverse("meeting_minutes", args=[task.meeting_id]) + "#viec"
    try:
        set_task_status(by=request.user, task=task, status=request.POST.get("status", ""))
    except ActionError as e:
        return back(request, to, e)
    return redirect(to)


@login_required
@require_GET
def my_attendance(request: AuthedHttpRequest) -> HttpResponse:
    """The member's own attendance history and tasks."""
    member = own_member(request.user)
    if member is None:
        raise Http404("Trang này dành cho đảng viên.")
    rows = list(
        Attendance.objects.filter(member=member)
        .select_related("meeting")
        .order_by("-meeting__starts_at")[:100]
    )
    present = sum(1 for r in rows if r.presence == Presence.PRESENT)
    tasks = list(
        FollowUp.objects.filter(assignee=member).select_related("meeting").order_by("status", "due")[:100]
    )
    return render(
        request,
        "meetings/mine.html",
        {
            "rows": rows,
            "present": present,
            "rate": round(100 * present / len(rows)) if rows else None,
            "tasks": tasks,
        },
    )
