"""Staff who must use two-factor sign-in see nothing but the enrolment and code pages until they do."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from sotay.accounts.twofactor import confirmed_device, needs_code


class StaffTwoFactorMiddleware:
    """After django_otp's OTPMiddleware: an unverified session goes to enrol (no device) or to the code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.SOTAY_STAFF_2FA
            and user.is_authenticated
            and not self._open(request.path)
            and needs_code(user)
        ):
            target = "otp_verify" if confirmed_device(user) else "otp_enrol"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        open_paths = (reverse("otp_enrol"), reverse("otp_verify"), reverse("logout"), reverse("login"))
        return path in open_paths or path.startswith(settings.STATIC_URL or "/static/")
