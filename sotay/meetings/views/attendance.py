"""Attendance: the secretary's large-button list, the rotating QR screen, and the members' check-in."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.errors import ActionError
from sotay.meetings import checkin
from sotay.meetings.access import get_meeting_for_user, invitees
from sotay.meetings.actions.attendance import check_in, mark_attendance, tally
from sotay.meetings.forms import MarkForm
from sotay.meetings.models import Attendance, Presence
from sotay.meetings.views.common import back


@login_required
def attendance_list(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """GET: every member with three buttons; POST: mark one (htmx swaps the row)."""
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    to = reverse("attendance_list", args=[meeting.pk])
    if request.method == "POST":
        form = MarkForm(request.POST)
        member = (
            invitees(meeting.branch).filter(pk=form.data.get("member") or 0).first()
            if form.is_valid()
            else None
        )
        if member is None:
            return back(
                request, to, ActionError("Hãy chọn đảng viên của chi bộ và một trạng thái điểm danh.")
            )
        try:
            mark_attendance(
                by=request.user, meeting=meeting, member=member, presence=form.cleaned_data["presence"]
            )
        except ActionError as e:
            return back(request, to, e)
        return redirect(to + f"#dv-{member.pk}")
    marks = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "presence"))
    people = [
        {"member": m, "presence": marks.get(m.pk, "")}
        for m in invitees(meeting.branch).order_by("full_name").only("pk", "full_name", "status")
    ]
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "people": people,
            "choices": Presence.choices,
            "tally": tally(meeting),
        },
    )


@login_required
@require_GET
def checkin_screen(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The QR code for members to scan, renewed every minute (htmx reloads the panel), with the counts."""
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    url = request.build_absolute_uri(reverse("meeting_checkin")) + "?ma=" + checkin.make_token(meeting.pk)
    qr = segno.make(url, error="m").svg_inline(scale=6, title="Mã QR điểm danh")
    context = {
        "meeting": meeting,
        "qr": mark_safe(qr),
        "tally": tally(meeting),
        "url": url,
    }  # segno's SVG of our URL
    template = "meetings/checkin_screen.html#panel" if request.htmx else "meetings/checkin_screen.html"
    return render(request, template, context)


@login_required
def meeting_checkin(request: AuthedHttpRequest) -> HttpResponse:
    """GET: confirm (a link opened by a phone's camera must not act by itself); POST: check in."""
    token = (request.POST.get("ma") or request.GET.get("ma") or "")[:200]
    if request.method == "POST":
        try:
            meeting, first = check_in(by=request.user, token=token)
        except ActionError as e:
            messages.error(request, e.messages[0])
            return render(request, "meetings/checkin.html", {"token": ""}, status=400)
        messages.success(request, "Đã điểm danh: đồng chí có mặt." if first else "Đồng chí đã điểm danh rồi.")
        return redirect("meeting_detail", meeting.pk)
    if request.method != "GET":
        raise Http404()
    return render(request, "meetings/checkin.html", {"token": token})
