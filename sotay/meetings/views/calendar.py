"""A member's private calendar address (iCalendar) and the feed behind it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sotay.accounts.http import AuthedHttpRequest
from sotay.meetings import ical
from sotay.meetings.access import own_member
from sotay.meetings.actions.calendar import renew_calendar_feed, revoke_calendar_feed, token_hash
from sotay.meetings.models import CalendarFeed, Meeting


@login_required
def calendar_page(request: AuthedHttpRequest) -> HttpResponse:
    """Make (or remake, revoking the old one) or revoke the address; the new address is shown once."""
    if own_member(request.user) is None:
        raise Http404("Trang này dành cho đảng viên.")
    url = ""
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            revoke_calendar_feed(by=request.user)
            messages.success(request, "Đã thu hồi địa chỉ lịch.")
        else:
            url = request.build_absolute_uri(f"/sinh-hoat/lich/{renew_calendar_feed(by=request.user)}.ics")
    live = CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).exists()
    return render(request, "meetings/calendar.html", {"url": url, "live": live})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no sign-in (calendar apps cannot), the secret in the address is the key."""
    feed = (
        CalendarFeed.objects.select_related("user__member")
        .filter(token_hash=token_hash(token[:100]), revoked_at__isnull=True)
        .first()
    )
    member = own_member(feed.user) if feed is not None and feed.user.is_active else None
    if member is None:
        raise Http404()
    # Cancelled meetings stay in the feed, marked cancelled (see ical.calendar).
    meetings = Meeting.objects.of_branch(member.org_id).seen_by_members().order_by("starts_at")[:200]
    body = ical.calendar(meetings, host=request.get_host().split(":")[0], now=timezone.now())
    return HttpResponse(
        body, content_type="text/calendar; charset=utf-8", headers={"Cache-Control": "private, no-store"}
    )
