"""Transfers in the browser ("Chuyển sinh hoạt"): request one from a member's page, and the queue of a
scope — outgoing (in transit from my subtree) and incoming (to my subtree) — with confirm and cancel.

Who may do what (docs/adr/0002; domain.md §4.6 leaves the procedure open):

* a branch committee (secretary, deputy, member) and unit staff *request* a transfer of a member of
  their subtree to any open branch of the tree, across wards too (branch names and codes are not
  personal data);
* unit staff of the confirming side decide: the receiving side for a transfer sent to it, the holding
  side for one the receiving side asked for (`Transfer.requested_by_receiver`);
* unit staff of either side may cancel.

A transfer neither side of which lies in the user's scope is a 404; nobody acts on their own record.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import Cap, can, scope_roots
from sotay.core.errors import ActionError
from sotay.members.access import get_member_for_user
from sotay.members.actions import cancel_transfer, receive_transfer, start_transfer
from sotay.members.forms import ReceiveForm, TransferStartForm
from sotay.members.models import Transfer, TransferState
from sotay.members.views_manage import SELF_MESSAGE, attach_errors, refuse_self
from sotay.orgs.models import Org, subtree_q

BRANCH_RESULTS = 20


def _branch_search(q: str, exclude_pk: int) -> list[Org]:
    """Open branches of the whole tree whose code or name holds `q` (names and codes are not personal)."""
    q = q.strip()[:100]
    if not q:
        return []
    return list(
        Org.objects.branches()
        .current()
        .filter(Q(code__icontains=q) | Q(name__icontains=q))
        .exclude(pk=exclude_pk)
        .order_by("path")[:BRANCH_RESULTS]
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_start(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    member = get_member_for_user(request, pk, Cap.VIEW_MEMBERS)
    refuse_self(request, member)
    form = TransferStartForm(
        request.POST if request.method == "POST" else None,
        initial={"to_code": request.GET.get("to", "")[:64], "on": datetime.date.today()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            to = Org.objects.filter(code=data["to_code"]).first()
            if to is None:
                form.add_error("to_code", f"Không có tổ chức nào mang mã «{data['to_code']}».")
            else:
                try:
                    start_transfer(
                        member=member,
                        to=to,
                        by=request.user,
                        on=data["on"],
                        decision_ref=data["decision_ref"],
                        note=data["note"],
                    )
                except ActionError as exc:
                    attach_errors(form, exc)
                else:
                    messages.success(
                        request, f"Đã gửi đề nghị chuyển sinh hoạt đến {to.name}; chờ bên nhận tiếp nhận."
                    )
                    return HttpResponseRedirect(reverse("transfer_queue"))
        status = 400
    context = {
        "member": member,
        "form": form,
        "q": request.GET.get("tim", "")[:100],
        "branches": _branch_search(request.GET.get("tim", ""), member.org_id),
        "committee_only": not can(request.user, Cap.EDIT_MEMBERS, member.org),
    }
    return render(request, "members/transfer_start.html", context, status=status)


def _rows(request: AuthedHttpRequest, transfers: list[Transfer]) -> list[dict[str, Any]]:
    user = request.user
    rows = []
    for t in transfers:
        own = user.member_id is not None and user.member_id == t.member_id
        confirming = t.from_org if t.requested_by_receiver else t.to_org
        rows.append(
            {
                "t": t,
                "can_confirm": not own and can(user, Cap.EDIT_MEMBERS, confirming),
                "can_cancel": not own
                and (can(user, Cap.EDIT_MEMBERS, t.from_org) or can(user, Cap.EDIT_MEMBERS, t.to_org)),
            }
        )
    return rows


def _queue(request: AuthedHttpRequest, *, status: int = 200, errors: list[str] | None = None) -> HttpResponse:
    roots = scope_roots(request.user, Cap.VIEW_MEMBERS)
    if not roots:
        raise Http404("Không có quyền xem việc chuyển sinh hoạt.")
    open_ = Transfer.objects.filter(state=TransferState.IN_TRANSIT).select_related(
        "member", "from_org", "to_org"
    )
    outgoing = list(open_.filter(subtree_q(roots, field="from_org__path")).order_by("sent_on", "id"))
    incoming = list(
        open_.filter(subtree_q(roots, field="to_org__path"))
        .exclude(subtree_q(roots, field="from_org__path"))
        .order_by("sent_on", "id")
    )
    context = {
        "outgoing": _rows(request, outgoing),
        "incoming": _rows(request, incoming),
        "errors": errors or [],
        "form": ReceiveForm(),
    }
    return render(request, "members/transfer_queue.html", context, status=status)


@login_required
def transfer_queue(request: AuthedHttpRequest) -> HttpResponse:
    return _queue(request)


def _transfer_for_user(request: AuthedHttpRequest, pk: int) -> Transfer:
    """The transfer, if either side lies in the user's scope; otherwise 404."""
    roots = scope_roots(request.user, Cap.VIEW_MEMBERS)
    transfer = (
        Transfer.objects.select_related("member", "from_org", "to_org")
        .filter(subtree_q(roots, field="from_org__path") | subtree_q(roots, field="to_org__path"))
        .filter(pk=pk)
        .first()
        if roots
        else None
    )
    if transfer is None:
        raise Http404("Không tìm thấy lần chuyển sinh hoạt.")
    if request.user.member_id is not None and request.user.member_id == transfer.member_id:
        raise PermissionDenied(SELF_MESSAGE)
    return transfer


@login_required
@require_POST
def transfer_receive(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer_for_user(request, pk)
    confirming = transfer.from_org if transfer.requested_by_receiver else transfer.to_org
    if not can(request.user, Cap.EDIT_MEMBERS, confirming):
        raise PermissionDenied(
            "Chỉ Ban tổ chức của bên nhận (hoặc bên đang quản lý, khi bên nhận đề nghị) tiếp nhận."
        )
    form = ReceiveForm(request.POST)
    if not form.is_valid():
        return _queue(request, status=400, errors=[str(m) for ms in form.errors.values() for m in ms])
    try:
        member = receive_transfer(transfer=transfer, by=request.user, on=form.date())
    except ActionError as exc:
        return _queue(request, status=409 if "transfer" in exc.message_dict else 400, errors=exc.messages)
    messages.success(request, f"Đã tiếp nhận {member.full_name} về {member.org.name}.")
    return HttpResponseRedirect(reverse("transfer_queue"))


@login_required
@require_POST
def transfer_cancel(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    transfer = _transfer_for_user(request, pk)
    if not (
        can(request.user, Cap.EDIT_MEMBERS, transfer.from_org)
        or can(request.user, Cap.EDIT_MEMBERS, transfer.to_org)
    ):
        raise PermissionDenied("Chỉ Ban tổ chức của bên chuyển hoặc bên nhận được hủy.")
    try:
        cancel_transfer(transfer=transfer, by=request.user)
    except ActionError as exc:
        return _queue(request, status=409, errors=exc.messages)
    messages.success(request, f"Đã hủy chuyển sinh hoạt của {transfer.member.full_name}.")
    return HttpResponseRedirect(reverse("transfer_queue"))
