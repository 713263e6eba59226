"""Every write to member records: keyword-only, atomic, one audit row, a life-cycle event.

Status life cycle (domain.md §4.6):
    dự bị → chính thức (exactly 12 months after admission) | xóa tên
    chính thức ↔ miễn sinh hoạt
    any active status → xóa tên | khai trừ | xin ra | từ trần (terminal, dated)
    transfer: start (member stays counted at the sending branch) → receive (moves) | cancel
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from sotay import vn
from sotay.audit.log import changes_of, record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.members.models import (
    ACTIVE_STATUSES,
    EventKind,
    Member,
    MemberEvent,
    MemberStatus,
    Transfer,
    TransferState,
)
from sotay.members.validation import clean_record
from sotay.orgs.models import BRANCH_TYPES, Org

if TYPE_CHECKING:
    from sotay.accounts.models import User

EDITABLE_FIELDS = (
    "code",
    "full_name",
    "birth_date",
    "gender",
    "cccd",
    "card_number",
    "profile_number",
    "admission_date",
    "official_date",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "phone",
    "education",
    "political_theory",
)
PROBATION_MONTHS = 12


def _today() -> datetime.date:
    return datetime.date.today()


def _snapshot(member: Member) -> dict[str, Any]:
    return {f: getattr(member, f) for f in (*EDITABLE_FIELDS, "status", "org_id", "in_transit_to_id")}


def _audit(
    member: Member,
    by: User | None,
    action: AuditAction,
    summary: str,
    *,
    org: Org | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """One audit row for a change to `member`, filed under its branch (or `org`) for subtree filtering."""
    record(
        actor=by,
        action=action,
        object_type="member",
        object_id=member.pk,
        org=org or member.org,
        summary=summary,
        changes=changes,
    )


def _event(member: Member, kind: str, on: datetime.date, by: User | None, **extra: Any) -> MemberEvent:
    return MemberEvent.objects.create(member=member, kind=kind, on=on, created_by=by, **extra)


def _check_uniqueness(values: dict[str, Any], *, exclude_pk: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    others = Member.objects.exclude(pk=exclude_pk) if exclude_pk else Member.objects.all()
    if values.get("code") and others.filter(code=values["code"]).exists():
        errors["code"] = [f"Mã đảng viên {values['code']} đã có trong hệ thống."]
    if values.get("cccd") and others.filter(cccd=values["cccd"]).exists():
        errors["cccd"] = ["Số CCCD này đã thuộc về một đảng viên khác."]
    if values.get("card_number") and others.filter(card_number=values["card_number"]).exists():
        errors["card_number"] = ["Số thẻ đảng viên này đã thuộc về một đảng viên khác."]
    return errors


def _raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ActionError(errors)


@transaction.atomic
def create_member(
    *,
    by: User | None,
    org: Org,
    status: str = MemberStatus.DU_BI,
    decision_ref: str = "",
    today: datetime.date | None = None,
    **fields: Any,
) -> Member:
    """Record a member (an existing one from a paper file or an import, or a new admission).

    A new admission is `status="du_bi"` with its admission date; an existing official member carries
    `official_date` and usually `card_number`.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    data = {f: fields.get(f) for f in EDITABLE_FIELDS} | {"org": org, "status": status}
    for f in (
        "profile_number",
        "ethnicity",
        "religion",
        "hometown",
        "residence",
        "education",
        "political_theory",
    ):
        data[f] = (data[f] or "").strip() if isinstance(data[f], str) or data[f] is None else data[f]
    for f in ("code", "full_name", "birth_date", "gender", "cccd", "admission_date"):
        if data.get(f) in (None, ""):
            raise ActionError({f: ["Trường này là bắt buộc."]})
    cleaned = clean_record(data, today=today)
    _raise_if(cleaned.errors)
    values = cleaned.values
    _raise_if(_check_uniqueness(values, exclude_pk=None))
    on = (
        values["official_date"]
        if status != MemberStatus.DU_BI and values["official_date"]
        else values["admission_date"]
    )
    member = Member(**values, name_key=vn.fold(values["full_name"]), status_since=on)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        # A concurrent insert won the race for the same code/CCCD/card.
        raise ActionError({"cccd": ["Mã đảng viên, số CCCD hoặc số thẻ đã có trong hệ thống."]}) from None
    kind = EventKind.ADMITTED if status == MemberStatus.DU_BI else EventKind.CREATED
    _event(
        member, kind, values["admission_date"], by, to_status=status, to_org=org, decision_ref=decision_ref
    )
    _audit(
        member,
        by,
        AuditAction.CREATE,
        f"Lập hồ sơ {member.code}",
        org=org,
        changes=changes_of({}, _snapshot(member)),
    )
    return member


