"""The member's side: report a wrong value on their own record ("Báo sai thông tin")."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.errors import ActionError
from sotay.corrections import fields
from sotay.corrections.actions import submit_correction
from sotay.corrections.forms import ReportForm
from sotay.corrections.models import Correction
from sotay.handbook.access import own_member


@login_required
def report(request: AuthedHttpRequest) -> HttpResponse:
    """GET ?truong=<field>: the form for that field (or why it cannot be reported). POST: submit."""
    member = own_member(request.user)
    field = (request.POST.get("truong") or request.GET.get("truong") or "")[:20]
    if field in fields.LOCKED:
        return render(
            request,
            "corrections/report_locked.html",
            {"message": fields.LOCKED_MESSAGE.format(label=fields.LOCKED[field])},
        )
    if field not in fields.CORRECTABLE:
        return render(request, "corrections/report_pick.html", {"choices": fields.LABELS.items()})
    open_one = Correction.objects.open().filter(member=member, field=field).first()
    form = ReportForm(request.POST or None, field=field)
    if request.method == "POST" and open_one is None and form.is_valid():
        value = form.cleaned_data["value"]
        try:
            submit_correction(
                member=member, by=request.user, field=field, value=value, note=form.cleaned_data["note"]
            )
        except ActionError as e:
            for key, msgs in e.message_dict.items() if hasattr(e, "error_dict") else [(None, e.messages)]:
                for message in msgs:
                    form.add_error("value" if key == "value" else None, message)
        else:
            messages.success(
                request,
                f"Đã gửi báo sai «{fields.LABELS[field]}» đến cấp ủy chi bộ. Đồng chí theo dõi ở mục "
                "«Báo sai thông tin đã gửi» trên trang hồ sơ.",
            )
            return redirect("my_profile")
    return render(
        request,
        "corrections/report.html",
        {
            "field": field,
            "label": fields.LABELS[field],
            "current": fields.shown(member, field),
            "form": form,
            "open_one": open_one,
            "days": settings.SOTAY_CORRECTION_DAYS,
        },
    )
