"""The branch's meetings: the list, scheduling and editing, the meeting page, publishing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.errors import ActionError
from sotay.meetings import compliance
from sotay.meetings.access import (
    COMMITTEE_TYPES,
    can_manage,
    get_branch_for_user,
    get_meeting_for_user,
    invitees,
    manage_roots,
    meetings_for,
    own_member,
    upcoming_meeting,
)
from sotay.meetings.actions.meetings import add_agenda_item, create_meeting, publish_meeting, update_meeting
from sotay.meetings.forms import AgendaItemForm, MeetingForm
from sotay.meetings.models import (
    Meeting,
    Presence,
)
from sotay.meetings.views.common import back, form_errors
from sotay.meetings.views.detail import meeting_context, meeting_for_page
from sotay.orgs.models import BRANCH_TYPES, Org

BRANCH_LIST_LIMIT = 200


@login_required
@require_GET
def meeting_home(request: AuthedHttpRequest) -> HttpResponse:
    """ "Sinh hoạt chi bộ": the member's branch, and the branches the user prepares (with their flags)."""
    member = own_member(request.user)
    roots = manage_roots(request.user)
    branches = (
        list(Org.objects.in_any_subtree(roots).branches().order_by("path")[:BRANCH_LIST_LIMIT])
        if roots
        else []
    )
    flags = compliance.flags_for([b.pk for b in branches])
    rows = [{"branch": b, "flags": flags.get(b.pk, [])} for b in branches]
    committees = (
        list(
            Org.objects.in_any_subtree(roots)
            .filter(type__in=COMMITTEE_TYPES)
            .order_by("path")[:BRANCH_LIST_LIMIT]
        )
        if roots
        else []
    )
    upcoming = upcoming_meeting(member) if member is not None else None
    if member is None and not roots:
        raise Http404("Không có chi bộ.")
    return render(
        request,
        "meetings/home.html",
        {
            "member": member,
            "rows": rows,
            "committees": committees,
            "upcoming": upcoming,
            "limit": BRANCH_LIST_LIMIT,
        },
    )


@login_required
@require_GET
def branch_meetings(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A branch's meetings with attendance per meeting and the branch's attendance rate."""
    branch = get_branch_for_user(request.user, pk)
    meetings = list(
        meetings_for(request.user, branch)
        .annotate(
            present=Count("attendance", filter=Q(attendance__presence=Presence.PRESENT), distinct=True),
            marked=Count("attendance", distinct=True),
        )
        .select_related("minutes")
        .order_by("-starts_at")[:60]
    )
    marked = sum(m.present for m in meetings if m.marked)
    total = sum(m.marked for m in meetings if m.marked)
    manage = can_manage(request.user, branch)
    # Compliance rules are about branches: a committee's meetings are not flagged.
    flags = compliance.flags_for([branch.pk]).get(branch.pk, []) if branch.type in BRANCH_TYPES else []
    return render(
        request,
        "meetings/branch.html",
        {
            "branch": branch,
            "meetings": meetings,
            "manage": manage,
            "rate": round(100 * marked / total) if total else None,
            "present": marked,
            "marked": total,
            "flags": flags,
        },
    )


def _meeting_form(request: AuthedHttpRequest, branch: Org, meeting: Meeting | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if meeting is not None:
        start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        initial = {
            "kind": meeting.kind,
            "title": meeting.title,
            "day": start.date(),
            "start": start.time(),
            "end": end.time(),
            "place": meeting.place,
            "online_link": meeting.online_link,
            "chair": meeting.chair_id,
        }
    form = MeetingForm(request.POST or None, initial=initial, members=invitees(branch))
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                meeting = create_meeting(by=request.user, branch=branch, **form.values())
                messages.success(request, "Đã lên lịch. Hãy thêm nội dung và tài liệu, rồi gửi giấy mời.")
            else:
                announced = update_meeting(by=request.user, meeting=meeting, **form.values())
                messages.success(
                    request,
                    "Đã lưu."
                    + (f" Đã báo thay đổi ({', '.join(announced)}) tới đảng viên." if announced else ""),
                )
            return redirect("meeting_detail", meeting.pk)
        except ActionError as e:
            for field, errs in e.message_dict.items() if hasattr(e, "error_dict") else [(None, e.messages)]:
                form.add_error(field if field in form.fields else None, errs)
    return render(request, "meetings/form.html", {"form": form, "branch": branch, "meeting": meeting})


@login_required
def meeting_create(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _meeting_form(request, get_branch_for_user(request.user, pk, manage=True), None)


@login_required
def meeting_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    return _meeting_form(request, meeting.branch, meeting)


@login_required
@require_GET
def meeting_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_page(request.user, pk)
    return render(request, "meetings/detail.html", meeting_context(request, meeting))


@login_required
@require_POST
def agenda_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    form = AgendaItemForm(request.POST)
    to = reverse("meeting_detail", args=[meeting.pk])
    if not form.is_valid():
        form_errors(request, form)
        return redirect(to)
    try:
        add_agenda_item(by=request.user, meeting=meeting, **form.cleaned_data)
    except ActionError as e:
        return back(request, to, e)
    return redirect(to + "#noi-dung")


@login_required
@require_POST
def meeting_publish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, manage=True)
    to = reverse("meeting_detail", args=[meeting.pk])
    try:
        count = publish_meeting(by=request.user, meeting=meeting)
    except ActionError as e:
        return back(request, to, e)
    if count:
        messages.success(request, f"Đã gửi giấy mời tới {count} đảng viên có tài khoản.")
    return redirect(to)


@login_required
@require_GET
def offline_pages(request: AuthedHttpRequest) -> JsonResponse:
    """The pages the service worker (/sw.js) keeps for offline reading: the member's next meeting."""
    member = own_member(request.user)
    urls: list[str] = []
    if member is not None:
        upcoming = upcoming_meeting(member)
        if upcoming is not None:
            urls.append(reverse("meeting_detail", args=[upcoming.pk]))
    return JsonResponse({"urls": urls}, headers={"Cache-Control": "private, no-store"})
