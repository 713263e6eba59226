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


QR_BORDER = 4  # the quiet zone the QR standard asks for, in modules


def qr_svg(data: str) -> str:
    """An SVG QR code of `data`, a few milliseconds each (a sheet holds a branch's members).

    Two costs of segno's defaults are avoided: it scores all eight mask patterns to pick the "best" one
    (three quarters of its time), and its SVG writer builds the path module by module. Any mask is valid
    and every reader undoes it, so mask 0 is fixed; the SVG is one path of horizontal runs per row.
    """
    qr = segno.make_qr(data, error="m", mask=0, boost_error=False)
    size = len(qr.matrix) + 2 * QR_BORDER
    runs = []
    for y, row in enumerate(qr.matrix):
        x = 0
        width = len(row)
        while x < width:
            if row[x] & 1:
                start = x
                while x < width and row[x] & 1:
                    x += 1
                runs.append(f"M{start + QR_BORDER} {y + QR_BORDER}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size * 3}" '
        f'height="{size * 3}" role="img" aria-label="Mã QR trang kích hoạt" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{"".join(runs)}"/></svg>'
    )


def _sheet(request: AuthedHttpRequest, branch: Org, slips: list[Slip]) -> HttpResponse:
    base = request.build_absolute_uri(reverse("activate"))
    cards = [
        {
            "member": s.member,
            "code": display(s.code),
            "qr": mark_safe(qr_svg(f"{base}?ma={s.code}")),  # our own markup of our own URL
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
