"""Corrections ("Báo sai thông tin") through the API, with the pages' rules (`sotay.corrections`).

The member reports a wrong value on their own record (the report form's checks, then the action's: the
one field table and the registry's rules) and follows their reports; the branch committee forwards or
rejects, unit staff apply or reject, each in their subtree (404 outside). There is no withdrawal: the
page has none. Nobody handles a report on their own record (403).
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from sotay.accounts.permissions import Cap, can
from sotay.api.pagination import CursorParams, page_by
from sotay.api.problems import problems
from sotay.api.schemas import OrgRef, Page
from sotay.core.errors import ActionError
from sotay.corrections import access, fields
from sotay.corrections.actions import (
    apply_correction,
    forward_correction,
    reject_correction,
    submit_correction,
)
from sotay.corrections.forms import RejectForm, ReportForm
from sotay.corrections.models import Correction, CorrectionQuerySet, CorrectionState
from sotay.handbook.access import own_member
from sotay.members.actions import record_view

router = Router(tags=["corrections"])

# The fields a client may name (a locked one is refused with the way to change it).
FIELD_ENUM: dict[str, Any] = {"enum": [*fields.CORRECTABLE, *fields.LOCKED]}
OWN_REPORT = "Đồng chí không thể tự xử lý báo sai trên hồ sơ của chính mình."
WRONG_STEP = "Không thực hiện được bước này ở tình trạng hiện tại của yêu cầu."


class CorrectionIn(Schema):
    field: str = Field(
        max_length=20,
        description="Trường báo sai (tên trong bảng trường); tình trạng và chi bộ không báo sai được.",
        json_schema_extra=FIELD_ENUM,
    )
    value: str = Field("", max_length=255, description="Giá trị đúng (ngày theo dạng dd/mm/yyyy).")
    note: str = Field("", max_length=500, description="Ghi chú cho cấp ủy (không bắt buộc).")


class CorrectionOut(Schema):
    """A report as its member reads it."""

    id: int
    field: str = Field(title="Trường")
    field_label: str = Field(title="Thông tin")
    current_value: str = Field(title="Giá trị trong hồ sơ lúc báo")
    proposed_value: str = Field(title="Giá trị đề nghị")
    note: str = Field(title="Ghi chú của đảng viên")
    state: str = Field(title="Tình trạng", description="submitted / forwarded / applied / rejected")
    state_label: str = Field(title="Tình trạng (tên)")
    created_at: datetime.datetime
    due_at: datetime.datetime = Field(title="Hạn xử lý bước hiện tại")
    overdue: bool = Field(title="Quá hạn")
    reason: str = Field(title="Lý do không chấp nhận")
    rejected_by: str = Field(title="Bên từ chối", description="committee / staff / trống")


class MemberRef(Schema):
    id: int
    code: str = Field(title="Số thẻ / mã đảng viên")
    full_name: str = Field(title="Họ và tên")


class QueuedCorrection(Schema):
    """A report in a committee's or unit staff's queue (as the queue page: no values; the detail has them)."""

    id: int
    member: MemberRef
    branch: OrgRef = Field(title="Chi bộ")
    field: str = Field(title="Trường")
    field_label: str = Field(title="Thông tin")
    state: str = Field(title="Tình trạng", description="submitted: chờ cấp ủy; forwarded: chờ Ban Tổ chức")
    due_at: datetime.datetime = Field(title="Hạn xử lý")
    overdue: bool = Field(title="Quá hạn")


class CorrectionDetail(CorrectionOut):
    """A report as the committee or unit staff handle it (the read is audited)."""

    member: MemberRef
    branch: OrgRef = Field(title="Chi bộ")
    record_value: str = Field(title="Giá trị hiện có trong hồ sơ")
    may_forward: bool = Field(title="Được chuyển lên")
    may_apply: bool = Field(title="Được cập nhật vào hồ sơ")


class QueueParams(CursorParams):
    queue: Literal["all", "committee", "staff"] = Field(
        "all", description="committee: chờ cấp ủy chi bộ; staff: chờ Ban Tổ chức; all: cả hai."
    )
    overdue: bool = Field(False, description="Chỉ các yêu cầu quá hạn.")


class RejectIn(Schema):
    reason: str = Field(max_length=255, description="Lý do không chấp nhận (đảng viên đọc được).")


def _out(c: Correction) -> dict[str, Any]:
    by = {"submitted": "committee", "forwarded": "staff"}.get(c.rejected_at_step, "")
    return {
        "id": c.pk,
        "field": c.field,
        "field_label": fields.LABELS.get(c.field, c.field),
        "current_value": c.current_value,
        "proposed_value": c.proposed_value,
        "note": c.note,
        "state": c.state,
        "state_label": c.get_state_display(),
        "created_at": c.created_at,
        "due_at": c.due_at,
        "overdue": c.is_overdue,
        "reason": c.reason,
        "rejected_by": by if c.state == CorrectionState.REJECTED else "",
    }


def _member(c: Correction) -> dict[str, Any]:
    m = c.member
    return {
        "member": {"id": m.pk, "code": m.code, "full_name": m.full_name},
        "branch": {"id": m.org_id, "name": m.org.name},
    }


@router.get("/me/corrections", response={200: Page[CorrectionOut], **problems(400, 401, 404, 422)})
def my_corrections(request: HttpRequest, params: Query[CursorParams]) -> dict[str, Any]:
    """The member's own reports, newest first (the record page's list); 404 without the handbook."""
    member = own_member(request.user)
    rows, following = page_by(Correction.objects.filter(member=member), field="-id", cursor=params.cursor)
    return {"items": [_out(c) for c in rows], "next": following}


@router.get("/me/corrections/{correction_id}", response={200: CorrectionOut, **problems(401, 404, 422)})
def my_correction(request: HttpRequest, correction_id: int) -> dict[str, Any]:
    """One of the member's own reports; anyone else's is a 404."""
    c = Correction.objects.filter(member=own_member(request.user), pk=correction_id).first()
    if c is None:
        raise Http404
    return _out(c)


@router.post(
    "/me/corrections", response={200: CorrectionOut, 201: CorrectionOut, **problems(400, 401, 404, 413, 422)}
)
def report_correction(request: HttpRequest, data: CorrectionIn) -> Status:
    """Report a wrong value on one's own record: 201 with the new report; 200 with the open one when the
    field already has one (a double submit adds nothing). Refused input: 422, nothing sent."""
    member = own_member(request.user)
    value, note = data.value, data.note
    if data.field in fields.CORRECTABLE:
        open_one = Correction.objects.open().filter(member=member, field=data.field).first()
        if open_one is not None:
            return Status(200, _out(open_one))
        form = ReportForm({"value": value, "note": note}, field=data.field)
        if not form.is_valid():
            raise ActionError([m for errors in form.errors.values() for m in errors])
        value, note = form.cleaned_data["value"], form.cleaned_data["note"]
    c = submit_correction(member=member, by=request.user, field=data.field, value=value, note=note)  # type: ignore[arg-type]
    return Status(201, _out(c))


def _queue(user: Any, params: QueueParams) -> CorrectionQuerySet:
    if params.queue == "committee":
        return access.committee_queue(user)
    if params.queue == "staff":
        return access.staff_queue(user)
    return access.committee_queue(user) | access.staff_queue(user)


@router.get("/corrections", response={200: Page[QueuedCorrection], **problems(400, 401, 404, 422)})
def correction_queue(request: HttpRequest, params: Query[QueueParams]) -> dict[str, Any]:
    """The reports waiting for the caller's committee (their branches) and unit staff (their subtree),
    oldest first, with the overdue flag (the queue page); 404 for anyone with neither queue."""
    if not access.may_see_queues(request.user):
        raise Http404
    qs = _queue(request.user, params)
    if params.overdue:
        qs = qs.overdue()
    rows, following = page_by(qs.select_related("member__org"), field="id", cursor=params.cursor)
    items = [
        _member(c)
        | {
            "id": c.pk,
            "field": c.field,
            "field_label": fields.LABELS.get(c.field, c.field),
            "state": c.state,
            "due_at": c.due_at,
            "overdue": c.is_overdue,
        }
        for c in rows
    ]
    return {"items": items, "next": following}


def _detail(user: Any, c: Correction) -> dict[str, Any]:
    return (
        _out(c)
        | _member(c)
        | {
            "record_value": fields.shown(c.member, c.field) if c.field in fields.CORRECTABLE else "",
            "may_forward": access.may_forward(user, c),
            "may_apply": access.may_apply(user, c),
        }
    )


@router.get("/corrections/{correction_id}", response={200: CorrectionDetail, **problems(401, 404, 422)})
def correction_detail(request: HttpRequest, correction_id: int) -> dict[str, Any]:
    """A report in the caller's subtree beside the record's value (the read is audited); 404 outside."""
    c = access.get_correction_for_user(request.user, correction_id)
    record_view(member=c.member, by=request.user, what="Xem báo sai thông tin qua API của")  # type: ignore[arg-type]
    return _detail(request.user, c)


def _handled(request: HttpRequest, correction_id: int) -> Correction:
    c = access.get_correction_for_user(request.user, correction_id)
    if access.is_own(request.user, c):
        raise HttpError(403, OWN_REPORT)
    return c


STEP_PROBLEMS = problems(400, 401, 403, 404, 413, 422)


@router.post("/corrections/{correction_id}/forward", response={200: CorrectionDetail, **STEP_PROBLEMS})
def forward_report(request: HttpRequest, correction_id: int) -> dict[str, Any]:
    """The branch committee sends the report to unit staff (again: nothing changes)."""
    c = _handled(request, correction_id)
    done = c.state == CorrectionState.FORWARDED and can(request.user, Cap.MANAGE_ACCOUNTS, c.member.org)
    if not (access.may_forward(request.user, c) or done):
        raise ActionError(WRONG_STEP)
    forward_correction(correction=c, by=request.user)  # type: ignore[arg-type]
    return _detail(request.user, access.get_correction_for_user(request.user, correction_id))


@router.post("/corrections/{correction_id}/apply", response={200: CorrectionDetail, **STEP_PROBLEMS})
def apply_report(request: HttpRequest, correction_id: int) -> dict[str, Any]:
    """Unit staff write the proposed value into the record through the registry's rules (a value the
    registry refuses is a 422 with its reason, nothing changes); again: nothing changes."""
    c = _handled(request, correction_id)
    done = c.state == CorrectionState.APPLIED and can(request.user, Cap.EDIT_MEMBERS, c.member.org)
    if not (access.may_apply(request.user, c) or done):
        raise ActionError(WRONG_STEP)
    apply_correction(correction=c, by=request.user)  # type: ignore[arg-type]
    return _detail(request.user, access.get_correction_for_user(request.user, correction_id))


@router.post("/corrections/{correction_id}/reject", response={200: CorrectionDetail, **STEP_PROBLEMS})
def reject_report(request: HttpRequest, correction_id: int, data: RejectIn) -> dict[str, Any]:
    """The committee (a submitted report) or unit staff (a forwarded one) refuse with a reason the member
    reads; again: nothing changes."""
    c = _handled(request, correction_id)
    form = RejectForm({"reason": data.reason})
    if not form.is_valid():
        raise ActionError([m for errors in form.errors.values() for m in errors])
    done = c.state == CorrectionState.REJECTED and (
        can(request.user, Cap.MANAGE_ACCOUNTS, c.member.org)
        or can(request.user, Cap.EDIT_MEMBERS, c.member.org)
    )
    if not (access.may_forward(request.user, c) or access.may_apply(request.user, c) or done):
        raise ActionError(WRONG_STEP)
    reject_correction(correction=c, by=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
    return _detail(request.user, access.get_correction_for_user(request.user, correction_id))
