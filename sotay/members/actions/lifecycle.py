"""The status life cycle (domain.md §4.6):

dự bị → chính thức (exactly 12 months after admission) | xóa tên
chính thức ↔ miễn sinh hoạt
any active status → xóa tên | khai trừ | xin ra | từ trần (terminal, dated)
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from sotay import vn
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.members import counts
from sotay.members.actions._common import audit, check_event_date, event, locked, today
from sotay.members.actions.transfers import close_transfer
from sotay.members.models import ACTIVE_STATUSES, EventKind, Member, MemberStatus, TransferState

if TYPE_CHECKING:
    from sotay.accounts.models import User

PROBATION_MONTHS = 12


def set_status(
    member: Member,
    *,
    to: str,
    on: datetime.date,
    by: User | None,
    kind: str,
    decision_ref: str,
    note: str = "",
) -> Member:
    before = member.status
    member.status = to
    member.status_since = on
    member.save(update_fields=["status", "status_since", "official_date", "in_transit_to", "updated_at"])
    transit = 1 if member.in_transit_to_id else 0
    deltas: counts.Deltas = counts.batch()
    counts.delta(deltas, member.org_id, before, members=-1, in_transit=-transit)
    counts.delta(deltas, member.org_id, to, members=1, in_transit=transit)
    counts.apply(deltas)
    event(member, kind, on, by, from_status=before, to_status=to, decision_ref=decision_ref, note=note)
    audit(
        member,
        by,
        AuditAction.STATUS,
        f"{member.code}: {MemberStatus(before).label} → {MemberStatus(to).label}",
        changes={"status": [before, to], "decision_ref": ["", decision_ref]},
    )
    return member


@transaction.atomic
def recognise_official(
    *, member: Member, by: User | None, decision_ref: str, decided_on: datetime.date | None = None
) -> Member:
    """Dự bị → chính thức. The official date is exactly 12 months after admission (QĐ 24, §4.2),
    whatever day the decision is signed; the decision cannot come before that date."""
    member = locked(member)
    if member.status != MemberStatus.DU_BI:
        raise ActionError({"status": ["Chỉ đảng viên dự bị mới được công nhận chính thức."]})
    official = vn.add_months(member.admission_date, PROBATION_MONTHS)
    decided_on = decided_on or today()
    check_event_date(member, decided_on)
    if decided_on < official:
        raise ActionError(
            {"on": [f"Chưa hết 12 tháng dự bị: sớm nhất từ ngày {official:%d/%m/%Y} mới được công nhận."]}
        )
    member.official_date = official
    return set_status(
        member,
        to=MemberStatus.CHINH_THUC,
        on=official,
        by=by,
        kind=EventKind.RECOGNISED_OFFICIAL,
        decision_ref=decision_ref,
    )


@transaction.atomic
def exempt_member(
    *, member: Member, by: User | None, on: datetime.date, decision_ref: str, note: str = ""
) -> Member:
    """Chính thức → miễn công tác và sinh hoạt đảng (the member leaves the handbook)."""
    member = locked(member)
    if member.status != MemberStatus.CHINH_THUC:
        raise ActionError({"status": ["Chỉ đảng viên chính thức mới được miễn sinh hoạt."]})
    check_event_date(member, on)
    return set_status(
        member,
        to=MemberStatus.MIEN_SINH_HOAT,
        on=on,
        by=by,
        kind=EventKind.EXEMPTED,
        decision_ref=decision_ref,
        note=note,
    )


@transaction.atomic
def reinstate_member(*, member: Member, by: User | None, on: datetime.date, decision_ref: str = "") -> Member:
    """Miễn sinh hoạt → chính thức."""
    member = locked(member)
    if member.status != MemberStatus.MIEN_SINH_HOAT:
        raise ActionError({"status": ["Đảng viên này không ở diện miễn sinh hoạt."]})
    check_event_date(member, on)
    return set_status(
        member, to=MemberStatus.CHINH_THUC, on=on, by=by, kind=EventKind.REINSTATED, decision_ref=decision_ref
    )


ENDING_STATUSES = {
    MemberStatus.XOA_TEN,
    MemberStatus.KHAI_TRU,
    MemberStatus.XIN_RA,
    MemberStatus.TU_TRAN,
}


@transaction.atomic
def end_membership(
    *, member: Member, by: User | None, status: str, on: datetime.date, decision_ref: str = "", note: str = ""
) -> Member:
    """Xóa tên, khai trừ, xin ra khỏi Đảng or từ trần: terminal, dated, from an active status."""
    if status not in ENDING_STATUSES:
        raise ActionError({"status": ["Hình thức ra khỏi danh sách không hợp lệ."]})
    member = locked(member)
    if member.status not in ACTIVE_STATUSES:
        raise ActionError({"status": [f"Đảng viên đã ở tình trạng «{member.get_status_display()}»."]})
    check_event_date(member, on)
    known = [member.admission_date, member.official_date, member.status_since]
    known.append(member.events.order_by("-on").values_list("on", flat=True).first())
    latest = max(d for d in known if d is not None)
    if status == MemberStatus.TU_TRAN and on < latest:
        raise ActionError({"on": [f"Ngày từ trần phải sau mọi sự kiện đã ghi (gần nhất {latest:%d/%m/%Y})."]})
    if member.in_transit_to_id:
        if status != MemberStatus.TU_TRAN:
            raise ActionError(
                {"status": ["Đảng viên đang chuyển sinh hoạt: hãy hoàn tất hoặc hủy việc chuyển trước."]}
            )
        close_transfer(member, state=TransferState.CANCELLED, on=on, by=by)
        counts.bump(member.org_id, member.status, in_transit=-1)
    return set_status(
        member, to=status, on=on, by=by, kind=EventKind.ENDED, decision_ref=decision_ref, note=note
    )
