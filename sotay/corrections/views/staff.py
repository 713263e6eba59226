"""The committee's and unit staff's side: the queues (with counts and overdue flags) and one report,
where the committee forwards or rejects and unit staff apply or reject."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.errors import ActionError
from sotay.corrections import access, fields
from sotay.corrections.actions import apply_correction, forward_correction, reject_correction
from sotay.corrections.forms import RejectForm
from sotay.members.actions import record_view

QUEUE_LIMIT = 200


def _section(qs: access.CorrectionQuerySet) -> dict[str, object]:
    now = timezone.now()
    rows = list(qs.select_related("member__org").order_by("due_at", "pk")[:QUEUE_LIMIT])
    return {
        "rows": [
            {"c": c, "label": fields.LABELS.get(c.field, c.field), "overdue": c.due_at < now} for c in rows
        ],
        "count": qs.count(),
        "overdue": qs.filter(due_at__lt=now).count(),
    }


@login_required
def queue(request: AuthedHttpRequest) -> HttpResponse:
    """Two queues: reports waiting for the committee (per branch) and for unit staff (the subtree)."""
    if not access.may_see_queues(request.user):
        raise Http404("Không có danh sách báo sai thông tin.")
    return render(
        request,
        "corrections/queue.html",
        {
            "committee": _section(access.committee_queue(request.user)),
            "staff": _section(access.staff_queue(request.user)),
            "limit": QUEUE_LIMIT,
        },
    )


@login_required
def detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """GET: the report beside the record's value. POST `buoc`: chuyen (forward), cap-nhat (apply),
    tu-choi (reject, with a reason). A step the user may not take is refused and changes nothing."""
    correction = access.get_correction_for_user(request.user, pk)
    reject_form = RejectForm(request.POST or None) if request.POST.get("buoc") == "tu-choi" else RejectForm()
    if request.method == "POST":
        step = request.POST.get("buoc", "")
        if access.is_own(request.user, correction):
            raise PermissionDenied("Đồng chí không thể tự xử lý báo sai trên hồ sơ của chính mình.")
        forward, apply = (
            access.may_forward(request.user, correction),
            access.may_apply(request.user, correction),
        )
        try:
            if step == "chuyen" and forward:
                forward_correction(correction=correction, by=request.user)
                messages.success(request, "Đã chuyển lên Ban Tổ chức.")
                return redirect("correction_queue")
            if step == "cap-nhat" and apply:
                apply_correction(correction=correction, by=request.user)
                messages.success(request, "Đã cập nhật hồ sơ đảng viên.")
                return redirect("correction_queue")
            if step == "tu-choi" and (forward or apply) and reject_form.is_valid():
                reject_correction(
                    correction=correction, by=request.user, reason=reject_form.cleaned_data["reason"]
                )
                messages.success(request, "Đã từ chối; đảng viên sẽ thấy lý do.")
                return redirect("correction_queue")
            if step not in ("chuyen", "cap-nhat", "tu-choi") or not (forward or apply):
                messages.error(request, "Không thực hiện được bước này ở tình trạng hiện tại của yêu cầu.")
        except ActionError as e:
            for message in e.messages:
                messages.error(request, message)
        correction = access.get_correction_for_user(request.user, pk)
    record_view(member=correction.member, by=request.user, what="Xem báo sai thông tin của")
    return render(
        request,
        "corrections/detail.html",
        {
            "c": correction,
            "label": fields.LABELS.get(correction.field, correction.field),
            "now_value": fields.shown(correction.member, correction.field),
            "may_forward": access.may_forward(request.user, correction),
            "may_apply": access.may_apply(request.user, correction),
            "reject_form": reject_form,
        },
        status=400 if request.method == "POST" else 200,
    )
