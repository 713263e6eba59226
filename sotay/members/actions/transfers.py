"""Transfers between branches: the sending side starts, the receiving side confirms (or either cancels).

While a transfer is under way the member stays counted at the sending branch; the move happens in the
transaction that closes the transfer.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.members import counts
from sotay.members.actions._common import audit, check_event_date, event, locked, today
from sotay.members.models import ACTIVE_STATUSES, EventKind, Member, Transfer, TransferState
from sotay.orgs.models import BRANCH_TYPES, Org

if TYPE_CHECKING:
    from sotay.accounts.models import User


@transaction.atomic
def start_transfer(
    *, member: Member, to: Org, by: User | None, on: datetime.date, decision_ref: str = ""
) -> Transfer:
    """Send a member to another branch. Until it is received the member stays on the sending list."""
    member = locked(member)
    if to.type not in BRANCH_TYPES:
        raise ActionError({"to": ["Chỉ chuyển sinh hoạt đến một chi bộ hoặc chi bộ cơ sở."]})
    if to.valid_to is not None and to.valid_to < today():
        raise ActionError({"to": ["Chi bộ nhận đã giải thể hoặc sáp nhập."]})
    if to.pk == member.org_id:
        raise ActionError({"to": ["Đảng viên đang sinh hoạt ở chi bộ này."]})
    if member.status not in ACTIVE_STATUSES:
        raise ActionError({"status": ["Chỉ chuyển sinh hoạt cho đảng viên đang trong danh sách."]})
    if member.in_transit_to_id:
        raise ActionError({"status": ["Đảng viên đang trong một lần chuyển sinh hoạt chưa hoàn tất."]})
    check_event_date(member, on)
    transfer = Transfer.objects.create(
        member=member, from_org=member.org, to_org=to, sent_on=on, decision_ref=decision_ref, created_by=by
    )
    member.in_transit_to = to
    member.save(update_fields=["in_transit_to", "updated_at"])
    counts.bump(member.org_id, member.status, in_transit=1)
    event(
        member, EventKind.TRANSFER_STARTED, on, by, from_org=member.org, to_org=to, decision_ref=decision_ref
    )
    audit(
        member,
        by,
        AuditAction.TRANSFER,
        f"{member.code}: chuyển đi {to.code}",
        changes={"in_transit_to": [None, to.code]},
    )
    return transfer


def close_transfer(member: Member, *, state: str, on: datetime.date, by: User | None) -> Transfer:
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
    member = locked(transfer.member)
    transfer.refresh_from_db()
    if transfer.state != TransferState.IN_TRANSIT:
        raise ActionError({"transfer": ["Lần chuyển sinh hoạt này đã kết thúc."]})
    if on < transfer.sent_on:
        raise ActionError({"on": ["Ngày tiếp nhận không được trước ngày chuyển đi."]})
    if on > today():
        raise ActionError({"on": ["Ngày tiếp nhận không được ở sau ngày hôm nay."]})
    from_org = member.org
    close_transfer(member, state=TransferState.RECEIVED, on=on, by=by)
    member.org = transfer.to_org
    member.save(update_fields=["org", "in_transit_to", "updated_at"])
    deltas: counts.Deltas = counts.batch()
    counts.delta(deltas, from_org.pk, member.status, members=-1, in_transit=-1)
    counts.delta(deltas, member.org_id, member.status, members=1)
    counts.apply(deltas)
    event(member, EventKind.TRANSFER_RECEIVED, on, by, from_org=from_org, to_org=transfer.to_org)
    audit(
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
    member = locked(transfer.member)
    transfer.refresh_from_db()
    if transfer.state != TransferState.IN_TRANSIT:
        raise ActionError({"transfer": ["Lần chuyển sinh hoạt này đã kết thúc."]})
    on = on or today()
    close_transfer(member, state=TransferState.CANCELLED, on=on, by=by)
    member.save(update_fields=["in_transit_to", "updated_at"])
    counts.bump(member.org_id, member.status, in_transit=-1)
    event(member, EventKind.TRANSFER_CANCELLED, on, by, from_org=member.org, to_org=transfer.to_org)
    audit(member, by, AuditAction.TRANSFER, f"{member.code}: hủy chuyển đến {transfer.to_org.code}")
    return member
