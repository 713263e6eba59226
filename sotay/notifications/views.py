"""The notifications centre: the account's own list, opening one (marks it read), marking all read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.notifications import actions, queries
from sotay.notifications.models import Notification


@login_required
def notification_list(request: AuthedHttpRequest) -> HttpResponse:
    raw = request.GET.get("truoc", "")
    before = int(raw) if raw.isdigit() and len(raw) < 19 else None
    rows, older = queries.page_of(request.user, before=before)
    return render(
        request,
        "notifications/list.html",
        {"rows": rows, "older": older, "first_page": before is None},
    )


@login_required
@require_POST
def notification_open(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Mark one read and go where it points (the list when it points nowhere)."""
    notification = get_object_or_404(Notification.objects.of(request.user), pk=pk)
    actions.mark_read(user=request.user, notification=notification)
    return HttpResponseRedirect(notification.url or reverse("notification_list"))


@login_required
@require_POST
def notification_read_all(request: AuthedHttpRequest) -> HttpResponse:
    actions.mark_all_read(user=request.user)
    return HttpResponseRedirect(reverse("notification_list"))
