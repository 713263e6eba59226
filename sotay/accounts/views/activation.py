"""Activation codes: the branch page that issues them (and prints the slips), revoking, and using one."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from sotay.accounts.activation import (
    Slip,
    activate,
    display,
    eligible_members,
    issue_activation_codes,
    revoke_activation_code,
)
from sotay.accounts.forms import ActivationForm
from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.models import ActivationCode
from sotay.accounts.permissions import Cap, can
from sotay.core.clientip import client_ip
from sotay.core.errors import ActionError
from sotay.orgs.models import BRANCH_TYPES, Org


def _get_branch_for_user(request: AuthedHttpRequest, pk: int) -> Org:
    branch = Org.objects.filter(pk=pk, type__in=BRANCH_TYPES).first()
    if branch is None or not can(request.user, Cap.MANAGE_ACCOUNTS, branch):
        raise Http404("Không tìm thấy chi bộ.")
    return branch


def _get_code_for_user(request: AuthedHttpRequest, pk: int) -> ActivationCode:
    code = ActivationCode.objects.select_related("branch", "member").filter(pk=pk).first()
    if code is None or not can(request.user, Cap.MANAGE_ACCOUNTS, code.branch):
        raise Http404("Không tìm thấy mã kích hoạt.")
    return code


@login_required
def branch_codes(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """GET: the branch's entitled members, their accounts and usable codes. POST: issue codes for the
    ticked members and answer with the printable sheet (the only time the codes are shown)."""
    branch = _get_branch_for_user(request, pk)
    members = eligible_members(branch)
    if request.method == "POST":
        wanted = {int(v) for v in request.POST.getlist("dv") if v.isascii() and v.isdigit()}
        try:
            slips = issue_activation_codes(
                branch=branch, members=[m for m in members if m.pk in wanted], by=request.user
            )
        except ActionError as e:
            for text in e.messages:
                messages.error(request, text)
        else:
            return _sheet(request, branch, slips)
    usable = {
        c.member_id: c for c in ActivationCode.objects.usable().filter(branch=branch).order_by("created_at")
    }
    rows = [{"member": m, "has_account": hasattr(m, "user"), "code": usable.get(m.pk)} for m in members]
    return render(
        request,
        "accounts/branch_codes.html",
        {"branch": branch, "rows": rows, "days": settings.SOTAY_ACTIVATION_DAYS},
    )


def _sheet(request: AuthedHttpRequest, branch: Org, slips: list[Slip]) -> HttpResponse:
    base = request.build_absolute_uri(reverse("activate"))
    cards = [
        {
            "member": s.member,
            "code": display(s.code),
            "qr": mark_safe(  # segno's own SVG of our own URL
                segno.make(f"{base}?ma={s.code}", error="m").svg_inline(
                    scale=3, title="Mã QR trang kích hoạt"
                )
            ),
        }
        for s in slips
    ]
    response = render(
        request,
        "accounts/activation_sheet.html",
        {"branch": branch, "cards": cards, "expires": None, "activate_url": base},
    )
    response["Cache-Control"] = "no-store"  # the codes are on this page only
    return response


@login_required
@require_POST
def code_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    code = _get_code_for_user(request, pk)
    revoke_activation_code(code=code, by=request.user)
    messages.success(request, f"Đã thu hồi mã kích hoạt của đồng chí {code.member.full_name}.")
    return redirect("branch_codes", pk=code.branch_id)


def activate_account(request: HttpRequest) -> HttpResponse:
    """ "Kích hoạt tài khoản": open to anyone with a slip; the QR code fills in the code."""
    form = ActivationForm(request.POST or None, initial={"code": request.GET.get("ma", "")[:20]})
    if request.method == "POST" and form.is_valid():
        try:
            user = activate(
                code=form.cleaned_data["code"],
                birth_date=form.cleaned_data["birth_date"],
                password=form.cleaned_data["password1"],
                address=client_ip(request),
            )
        except ActionError as e:
            for field, errors in e.message_dict.items() if hasattr(e, "error_dict") else [(None, e.messages)]:
                form.add_error(field if field in form.fields else None, errors)
        else:
            return render(request, "accounts/activated.html", {"account": user})
    return render(request, "accounts/activate.html", {"form": form})