@transaction.atomic
def update_member(
    *, member: Member, by: User | None, today: datetime.date | None = None, **fields: Any
) -> Member:
    """Correct fields of a record. Status and branch change only through their own actions."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = _snapshot(member)
    data = {f: getattr(member, f) for f in EDITABLE_FIELDS} | {"status": member.status, "org": member.org}
    data.update(fields)
    cleaned = clean_record(data, today=today)
    cleaned.errors.pop("org", None)  # the branch is not being changed here
    _raise_if(cleaned.errors)
    _raise_if(_check_uniqueness(cleaned.values, exclude_pk=member.pk))
    for f in EDITABLE_FIELDS:
        setattr(member, f, cleaned.values[f])
    member.name_key = vn.fold(member.full_name)
    changed = changes_of(before, _snapshot(member))
    if not changed:
        return member
    member.save(update_fields=[*EDITABLE_FIELDS, "name_key", "updated_at"])
    _event(member, EventKind.EDITED, today or _today(), by, note=", ".join(sorted(changed))[:255])
    _audit(member, by, AuditAction.UPDATE, f"Sửa hồ sơ {member.code}", changes=changed)
    return member


def _locked(member: Member) -> Member:
    return Member.objects.select_for_update().select_related("org").get(pk=member.pk)


def _check_event_date(member: Member, on: datetime.date) -> None:
    if on > _today():
        raise ActionError({"on": ["Ngày quyết định không được ở sau ngày hôm nay."]})
    if on < member.admission_date:
        raise ActionError({"on": ["Ngày này ở trước ngày vào Đảng."]})


def _set_status(
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
    member.save(update_fields=["status", "status_since", "official_date", "updated_at"])
    _event(member, kind, on, by, from_status=before, to_status=to, decision_ref=decision_ref, note=note)
    _audit(
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
    member = _locked(member)
    if member.status != MemberStatus.DU_BI:
        raise ActionError({"status": ["Chỉ đảng viên dự bị mới được công nhận chính thức."]})
    official = vn.add_months(member.admission_date, PROBATION_MONTHS)
    decided_on = decided_on or _today()
    _check_event_date(member, decided_on)
    if decided_on < official:
        raise ActionError(
            {"on": [f"Chưa hết 12 tháng dự bị: sớm nhất từ ngày {official:%d/%m/%Y} mới được công nhận."]}
        )
    member.official_date = official
    return _set_status(
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
    member = _locked(member)
    if member.status != MemberStatus.CHINH_THUC:
        raise ActionError({"status": ["Chỉ đảng viên chính thức mới được miễn sinh hoạt."]})
    _check_event_date(member, on)
    return _set_status(
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
    member = _locked(member)
    if member.status != MemberStatus.MIEN_SINH_HOAT:
        raise ActionError({"status": ["Đảng viên này không ở diện miễn sinh hoạt."]})
    _check_event_date(member, on)
    return _set_status(
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
    member = _locked(member)
    if member.status not in ACTIVE_STATUSES:
        raise ActionError({"status": [f"Đảng viên đã ở tình trạng «{member.get_status_display()}»."]})
    _check_event_date(member, on)
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
        _close_transfer(member, state=TransferState.CANCELLED, on=on, by=by)
    return _set_status(
        member, to=status, on=on, by=by, kind=EventKind.ENDED, decision_ref=decision_ref, note=note
    )


@transaction.atomic
def start_transfer(
    *, member: Member, to: Org, by: User | None, on: datetime.date, decision_ref: str = ""
) -> Transfer:
    """Send a member to another branch. Until it is received the member stays on the sending list."""
    member = _locked(member)
    if to.type not in BRANCH_TYPES:
        raise ActionError({"to": ["Chỉ chuyển sinh hoạt đến một chi bộ hoặc chi bộ cơ sở."]})
    if to.valid_to is not None and to.valid_to < _today():
        raise ActionError({"to": ["Chi bộ nhận đã giải thể hoặc sáp nhập."]})
    if to.pk == member.org_id:
        raise ActionError({"to": ["Đảng viên đang sinh hoạt ở chi bộ này."]})
    if member.status not in ACTIVE_STATUSES:
        raise ActionError({"status": ["Chỉ chuyển sinh hoạt cho đảng viên đang trong danh sách."]})
    if member.in_transit_to_id:
        raise ActionError({"status": ["Đảng viên đang trong một lần chuyển sinh hoạt chưa hoàn tất."]})
    _check_event_date(member, on)
    transfer = Transfer.objects.create(
        member=member, from_org=member.org, to_org=to, sent_on=on, decision_ref=decision_ref, created_by=by
    )
    member.in_transit_to = to
    member.save(update_fields=["in_transit_to", "updated_at"])
    _event(
        member, EventKind.TRANSFER_STARTED, on, by, from_org=member.org, to_org=to, decision_ref=decision_ref
    )
    _audit(
        member,
        by,
        AuditAction.TRANSFER,
        f"{member.code}: chuyển đi {to.code}",
        changes={"in_transit_to": [None, to.code]},
    )
    return transfer


def _close_transfer(member: Member, *, state: str, on: datetime.date, by: User | None) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(member=member, state=TransferState.IN_TRANSIT)
    transfer.state = state
    if state == TransferState.RECEIVED:
        transfer.received_on = on
    transfer.save(update_fields=["state", "received_on"])
    member.in_transit_to = None
    return transfer


@transaction.atomic
def receive_transfer(*, transfer: Transfer, by: User | None, on: datetime.date) -> Member:
    """The receiving branch confirms: the member moves in the same transaction that closes the transfer."""
    member = _locked(transfer.member)
    transfer.refresh_from_db()
    if transfer.state != TransferState.IN_TRANSIT:
        raise ActionError({"transfer": ["Lần chuyển sinh hoạt này đã kết thúc."]})
    if on < transfer.sent_on:
        raise ActionError({"on": ["Ngày tiếp nhận không được trước ngày chuyển đi."]})
    if on > _today():
        raise ActionError({"on": ["Ngày tiếp nhận không được ở sau ngày hôm nay."]})
    from_org = member.org
    _close_transfer(member, state=TransferState.RECEIVED, on=on, by=by)
    member.org = transfer.to_org
    member.save(update_fields=["org", "in_transit_to", "updated_at"])
    _event(member, EventKind.TRANSFER_RECEIVED, on, by, from_org=from_org, to_org=transfer.to_org)
    _audit(
        member,
        by,
        AuditAction.TRANSFER,
        f"{member.code}: tiếp nhận từ {from_org.code}",
        org=transfer.to_org,
        changes={"org": [from_org.code, transfer.to_org.code]},
    )
    return member


@transaction.atomic
def cancel_transfer(*, transfer: Transfer, by: User | None, on: datetime.date | None = None) -> Member:
    member = _locked(transfer.member)
    transfer.refresh_from_db()
    if transfer.state != TransferState.IN_TRANSIT:
        raise ActionError({"transfer": ["Lần chuyển sinh hoạt này đã kết thúc."]})
    on = on or _today()
    _close_transfer(member, state=TransferState.CANCELLED, on=on, by=by)
    member.save(update_fields=["in_transit_to", "updated_at"])
    _event(member, EventKind.TRANSFER_CANCELLED, on, by, from_org=member.org, to_org=transfer.to_org)
    _audit(member, by, AuditAction.TRANSFER, f"{member.code}: hủy chuyển đến {transfer.to_org.code}")
    return member


def record_view(*, member: Member, by: User | None, what: str = "Xem hồ sơ") -> None:
    """Every read of a member's personal page is logged."""
    _audit(member, by, AuditAction.VIEW, f"{what} {member.code}")
