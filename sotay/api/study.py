"""Resolution study through the API: the caller's studies, a study, the member's own reflection (get,
save a draft, submit), the branch committee's review (list, complete, return) and the progress per
branch of the caller's scope. Same access as `sotay.study.access`: a reflection is reviewed by its
member's own branch committee only; anything outside is a 404."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from sotay.accounts.permissions import Cap, scope_roots
from sotay.api.pagination import BAD_CURSOR, CursorParams, decode_cursor, encode_cursor, page_by
from sotay.api.problems import problems
from sotay.api.schemas import OrgRef, Page
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.orgs.models import Org
from sotay.study import access
from sotay.study.actions import review_reflection, save_reflection
from sotay.study.actions.reflections import MAX_COMMENT, MAX_REFLECTION
from sotay.study.models import Reflection, ReflectionStatus, Study
from sotay.study.queries import BranchProgress, progress_by_branch, rolled_up

router = Router(tags=["study"])
PAGE_SIZE = 50


class StudyOut(Schema):
    id: int
    title: str = Field(title="Tiêu đề")
    org: OrgRef = Field(title="Đối tượng (cấp tổ chức)")
    due_on: datetime.date = Field(title="Hạn nộp")
    status: str = Field(title="Tình trạng", description="draft / open / closed")


class StudyDocumentRef(Schema):
    id: int = Field(description="Id của văn bản trong thư viện (`/library/{id}`).")
    number: str
    title: str


class StudyDetail(StudyOut):
    prompt: str = Field(title="Yêu cầu bài thu hoạch")
    documents: list[StudyDocumentRef] = Field(title="Văn bản học tập")
    past_due: bool = Field(title="Đã quá hạn")
    my_status: ReflectionStatus | None = Field(title="Bài của tôi", description="null: chưa viết.")


class ReflectionOut(Schema):
    id: int
    study_id: int
    status: ReflectionStatus = Field(title="Tình trạng")
    text: str = Field(title="Bài thu hoạch")
    submitted_at: datetime.datetime | None = Field(title="Nộp lúc")
    late: bool = Field(title="Nộp muộn")
    review_comment: str = Field(title="Nhận xét của chi bộ")
    reviewed_at: datetime.datetime | None = Field(title="Nhận xét lúc")


class ReflectionAuthor(Schema):
    id: int
    full_name: str = Field(title="Họ và tên")


class ReviewOut(ReflectionOut):
    """A reflection as the member's branch committee reviews it."""

    member: ReflectionAuthor
    branch: OrgRef = Field(title="Chi bộ")


class ReflectionIn(Schema):
    text: str = Field(min_length=1, max_length=MAX_REFLECTION, description="Bài thu hoạch.")


class SubmitIn(Schema):
    text: str | None = Field(
        None, min_length=1, max_length=MAX_REFLECTION, description="Trống: nộp bản nháp đã lưu."
    )


class ReviewIn(Schema):
    comment: str = Field("", max_length=MAX_COMMENT, description="Nhận xét (bắt buộc khi trả lại).")


class ReviewParams(CursorParams):
    status: ReflectionStatus | None = Field(None, description="Chỉ các bài ở tình trạng này.")


class BranchProgressOut(Schema):
    branch: OrgRef | None = Field(description="null ở dòng tổng cộng.")
    target: int = Field(title="Số đảng viên đang sinh hoạt")
    not_started: int = Field(title="Chưa viết")
    draft: int = Field(title="Đang viết")
    submitted: int = Field(title="Đã nộp, chờ chi bộ xem")
    returned: int = Field(title="Trả lại để sửa")
    completed: int = Field(title="Đạt")
    late: int = Field(title="Nộp muộn")


class ProgressPage(Page[BranchProgressOut]):
    total: BranchProgressOut = Field(title="Tổng cộng trong phạm vi của người gọi")


def study_out(s: Study) -> dict[str, Any]:
    return {
        "id": s.pk,
        "title": s.title,
        "org": {"id": s.org_id, "name": s.org.name},
        "due_on": s.due_on,
        "status": s.status,
    }


