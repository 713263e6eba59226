"""`request.user` is the account itself, not lazy wrappers; staff who must use two-factor sign-in see
nothing but the enrolment and code pages until they do; a form sent after the session ended leads back
to its page after signing in again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.functional import LazyObject, empty
from django.utils.http import urlencode

from sotay.accounts.twofactor import confirmed_device, needs_code
from sotay.core.http import same_site_path


class ResolvedUserMiddleware:
    """`request.user` as the account itself (or AnonymousUser), not a lazy object over a lazy object.

    The authentication middleware wraps the user in a `SimpleLazyObject`, and django-otp wraps that in
    another. Every attribute read through them (a page reads the user a few hundred times: templates,
    permissions, context processors) raises and catches an AttributeError in each layer. The user is
    read on every request anyway (UsageMiddleware asks `is_authenticated`), so resolving it here costs
    no query and saves that work: ~0.2 ms per member page (bench/member_pages.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        while isinstance(user, LazyObject):
            if user._wrapped is empty:
                user._setup()
            user = user._wrapped
        if user is not None:
            request.user = user
        return self.get_response(request)


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


class StalePostSignInMiddleware:
    """A form sent after the session ended (an old phone left on the meeting page overnight) is answered,
    by `login_required`, with the sign-in page and `next` = the form's address. Most forms post to
    addresses that only take POST, so after signing in the member landed on an empty 405 and the answer
    was lost without a word. Here `next` becomes the page the form was on (its Referer, on this site;
    else the home page), and the sign-in page says to send the form again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Only a request that came without a session: signing out also answers a POST with a redirect
        # to the sign-in page (its `next`, e.g. /dang-nhap/?x=1), and that is no lost form.
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if request.method != "POST" or response.status_code != 302 or signed_in:
            return response
        login = resolve_url(settings.LOGIN_URL)
        if not response.get("Location", "").startswith(f"{login}?"):
            return response
        target = same_site_path(request, request.META.get("HTTP_REFERER"), default=reverse("home"))
        messages.warning(
            request,
            "Phiên làm việc đã hết hạn nên nội dung vừa gửi chưa được lưu. Hãy đăng nhập lại rồi gửi lại.",
        )
        return redirect(f"{login}?{urlencode({'next': target})}")
