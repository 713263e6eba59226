"""Registry management for unit staff: correct a record, and the life-cycle steps (recognise official,
exempt / reinstate, end membership). Transfers are in `views_transfers`.

Every write goes through `sotay.members.actions`; a refused action's Vietnamese messages are shown
next to the fields and nothing is written. Records outside the user's subtree are a 404; nobody acts
on their own record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from sotay import vn
from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import Cap, can
from sotay.core.errors import ActionError
from sotay.members.access import get_member_for_user, members_visible_to
from sotay.members.actions import (
    end_membership,
    exempt_member,
    recognise_official,
    reinstate_member,
    update_member,
)
from sotay.members.forms import STATUS_FORMS, MemberEditForm, allowed_status_actions
from sotay.members.models import Member

# The action's error keys that are not form fields of the same name.
KEY_ALIASES = {"on": ("on", "decided_on"), "to": ("to_code",)}
DUPLICATE_FIELDS = {"code": "Mã đảng viên", "cccd": "Số CCCD", "card_number": "Số thẻ đảng viên"}
# The uniqueness messages of `actions._common.check_uniqueness`, replaced by scope-aware ones.
_UNIQUENESS_MARKERS = ("đã có trong hệ thống", "đã thuộc về")
SELF_MESSAGE = "Đồng chí không thể tự thực hiện thao tác trên hồ sơ của chính mình."


def refuse_self(request: AuthedHttpRequest, member: Member) -> None:
    if request.user.member_id is not None and request.user.member_id == member.pk:
        raise PermissionDenied(SELF_MESSAGE)


def member_to_manage(request: AuthedHttpRequest, pk: int, cap: Cap = Cap.EDIT_MEMBERS) -> Member:
    """The record, if the user holds `cap` on its branch (otherwise 404) and it is not their own (403)."""
    member = get_member_for_user(request, pk, cap)
    refuse_self(request, member)
    return member


def attach_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a refused action's messages next to the fields they concern (others above the form)."""
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for key, msgs in exc.message_dict.items():
        targets = [k for k in KEY_ALIASES.get(key, (key,)) if k in form.fields]
        for message in msgs:
            form.add_error(targets[0] if targets else None, message)


def explain_duplicates(
    request: AuthedHttpRequest, member: Member, data: dict[str, Any], exc: ActionError
) -> ActionError:
    """Name the unit holding a duplicate code/CCCD/card only when the user may see that record."""
    if not hasattr(exc, "error_dict"):
        return exc
    errors = exc.message_dict
    normalise: dict[str, Callable[[str], str]] = {
        "code": str.strip,
        "cccd": vn.clean_cccd,
        "card_number": vn.clean_card,
    }
    for field, label in DUPLICATE_FIELDS.items():
        value = normalise[field](str(data.get(field) or ""))
        if field not in errors or not value:
            continue
        other = Member.objects.exclude(pk=member.pk).filter(**{field: value}).first()
        if other is None:
            continue
        kept = [m for m in errors[field] if not any(mark in m for mark in _UNIQUENESS_MARKERS)]
        if members_visible_to(request.user).filter(pk=other.pk).exists():
            kept.append(f"{label} này đã dùng cho một đảng viên khác của {other.org.name}.")
        else:
            kept.append(f"{label} này đã được dùng cho một đảng viên ở đơn vị khác.")
        errors[field] = kept
    return ActionError(errors)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    member = member_to_manage(request, pk)
    form = MemberEditForm(
        request.POST if request.method == "POST" else None, initial=MemberEditForm.initial_of(member)
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                update_member(member=member, by=request.user, **form.cleaned_data)
            except ActionError as exc:
                attach_errors(form, explain_duplicates(request, member, form.cleaned_data, exc))
            else:
                messages.success(request, "Đã lưu hồ sơ.")
                return HttpResponseRedirect(reverse("member_detail", args=[member.pk]))
        status = 400
    return render(request, "members/edit.html", {"member": member, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def member_status(request: AuthedHttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in STATUS_FORMS:
        raise Http404("Không có thao tác này.")
    member = member_to_manage(request, pk)
    form_class, title = STATUS_FORMS[action]
    form = form_class(request.POST if request.method == "POST" else None)
    status = 200
    context = {"member": member, "form": form, "title": title, "refusal": ""}
    if action not in dict(allowed_status_actions(member)):
        # A stale page or a double submit: the status changed since the button was shown.
        context["refusal"] = (
            f"Đảng viên đang ở tình trạng «{member.get_status_display()}»: không thể «{title}». "
            "Không có gì thay đổi."
        )
        status = 409 if request.method == "POST" else 200
        return render(request, "members/status.html", context, status=status)
    if request.method == "POST":
        if form.is_valid():
            try:
                _apply(action, member, request, form.cleaned_data)
            except ActionError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"Đã ghi: {title}.")
                return HttpResponseRedirect(reverse("member_detail", args=[member.pk]))
        status = 400
    return render(request, "members/status.html", context, status=status)


def _apply(action: str, member: Member, request: AuthedHttpRequest, data: dict[str, Any]) -> None:
    by = request.user
    if action == "cong-nhan-chinh-thuc":
        recognise_official(
            member=member, by=by, decision_ref=data["decision_ref"], decided_on=data["decided_on"]
        )
    elif action == "mien-sinh-hoat":
        exempt_member(
            member=member, by=by, on=data["on"], decision_ref=data["decision_ref"], note=data["note"]
        )
    elif action == "sinh-hoat-tro-lai":
        reinstate_member(member=member, by=by, on=data["on"], decision_ref=data["decision_ref"])
    else:
        end_membership(
            member=member,
            by=by,
            status=data["status"],
            on=data["on"],
            decision_ref=data["decision_ref"],
            note=data["note"],
        )


def manage_context(request: AuthedHttpRequest, member: Member) -> dict[str, Any]:
    """What the member page offers the user: the actions their role allows in the member's status."""
    own = request.user.member_id is not None and request.user.member_id == member.pk
    edit = can(request.user, Cap.EDIT_MEMBERS, member.org) and not own
    request_transfer = can(request.user, Cap.VIEW_MEMBERS, member.org) and not own
    return {
        "can_edit": edit,
        "status_actions": allowed_status_actions(member) if edit else [],
        "can_request_transfer": request_transfer and member.is_active and not member.in_transit_to_id,
    }