def reflection_out(r: Reflection) -> dict[str, Any]:
    return {
        "id": r.pk,
        "study_id": r.study_id,
        "status": r.status,
        "text": r.text,
        "submitted_at": r.submitted_at,
        "late": r.late,
        "review_comment": r.review_comment,
        "reviewed_at": r.reviewed_at,
    }


def _own(request: HttpRequest, study: Study) -> Reflection | None:
    member = access.own_member(request.user)
    return None if member is None else Reflection.objects.filter(study=study, member=member).first()


@router.get("/studies", response={200: Page[StudyOut], **problems(400, 401, 422)})
def study_list(request: HttpRequest, params: Query[CursorParams]) -> dict[str, Any]:
    """The studies the caller sees (as a member: published ones above their branch; as committee or
    staff: their scope's, drafts too), the newest first."""
    qs = access.studies_for(request.user).select_related("org")
    rows, following = page_by(qs, field="-id", cursor=params.cursor)
    return {"items": [study_out(s) for s in rows], "next": following}


@router.get("/studies/{study_id}", response={200: StudyDetail, **problems(400, 401, 404, 422)})
def study_detail(request: HttpRequest, study_id: int) -> dict[str, Any]:
    """A study with its prompt, documents and the state of the caller's own reflection."""
    study = access.get_study_for_user(request.user, study_id)
    mine = _own(request, study)
    documents = study.documents.only("id", "number", "title").order_by("id")
    return study_out(study) | {
        "prompt": study.prompt,
        "documents": [{"id": d.pk, "number": d.number, "title": d.title} for d in documents],
        "past_due": study.is_past_due,
        "my_status": mine.status if mine else None,
    }


@router.get("/studies/{study_id}/reflection", response={200: ReflectionOut, **problems(400, 401, 404, 422)})
def my_reflection(request: HttpRequest, study_id: int) -> dict[str, Any]:
    """The caller's own reflection on the study (with the committee's comment); 404 before the first save."""
    mine = _own(request, access.get_study_for_user(request.user, study_id))
    if mine is None:
        raise Http404
    return reflection_out(mine)


MINE = {200: ReflectionOut, **problems(400, 401, 404, 413, 422)}


@router.put("/studies/{study_id}/reflection", response=MINE)
def save_my_reflection(request: HttpRequest, study_id: int, data: ReflectionIn) -> dict[str, Any]:
    """Save the reflection as a draft (while it is a draft or returned)."""
    study = access.get_study_for_user(request.user, study_id)
    mine = save_reflection(by=request.user, study=study, text=data.text, submit=False)  # type: ignore[arg-type]
    return reflection_out(mine)


@router.post("/studies/{study_id}/reflection/submit", response=MINE)
def submit_my_reflection(request: HttpRequest, study_id: int, data: SubmitIn) -> dict[str, Any]:
    """Hand the reflection in to the branch committee (with `text`, or the saved draft); after the
    deadline it is accepted and marked late; the same text twice does nothing the second time."""
    study = access.get_study_for_user(request.user, study_id)
    text = data.text
    if text is None:
        mine = _own(request, study)
        if mine is None:
            raise ActionError({"text": ["Chưa có bản nháp: hãy viết bài thu hoạch."]})
        text = mine.text
    mine = save_reflection(by=request.user, study=study, text=text, submit=True)  # type: ignore[arg-type]
    return reflection_out(mine)


def _reviewed(request: HttpRequest) -> Any:
    branches = access.reviewed_branches(request.user)
    if not branches:
        raise Http404
    return Reflection.objects.filter(branch__in=branches).handed_in()


