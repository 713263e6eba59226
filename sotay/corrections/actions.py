"""Every write to corrections: keyword-only, atomic, one audit row per step.

Applying a value writes the record through `sotay.members.actions.update_member` (its own event and audit
row, the registry's rules and uniqueness); a refusal there leaves the correction as it was.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.corrections import fields, notices
from sotay.corrections.models import Correction, CorrectionState
from sotay.members.actions import update_member
from sotay.members.models import Member

if TYPE_CHECKING:
    from sotay.accounts.models import User

NOT_OPEN = "Yêu cầu này đã được xử lý xong; không thay đổi gì thêm."


def _due(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=settings.SOTAY_CORRECTION_DAYS)


def _audit(
    correction: Correction,
    by: User | None,
    action: AuditAction,
    summary: str,
    changes: dict[str, Any] | None = None,
) -> None:
    record(
        actor=by,
        action=action,
        object_type="correction",
        object_id=correction.pk,
        org=correction.member.org,
        summary=summary,
        changes=changes,
    )


@transaction.atomic
def submit_correction(*, member: Member, by: User, field: str, value: str, note: str = "") -> Correction:
    """The member's report on one field of their own record. A second report on a field with one still
    open changes nothing and returns the open one."""
    if field in fields.LOCKED:
        raise ActionError(fields.LOCKED_MESSAGE.format(label=fields.LOCKED[field]))
    if field not in fields.CORRECTABLE:
        raise ActionError("Trường này không sửa được bằng báo sai thông tin.")
    value, note = value.strip(), note.strip()
    if len(value) > 255 or len(note) > 500:
        raise ActionError("Giá trị đề nghị dài quá 255 ký tự hoặc ghi chú dài quá 500 ký tự.")
    member = Member.objects.select_related("org").get(pk=member.pk)
    existing = Correction.objects.open().filter(member=member, field=field).first()
    if existing is not None:
        return existing
    if value == fields.shown(member, field):
        raise ActionError({"value": ["Giá trị đề nghị giống giá trị đang có trong hồ sơ."]})
    try:
        parsed = fields.parse(field, value)
    except ValueError:
        raise ActionError({"value": ["Ngày không hợp lệ: hãy ghi theo dạng dd/mm/yyyy."]}) from None
    problems = fields.check(member, field, parsed)
    if problems:
        raise ActionError({"value": problems})
    now = timezone.now()
    try:
        with transaction.atomic():
            correction = Correction.objects.create(
                member=member,
                field=field,
                current_value=fields.shown(member, field),
                proposed_value=value,
                note=note,
                created_by=by,
                due_at=_due(now),
            )
    except IntegrityError:  # a concurrent double submit won
        return Correction.objects.open().get(member=member, field=field)
    _audit(correction, by, AuditAction.CREATE, f"Đảng viên {member.code} báo sai «{fields.LABELS[field]}»")
    notices.submitted(correction)
    return correction


def _locked(correction: Correction) -> Correction:
    return Correction.objects.select_for_update().select_related("member__org").get(pk=correction.pk)


@transaction.atomic
def forward_correction(*, correction: Correction, by: User) -> Correction:
    """The branch committee agrees and sends the report to unit staff. Forwarding twice does nothing."""
    correction = _locked(correction)
    if correction.state == CorrectionState.FORWARDED:
        return correction
    if correction.state != CorrectionState.SUBMITTED:
        raise ActionError(NOT_OPEN)
    now = timezone.now()
    correction.state = CorrectionState.FORWARDED
    correction.forwarded_at, correction.forwarded_by, correction.due_at = now, by, _due(now)
    correction.save(update_fields=["state", "forwarded_at", "forwarded_by", "due_at"])
    _audit(
        correction,
        by,
        AuditAction.STATUS,
        f"Cấp ủy chuyển báo sai «{fields.LABELS[correction.field]}» của {correction.member.code}",
    )
    notices.forwarded(correction)
    return correction


@transaction.atomic
def apply_correction(*, correction: Correction, by: User) -> Correction:
    """Unit staff write the proposed value through the registry's actions (its rules, event and audit
    row). A value the registry refuses raises its reason and changes nothing. Applying twice does nothing."""
    correction = _locked(correction)
    if correction.state == CorrectionState.APPLIED:
        return correction
    if correction.state != CorrectionState.FORWARDED:
        raise ActionError(
            NOT_OPEN if not correction.is_open else "Yêu cầu cần được cấp ủy chi bộ chuyển lên trước."
        )
    try:
        value = fields.parse(correction.field, correction.proposed_value)
    except ValueError:
        raise ActionError("Giá trị đề nghị không đọc được; hãy từ chối và ghi lý do.") from None
    update_member(member=correction.member, by=by, **{correction.field: value})
    correction.state = CorrectionState.APPLIED
    correction.decided_at, correction.decided_by = timezone.now(), by
    correction.save(update_fields=["state", "decided_at", "decided_by"])
    _audit(
        correction,
        by,
        AuditAction.STATUS,
        f"Cập nhật báo sai «{fields.LABELS[correction.field]}» vào hồ sơ {correction.member.code}",
    )
    notices.applied(correction)
    return correction


@transaction.atomic
def reject_correction(*, correction: Correction, by: User, reason: str) -> Correction:
    """The committee (submitted) or unit staff (forwarded) refuse, with a reason the member reads.
    Rejecting twice changes nothing."""
    reason = reason.strip()
    if not reason:
        raise ActionError({"reason": ["Xin ghi lý do để đảng viên biết."]})
    correction = _locked(correction)
    if correction.state == CorrectionState.REJECTED:
        return correction
    if not correction.is_open:
        raise ActionError(NOT_OPEN)
    correction.rejected_at_step = correction.state
    correction.state = CorrectionState.REJECTED
    correction.decided_at, correction.decided_by = timezone.now(), by
    correction.reason = reason[:255]
    correction.save(update_fields=["state", "rejected_at_step", "decided_at", "decided_by", "reason"])
    _audit(
        correction,
        by,
        AuditAction.STATUS,
        f"Từ chối báo sai «{fields.LABELS[correction.field]}» của {correction.member.code}",
        changes={"reason": ["", reason[:255]]},
    )
    notices.rejected(correction)
    return correction
