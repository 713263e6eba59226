"""Questions to the committee: the member's side (ask, follow), the committee's (inbox, answer,
publish), and the published questions and answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import Cap, has_cap_anywhere
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.orgs.models import Org
from sotay.questions import access, actions
from sotay.questions.forms import AskForm
from sotay.questions.models import Question, QuestionStatus


@login_required
def qa_list(request: AuthedHttpRequest) -> HttpResponse:
    published = access.published_for(request.user).select_related("org").order_by("-published_at")[:100]
    return render(
        request,
        "questions/qa.html",
        {
            "published": published,
            "can_ask": bool(access.committees_for(request.user)),
            "committee": has_cap_anywhere(request.user, Cap.VIEW_MEMBERS),
        },
    )


@login_required
def my_questions(request: AuthedHttpRequest) -> HttpResponse:
    mine = Question.objects.filter(asker=request.user).select_related("org")[:200]
    return render(request, "questions/mine.html", {"questions": mine})


@login_required
def question_new(request: AuthedHttpRequest) -> HttpResponse:
    committees = access.committees_for(request.user)
    if not committees:
        raise Http404("Tài khoản chưa gắn với hồ sơ đảng viên.")
    form = AskForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        org = Org.objects.get(pk=form.cleaned_data["org"])
        try:
            question = actions.ask_question(
                by=request.user, org=org, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"]
            )
        except ActionError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, f"Đã gửi câu hỏi. Cấp ủy trả lời trước ngày {question.due_on:%d/%m/%Y}."
            )
            return redirect("question_detail", pk=question.pk)
    return render(request, "questions/ask.html", {"form": form})


@login_required
def question_inbox(request: AuthedHttpRequest) -> HttpResponse:
    if not has_cap_anywhere(request.user, Cap.VIEW_MEMBERS):
        raise Http404("Không có quyền.")
    show = request.GET.get("xem", "cho")
    questions = access.answerable_by(request.user).select_related("org", "asker")
    if show == "cho":
        questions = questions.waiting().order_by("due_on", "id")
    else:
        questions = questions.annotate(
            waiting=Case(
                When(status=QuestionStatus.WAITING, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("waiting", "-created_at")
    return render(
        request,
        "questions/inbox.html",
        {
            "questions": questions[:200],
            "show": show,
            "overdue": access.answerable_by(request.user).overdue().count(),
        },
    )


@login_required
def question_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    question = access.get_question_for_user(request.user, pk)
    own = question.asker_id == request.user.pk
    answerer = access.can_answer(request.user, question)
    if not own:
        # A member's question is their personal data: a committee's read of it is audited.
        record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="question",
            object_id=question.pk,
            org=question.org,
            summary="Xem câu hỏi của đảng viên",
        )
    return render(request, "questions/detail.html", {"q": question, "own": own, "answerer": answerer})


def _answerable(request: AuthedHttpRequest, pk: int) -> Question:
    question = access.get_question_for_user(request.user, pk)
    if not access.can_answer(request.user, question):
        raise Http404("Không tìm thấy câu hỏi.")
    return question


@login_required
@require_POST
def question_answer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    question = _answerable(request, pk)
    try:
        actions.answer_question(by=request.user, question=question, answer=request.POST.get("answer", ""))
    except ActionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã gửi câu trả lời đến người hỏi.")
    return redirect("question_detail", pk=question.pk)


@login_required
@require_POST
def question_publish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    question = _answerable(request, pk)
    try:
        actions.publish_question(
            by=request.user, question=question, public_question=request.POST.get("public_question", "")
        )
    except ActionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã công khai hỏi đáp, không kèm tên người hỏi.")
    return redirect("question_detail", pk=question.pk)
