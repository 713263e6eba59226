"""The member's side: the studies that concern them, a study's page with its documents and the
reflection form, and the attached file (served only to its member and their branch committee)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import Cap, has_cap_anywhere
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.library.models import Reading
from sotay.study import access, actions
from sotay.study.forms import ReflectionForm
from sotay.study.models import EDITABLE, Reflection, ReflectionStatus, Study, StudyStatus

LIST_SIZE = 100


def _open_first(qs):  # type: ignore[no-untyped-def]
    return qs.annotate(
        rank=Case(When(status=StudyStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("rank", "due_on", "-id")


@login_required
@require_safe
def study_list(request: AuthedHttpRequest) -> HttpResponse:
    """Học tập nghị quyết: the member's studies (open first, with their own reflection's state) and,
    for a committee, the studies it manages or follows."""
    member = access.own_member(request.user)
    mine: list[Study] = []
    if member is not None:
        own = Reflection.objects.filter(study=OuterRef("pk"), member=member)
        mine = list(
            _open_first(access.studies_for_member(member))
            .select_related("org")
            .annotate(my_status=Subquery(own.values("status")[:1]), my_late=Subquery(own.values("late")[:1]))[
                :LIST_SIZE
            ]
        )
    committee = has_cap_anywhere(request.user, Cap.VIEW_MEMBERS)
    followed = (
        list(_open_first(access.committee_studies(request.user)).select_related("org")[:LIST_SIZE])
        if committee
        else []
    )
    labels = dict(ReflectionStatus.choices)
    for s in mine:
        s.my_label = labels.get(s.my_status or "", "Chưa viết")  # type: ignore[attr-defined]
    return render(
        request,
        "study/list.html",
        {
            "mine": mine,
            "followed": followed,
            "committee": committee,
            "can_open": bool(access.target_orgs(request.user)) if committee else False,
            "reviews": access.reviewable_reflections(request.user)
            .filter(status=ReflectionStatus.SUBMITTED)
            .count()
            if access.reviewed_branches(request.user)
            else 0,
        },
    )


def _detail(request: AuthedHttpRequest, study: Study, form: ReflectionForm | None = None) -> HttpResponse:
    user = request.user
    docs = list(study.documents.select_related("issued_at").order_by("-issued_on", "id"))
    read = set(
        Reading.objects.filter(user=user, document__in=[d.pk for d in docs]).values_list(
            "document_id", flat=True
        )
    )
    member = access.own_member(user)
    is_target = (
        member is not None
        and member.org.path.startswith(study.org.path)
        and study.status != StudyStatus.DRAFT
    )
    reflection = Reflection.objects.filter(study=study, member=member).first() if is_target else None
    editable = (
        is_target
        and study.status == StudyStatus.OPEN
        and (reflection is None or reflection.status in EDITABLE)
    )
    if form is None and editable:
        form = ReflectionForm(initial={"text": reflection.text if reflection else ""})
    manages = access.can_open_study(user, study.org)
    try:
        stats_ok = bool(access.stats_node(user, study, None))
    except Http404:
        stats_ok = False
    waiting = (
        access.reviewable_reflections(user).filter(study=study, status=ReflectionStatus.SUBMITTED).count()
        if access.reviewed_branches(user)
        else None
    )
    return render(
        request,
        "study/detail.html",
        {
            "study": study,
            "docs": [{"doc": d, "read": d.pk in read} for d in docs],
            "is_target": is_target,
            "reflection": reflection,
            "editable": editable,
            "form": form,
            "manages": manages,
            "stats_ok": stats_ok,
            "waiting": waiting,
        },
    )


@login_required
@require_safe
def study_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.get_study_for_user(request.user, pk))


@login_required
@require_POST
def reflection_save(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Save a draft or submit; on a refusal the page comes back with what the member typed."""
    study = access.get_study_for_user(request.user, pk)
    form = ReflectionForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, study, form)
    submit = "nop" in request.POST
    try:
        reflection = actions.save_reflection(
            by=request.user,
            study=study,
            text=form.cleaned_data["text"],
            submit=submit,
            upload=form.cleaned_data["file"],
            remove_file=form.cleaned_data["remove_file"],
        )
    except ActionError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _detail(request, study, form)
    if not submit:
        messages.success(request, "Đã lưu bản nháp. Bài chưa được nộp.")
    elif reflection.late:
        messages.success(
            request,
            f"Đã nộp bài thu hoạch — nộp muộn (hạn {study.due_on:%d/%m/%Y}); chi bộ vẫn nhận và xem bài.",
        )
    else:
        messages.success(request, "Đã nộp bài thu hoạch. Chi bộ sẽ xem và nhận xét.")
    return redirect("study_detail", pk=study.pk)


@login_required
@require_safe
def reflection_file(request: AuthedHttpRequest, pk: int) -> FileResponse:
    reflection = access.get_reflection_with_file(request.user, pk)
    if reflection.member_id != getattr(request.user, "member_id", None):
        record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="reflection",
            object_id=reflection.pk,
            org=reflection.branch,
            summary="Xem tệp đính kèm bài thu hoạch",
        )
    try:
        handle = reflection.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    is_pdf = reflection.file_kind == "pdf"
    response = FileResponse(
        handle,
        as_attachment=not is_pdf,
        filename=reflection.file_name or f"bai-thu-hoach-{reflection.pk}.{reflection.file_kind}",
        content_type="application/pdf"
        if is_pdf
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
