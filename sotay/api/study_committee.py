"""The committee's side of a resolution study through the API: create a draft, change it, open it to
the members, close it. Every write is `sotay.study.actions` (which checks the right again); the access
is the pages' (`sotay.study.views.committee`): a study the caller may not manage is a 404, a target
outside the caller's `target_orgs` is refused as input (422)."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Schema, Status
from pydantic import Field

from sotay.api.problems import problems
from sotay.api.study import StudyDetail, router, study_detail
from sotay.core.errors import ActionError
from sotay.study import access, actions
from sotay.study.actions.studies import MAX_DOCUMENTS, MAX_PROMPT, MAX_TITLE
from sotay.study.models import Study

# The study's one router: a path with a member's GET and the committee's PATCH is one URL pattern.
TAGS = ["study (committee)"]
BODY = (400, 401, 404, 413, 422)
# An id the database can hold (a huge number would overflow SQLite's integer, not be "not found").
DocumentIds = list[Annotated[int, Field(ge=1, le=2**31 - 1)]]


class StudyIn(Schema):
    org_id: int = Field(
        description="Đối tượng: id một tổ chức trong phạm vi của người gọi (đến hai cấp dưới)."
    )
    title: str = Field(min_length=1, max_length=MAX_TITLE)
    prompt: str = Field(min_length=1, max_length=MAX_PROMPT, description="Yêu cầu bài thu hoạch.")
    due_on: datetime.date = Field(description="Hạn nộp (không trước hôm nay).")
    document_ids: DocumentIds = Field(
        min_length=1, max_length=MAX_DOCUMENTS, description="Id văn bản trong thư viện mà đối tượng đọc được."
    )


class StudyPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=MAX_TITLE)
    prompt: str | None = Field(None, min_length=1, max_length=MAX_PROMPT)
    due_on: datetime.date | None = Field(None, description="Đổi hạn: đảng viên được báo lại (đợt đang mở).")
    document_ids: DocumentIds | None = Field(None, min_length=1, max_length=MAX_DOCUMENTS)


def _managed(request: HttpRequest, study_id: int) -> Study:
    study = access.get_study_for_user(request.user, study_id)
    if not access.can_open_study(request.user, study.org):
        raise Http404
    return study


@router.post("/studies", tags=TAGS, response={201: StudyDetail, **problems(*BODY)})
def study_create(request: HttpRequest, data: StudyIn) -> Status:
    """A draft study for an organisation the caller may open one for (nobody is told until it is
    opened). No such organisation at all: 404; this one outside them: 422."""
    orgs = access.target_orgs(request.user)
    if not orgs:
        raise Http404
    org = next((o for o in orgs if o.pk == data.org_id), None)
    if org is None:
        raise ActionError({"org": ["Đồng chí không có quyền mở đợt học tập cho cấp này."]})
    study = actions.create_study(
        by=request.user,  # type: ignore[arg-type]
        org=org,
        title=data.title,
        prompt=data.prompt,
        due_on=data.due_on,
        document_ids=data.document_ids,
    )
    return Status(201, study_detail(request, study.pk))


@router.patch("/studies/{study_id}", tags=TAGS, response={200: StudyDetail, **problems(*BODY)})
def study_change(request: HttpRequest, study_id: int, data: StudyPatch) -> dict[str, Any]:
    """Change the title, prompt, documents or deadline (what is left out stays); a closed study is
    refused; the members are told again only when the deadline of an open study moves."""
    study = _managed(request, study_id)
    documents = data.document_ids
    if documents is None:
        documents = list(study.documents.values_list("pk", flat=True))
    actions.change_study(
        by=request.user,  # type: ignore[arg-type]
        study=study,
        title=data.title,
        prompt=data.prompt,
        due_on=data.due_on or study.due_on,
        document_ids=documents,
    )
    return study_detail(request, study.pk)


STATUS = {200: StudyDetail, **problems(400, 401, 404, 422)}


@router.post("/studies/{study_id}/open", tags=TAGS, response=STATUS)
def study_open(request: HttpRequest, study_id: int) -> dict[str, Any]:
    """Draft → open: the target members with a handbook account are told (a second call does nothing)."""
    actions.open_study(by=request.user, study=_managed(request, study_id))  # type: ignore[arg-type]
    return study_detail(request, study_id)


@router.post("/studies/{study_id}/close", tags=TAGS, response=STATUS)
def study_close(request: HttpRequest, study_id: int) -> dict[str, Any]:
    """End the study: members cannot hand in any more (a second call does nothing)."""
    actions.close_study(by=request.user, study=_managed(request, study_id))  # type: ignore[arg-type]
    return study_detail(request, study_id)
