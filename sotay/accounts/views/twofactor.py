"""Two-factor sign-in for staff: enrol an authenticator app (QR code as SVG, segno) and confirm codes."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.twofactor import (
    confirm_enrolment,
    confirmed_device,
    may_enrol,
    must_enrol,
    start_enrolment,
    verify_code,
)
from sotay.core.errors import ActionError
from sotay.core.http import same_site_path


def _next(request: AuthedHttpRequest) -> str:
    return same_site_path(request, request.POST.get("next") or request.GET.get("next"))


@login_required
def otp_enrol(request: AuthedHttpRequest) -> HttpResponse:
    """Show a new secret as a QR code; a first code from the app confirms it."""
    if not may_enrol(request.user):
        raise Http404("Tài khoản này không dùng xác thực hai lớp.")
    device = start_enrolment(user=request.user)
    error = ""
    if request.method == "POST":
        try:
            confirm_enrolment(request=request, user=request.user, token=request.POST.get("token", ""))
        except ActionError as e:
            error = e.messages[0]
        else:
            messages.success(request, "Đã bật xác thực hai lớp cho tài khoản.")
            return redirect(_next(request))
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=4, title="Mã QR để thêm vào ứng dụng xác thực"
    )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "qr": mark_safe(qr),  # segno's own SVG of our own otpauth:// URL
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": must_enrol(request.user),
            "has_device": confirmed_device(request.user) is not None,
            "error": error,
            "next": _next(request),
        },
    )


@login_required
def otp_verify(request: AuthedHttpRequest) -> HttpResponse:
    """Ask for the code of the confirmed device once per session."""
    if confirmed_device(request.user) is None:
        if request.method == "GET" and may_enrol(request.user):
            return redirect("otp_enrol")
        raise Http404("Tài khoản chưa có thiết bị xác thực.")
    error = ""
    if request.method == "POST":
        try:
            verify_code(request=request, user=request.user, token=request.POST.get("token", ""))
        except ActionError as e:
            error = e.messages[0]
        else:
            return redirect(_next(request))
    return render(request, "accounts/otp_verify.html", {"error": error, "next": _next(request)})