@router.get(
    "/studies/{study_id}/reflections", response={200: Page[ReviewOut], **problems(400, 401, 404, 422)}
)
def study_reflections(request: HttpRequest, study_id: int, params: Query[ReviewParams]) -> dict[str, Any]:
    """The branch committee: the reflections handed in by its branch's members, oldest first. Reading
    them is logged (members' own writing)."""
    study = access.get_study_for_user(request.user, study_id)
    qs = _reviewed(request).filter(study=study).select_related("member", "branch")
    if params.status:
        qs = qs.filter(status=params.status)
    rows, following = page_by(qs, field="id", cursor=params.cursor)
    for branch in {r.branch for r in rows}:
        record(
            actor=request.user,  # type: ignore[arg-type]
            action=AuditAction.VIEW,
            object_type="reflection",
            org=branch,
            summary=f"Xem bài thu hoạch «{study.title}» — {branch.name}"[:255],
        )
    items = [
        reflection_out(r)
        | {
            "member": {"id": r.member_id, "full_name": r.member.full_name},
            "branch": {"id": r.branch_id, "name": r.branch.name},
        }
        for r in rows
    ]
    return {"items": items, "next": following}


def _review(request: HttpRequest, reflection_id: int, *, complete: bool, comment: str) -> dict[str, Any]:
    reflection = _reviewed(request).select_related("member", "branch").filter(pk=reflection_id).first()
    if reflection is None:
        raise Http404
    review_reflection(by=request.user, reflection=reflection, complete=complete, comment=comment)  # type: ignore[arg-type]
    reflection.refresh_from_db()
    return reflection_out(reflection) | {
        "member": {"id": reflection.member_id, "full_name": reflection.member.full_name},
        "branch": {"id": reflection.branch_id, "name": reflection.branch.name},
    }


REVIEW = {200: ReviewOut, **problems(400, 401, 404, 413, 422)}


@router.post("/studies/reflections/{reflection_id}/complete", response=REVIEW)
def complete_reflection(request: HttpRequest, reflection_id: int, data: ReviewIn) -> dict[str, Any]:
    """The member's branch committee marks a submitted reflection complete (đạt); the member is told."""
    return _review(request, reflection_id, complete=True, comment=data.comment)


@router.post("/studies/reflections/{reflection_id}/return", response=REVIEW)
def return_reflection(request: HttpRequest, reflection_id: int, data: ReviewIn) -> dict[str, Any]:
    """The member's branch committee returns a submitted reflection with a comment (required)."""
    return _review(request, reflection_id, complete=False, comment=data.comment)


def _progress_out(row: BranchProgress, branch: Org | None) -> dict[str, Any]:
    return {
        "branch": {"id": branch.pk, "name": branch.name} if branch else None,
        "target": row.target,
        "not_started": row.not_started,
        "draft": row.draft,
        "submitted": row.submitted,
        "returned": row.returned,
        "completed": row.completed,
        "late": row.late,
    }


@router.get("/studies/{study_id}/progress", response={200: ProgressPage, **problems(400, 401, 404, 422)})
def study_progress(request: HttpRequest, study_id: int, params: Query[CursorParams]) -> dict[str, Any]:
    """Per branch of the study's subtree within the caller's scope (committees and staff): members,
    reflections by state, late ones; in tree order, with the total."""
    roots = scope_roots(request.user, Cap.VIEW_MEMBERS)
    if not roots:
        raise Http404
    study = access.get_study_for_user(request.user, study_id)
    rows: dict[int, BranchProgress] = {}
    for root in roots:
        rows.update(progress_by_branch(study, root))
    branches = Org.objects.in_bulk(list(rows))
    ordered = sorted(branches.values(), key=lambda o: o.path)
    after = decode_cursor(params.cursor)
    if after is not None and not after.isdigit():
        raise HttpError(400, BAD_CURSOR)
    if after:
        ordered = [o for o in ordered if o.path > after]
    page = ordered[:PAGE_SIZE]
    following = encode_cursor(page[-1].path) if len(ordered) > PAGE_SIZE else None
    return {
        "items": [_progress_out(rows[o.pk], o) for o in page],
        "next": following,
        "total": _progress_out(rolled_up(rows), None),
    }
