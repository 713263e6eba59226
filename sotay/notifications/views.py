"""The notifications centre: the account's own list, opening one (marks it read), marking all read."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.http import int_param
from sotay.notifications import actions, push, queries
from sotay.notifications.models import Notification


@login_required
def notification_list(request: AuthedHttpRequest) -> HttpResponse:
    raw = request.GET.get("truoc", "")
    before = int_param(raw)
    rows, older = queries.page_of(request.user, before=before)
    return render(
        request,
        "notifications/list.html",
        {
            "rows": rows,
            "older": older,
            "first_page": before is None,
            "vapid_key": settings.SOTAY_VAPID_PUBLIC_KEY if push.configured() else "",
        },
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


@login_required
@require_POST
def push_subscription(request: AuthedHttpRequest) -> HttpResponse:
    """push.js posts the browser's subscription (JSON); `{"huy": true}` with the endpoint removes it."""
    if not push.configured():
        return JsonResponse({"detail": "Máy chủ chưa bật thông báo đẩy."}, status=404)
    if len(request.body) > 4096:
        return JsonResponse({"detail": "Yêu cầu quá lớn."}, status=413)
    try:
        data = json.loads(request.body)
        endpoint = str(data["endpoint"])
        if data.get("huy"):
            actions.unsubscribe_push(user=request.user, endpoint=endpoint)
            return JsonResponse({"ok": True})
        keys = data["keys"]
        actions.subscribe_push(
            user=request.user, endpoint=endpoint, p256dh=str(keys["p256dh"]), auth=str(keys["auth"])
        )
    except (ValueError, KeyError, TypeError) as e:
        detail = str(e) if isinstance(e, ValueError) and not isinstance(e, json.JSONDecodeError) else ""
        return JsonResponse({"detail": detail or "Dữ liệu đăng ký không hợp lệ."}, status=400)
    return JsonResponse({"ok": True})
