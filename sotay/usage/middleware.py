"""Counts a signed-in account's use once per day and platform, remembered in its session.

The platform is "app" when the page runs as the installed app: usage.js sets the `sotay_app` cookie
when the display mode is standalone. A session already counted today costs no query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sotay.usage.actions import record_activity
from sotay.usage.models import Platform

SESSION_KEY = "usage_day"
APP_COOKIE = "sotay_app"


def _platform(request: HttpRequest) -> str:
    return Platform.APP if request.COOKIES.get(APP_COOKIE) == "1" else Platform.BROWSER


def mark_used(request: Any, user: Any) -> None:
    stamp = f"{timezone.localdate().isoformat()}:{_platform(request)}"
    if request.session.get(SESSION_KEY) != stamp:
        record_activity(user=user, platform=_platform(request))
        request.session[SESSION_KEY] = stamp


class UsageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            mark_used(request, user)
        return self.get_response(request)
