"""Correcting and withdrawing a document: for those who manage it (`Cap.EDIT_CONTENT` at its node)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.errors import ActionError
from sotay.library import access, actions
from sotay.library.files import UNREADABLE_WARNING
from sotay.library.forms import DocumentEditForm, WithdrawForm
from sotay.library.models import Document


def _managed_document(request: AuthedHttpRequest, pk: int) -> Document:
    doc = access.get_document_for_user(request.user, pk)
    if not access.can_manage(request.user, doc):
        raise Http404("Không tìm thấy văn bản.")
    return doc


@login_required
def document_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    doc = _managed_document(request, pk)
    initial = {f: getattr(doc, f) for f in ("category", "number", "title", "issued_on", "issuer", "summary")}
    form = DocumentEditForm(request.POST or None, request.FILES or None, initial=initial)
    frozen = actions.SUPERSEDED if doc.superseded_by_id else actions.WITHDRAWN if doc.withdrawn_at else ""
    if request.method == "POST" and not frozen and form.is_valid():
        data = form.cleaned_data
        try:
            changed, unreadable = actions.edit_document(
                by=request.user,
                document=doc,
                title=data["title"],
                number=data["number"],
                category=data["category"],
                issued_on=data["issued_on"],
                issuer=data["issuer"],
                summary=data["summary"],
                upload=data["file"] or None,
            )
        except ActionError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Đã lưu các thay đổi." if changed else "Không có gì thay đổi.")
            if unreadable:
                messages.warning(request, UNREADABLE_WARNING)
            return redirect("document_detail", pk=doc.pk)
    return render(request, "library/edit.html", {"form": form, "doc": doc, "frozen": frozen})


@login_required
@require_POST
def document_withdraw(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    doc = _managed_document(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy ghi lý do thu hồi (tối đa 500 ký tự).")
        return redirect("document_detail", pk=doc.pk)
    try:
        changed = actions.withdraw_document(by=request.user, document=doc, reason=form.cleaned_data["reason"])
    except ActionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if changed:
            messages.success(request, "Đã thu hồi văn bản: đảng viên không còn thấy văn bản này.")
    return redirect("document_detail", pk=doc.pk)
