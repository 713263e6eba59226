"""The branch committee's review: the reflections waiting in its branches, one reflection (its read is
audited: it is the member's own writing) and the verdict (complete, or return with a comment)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from sotay.accounts.http import AuthedHttpRequest
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.study import access, actions
from sotay.study.forms import ReviewForm
from sotay.study.models import ReflectionStatus

QUEUE_SIZE = 200


@login_required
@require_safe
def review_queue(request: AuthedHttpRequest) -> HttpResponse:
    if not access.reviewed_branches(request.user):
        raise Http404("Chỉ cấp ủy chi bộ xem bài thu hoạch.")
    show_all = request.GET.get("xem") == "tat-ca"
    qs = access.reviewable_reflections(request.user).handed_in()
    if not show_all:
        qs = qs.filter(status=ReflectionStatus.SUBMITTED)
    rows = qs.select_related("study", "member", "branch").order_by("submitted_at", "id")[:QUEUE_SIZE]
    return render(request, "study/queue.html", {"rows": rows, "show_all": show_all})


def _render(request: AuthedHttpRequest, pk: int, form: ReviewForm | None = None) -> HttpResponse:
    reflection = access.get_reflection_for_reviewer(request.user, pk)
    return render(
        request,
        "study/reflection.html",
        {"r": reflection, "form": form or ReviewForm(initial={"comment": reflection.review_comment})},
    )


@login_required
@require_safe
def reflection_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    reflection = access.get_reflection_for_reviewer(request.user, pk)
    record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="reflection",
        object_id=reflection.pk,
        org=reflection.branch,
        summary="Xem bài thu hoạch của đảng viên",
    )
    return _render(request, pk)


@login_required
@require_POST
def reflection_review(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    reflection = access.get_reflection_for_reviewer(request.user, pk)
    form = ReviewForm(request.POST)
    complete = "dat" in request.POST
    if form.is_valid():
        try:
            actions.review_reflection(
                by=request.user,
                reflection=reflection,
                complete=complete,
                comment=form.cleaned_data["comment"],
            )
        except ActionError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                "Đã ghi bài đạt; đảng viên được thông báo."
                if complete
                else "Đã trả lại bài kèm nhận xét; đảng viên được thông báo.",
            )
            return redirect("review_queue")
    return _render(request, pk, form)
