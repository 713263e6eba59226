"""The committee's side of a study: open one (title, documents picked from the library, deadline,
prompt), change it, open it to members and close it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.errors import ActionError
from sotay.core.http import int_param
from sotay.library.models import Document
from sotay.library.search import search
from sotay.library.searchtext import parse_query
from sotay.orgs.models import Org
from sotay.study import access, actions
from sotay.study.forms import StudyForm
from sotay.study.models import Study, StudyStatus

# How many library documents the picker offers at a time (the newest, or the best search hits).
PICKER_SIZE = 20


def _doc_choices(org: Org, query: str, selected: list[int]) -> list[tuple[int, str]]:
    """The documents the whole target subtree reads: the chosen ones first, then the search's hits (or
    the newest). Three queries at most."""
    readable = Document.objects.not_withdrawn().issued_at_any([org])
    parsed = parse_query(query)
    if parsed:
        ids = search(parsed, readable, limit=PICKER_SIZE).ids
    else:
        ids = list(readable.order_by("-issued_on", "-id").values_list("pk", flat=True)[:PICKER_SIZE])
    wanted = list(dict.fromkeys([*selected, *ids]))
    by_id = readable.only("pk", "title", "number", "issued_on").in_bulk(wanted)
    return [(pk, _label(by_id[pk])) for pk in wanted if pk in by_id]


def _label(doc: Document) -> str:
    head = f"{doc.number} — " if doc.number else ""
    return f"{head}{doc.title} ({doc.issued_on:%d/%m/%Y})"


def _ints(values: list[str]) -> list[int]:
    return [n for n in map(int_param, values) if n is not None][:100]


def _target(orgs: list[Org], raw: Any) -> Org:
    pk = int_param(str(raw)) or orgs[0].pk
    return next((o for o in orgs if o.pk == pk), orgs[0])


def _searching(request: AuthedHttpRequest) -> bool:
    """The form's "Tìm" button: show the picker's hits, keep what was typed, save nothing."""
    return request.method == "POST" and "tim" in request.POST


def _apply_errors(form: StudyForm, exc: ActionError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def study_new(request: AuthedHttpRequest) -> HttpResponse:
    orgs = access.target_orgs(request.user)
    if not orgs:
        raise Http404("Không có quyền mở đợt học tập.")
    data = request.POST if request.method == "POST" else request.GET
    org = _target(orgs, data.get("org", ""))
    selected = _ints(data.getlist("documents"))
    choices = _doc_choices(org, data.get("q", ""), selected)
    if request.method != "POST" or _searching(request):
        initial = {k: data.get(k, "") for k in ("title", "prompt", "due_on", "q")}
        form = StudyForm(
            initial={**initial, "org": org.pk, "documents": selected}, orgs=orgs, doc_choices=choices
        )
        return render(request, "study/form.html", {"form": form, "study": None})
    form = StudyForm(request.POST, orgs=orgs, doc_choices=choices)
    if form.is_valid():
        d = form.cleaned_data
        try:
            study = actions.create_study(
                by=request.user,
                org=org,
                title=d["title"],
                prompt=d["prompt"],
                due_on=d["due_on"],
                document_ids=d["documents"],
            )
        except ActionError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Đã tạo bản nháp đợt học tập. Kiểm tra lại rồi bấm «Mở cho đảng viên».")
            return redirect("study_detail", pk=study.pk)
    return render(request, "study/form.html", {"form": form, "study": None})


def _managed(request: AuthedHttpRequest, pk: int) -> Study:
    study = access.get_study_for_user(request.user, pk)
    if not access.can_open_study(request.user, study.org):
        raise Http404("Không tìm thấy đợt học tập.")
    return study


@login_required
def study_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    study = _managed(request, pk)
    if study.status == StudyStatus.CLOSED:
        messages.error(request, "Đợt học tập đã kết thúc, không sửa được nữa.")
        return redirect("study_detail", pk=study.pk)
    current = list(study.documents.values_list("pk", flat=True))
    data = request.POST if request.method == "POST" else request.GET
    selected = _ints(data.getlist("documents")) if request.method == "POST" else current
    choices = _doc_choices(study.org, data.get("q", ""), selected)
    if request.method != "POST" or _searching(request):
        fields = ("title", "prompt", "due_on", "q")
        initial = (
            {k: data.get(k, "") for k in fields}
            if _searching(request)
            else {
                "title": study.title,
                "prompt": study.prompt,
                "due_on": study.due_on,
            }
        )
        form = StudyForm(initial={**initial, "documents": selected}, orgs=None, doc_choices=choices)
        return render(request, "study/form.html", {"form": form, "study": study})
    form = StudyForm(request.POST, orgs=None, doc_choices=choices)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.change_study(
                by=request.user,
                study=study,
                title=d["title"],
                prompt=d["prompt"],
                due_on=d["due_on"],
                document_ids=d["documents"],
            )
        except ActionError as exc:
            _apply_errors(form, exc)
        else:
            moved = d["due_on"] != study.due_on and study.status == StudyStatus.OPEN
            messages.success(
                request,
                "Đã lưu. Hạn nộp thay đổi: đảng viên được báo lại."
                if moved
                else "Đã lưu thay đổi (đảng viên không nhận thông báo mới).",
            )
            return redirect("study_detail", pk=study.pk)
    return render(request, "study/form.html", {"form": form, "study": study})


def _change_state(request: AuthedHttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    """Open or close a study the user manages: the action's refusal as a message, back to the study."""
    study = _managed(request, pk)
    try:
        act(by=request.user, study=study)
    except ActionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("study_detail", pk=study.pk)


@login_required
@require_POST
def study_open(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _change_state(
        request, pk, actions.open_study, "Đã mở đợt học tập; đảng viên có tài khoản Sổ tay được thông báo."
    )


@login_required
@require_POST
def study_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _change_state(
        request, pk, actions.close_study, "Đã kết thúc đợt học tập: đảng viên không nộp bài được nữa."
    )
