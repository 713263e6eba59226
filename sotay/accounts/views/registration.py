"""Members' self-registration, with its queue for the branch committee and unit staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from sotay.accounts.forms import RegistrationForm, RejectForm
from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.models import Registration
from sotay.accounts.permissions import Cap, scope_roots
from sotay.accounts.registrations import (
    EXEMPTED,
    approve_registration,
    reject_registration,
    submit_registration,
)
from sotay.core.clientip import client_ip
from sotay.core.errors import ActionError
from sotay.core.http import int_param
from sotay.orgs.models import Org


def _add_errors(form: RegistrationForm | RejectForm, error: ActionError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def register(request: HttpRequest) -> HttpResponse:
    """ "Đăng ký tài khoản": open to anyone; the answer never says whether a CCCD is in the registry."""
    initial = {"branch_code": request.GET.get("chi-bo", "")[:40]}
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = submit_registration(
                cccd=form.cleaned_data["cccd"],
                birth_date=form.cleaned_data["birth_date"],
                phone=form.cleaned_data["phone"],
                branch_code=form.cleaned_data["branch_code"],
                password=form.cleaned_data["password1"],
                address=client_ip(request),
            )
        except ActionError as e:
            _add_errors(form, e)
        else:
            if result.exempted:
                return render(request, "accounts/register_exempted.html", {"explanation": EXEMPTED})
            return render(request, "accounts/register_sent.html")
    return render(request, "accounts/register.html", {"form": form})


def _queue_roots(request: AuthedHttpRequest) -> list[Org]:
    roots = scope_roots(request.user, Cap.MANAGE_ACCOUNTS)
    if not roots:
        raise Http404("Không có quyền duyệt đăng ký.")
    return roots


def _get_registration_for_user(request: AuthedHttpRequest, pk: int) -> Registration:
    registration = (
        Registration.objects.in_subtrees(scope_roots(request.user, Cap.MANAGE_ACCOUNTS))
        .select_related("member", "branch")
        .filter(pk=pk)
        .first()
    )
    if registration is None:
        raise Http404("Không tìm thấy yêu cầu đăng ký.")
    return registration


@login_required
@require_GET
def registration_queue(request: AuthedHttpRequest) -> HttpResponse:
    """Pending registrations in the user's subtrees, with a count per branch; `?chi-bo=<id>` filters."""
    pending = Registration.objects.in_subtrees(_queue_roots(request)).pending()
    counts = list(
        pending.values("branch_id", "branch__name").annotate(n=Count("id")).order_by("branch__path")
    )
    branch_id = int_param(request.GET.get("chi-bo"))
    shown = pending.filter(branch_id=branch_id) if branch_id is not None else pending
    rows = shown.select_related("member", "branch").order_by("created_at", "id")[:200]
    return render(
        request,
        "accounts/registration_queue.html",
        {"counts": counts, "total": sum(c["n"] for c in counts), "rows": rows, "reject_form": RejectForm()},
    )


@login_required
@require_POST
def registration_decide(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    registration = _get_registration_for_user(request, pk)
    name = registration.member.full_name
    try:
        if request.POST.get("quyet-dinh") == "duyet":
            approve_registration(registration=registration, by=request.user)
            messages.success(request, f"Đã duyệt tài khoản cho đồng chí {name}.")
        elif request.POST.get("quyet-dinh") == "tu-choi":
            form = RejectForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            reject_registration(registration=registration, by=request.user, reason=reason)
            messages.success(request, f"Đã từ chối yêu cầu của đồng chí {name}.")
        else:
            return HttpResponse("Thiếu quyết định (duyệt hoặc từ chối).", status=400)
    except ActionError as e:
        for text in e.messages:
            messages.error(request, text)
    return redirect("registration_queue")
