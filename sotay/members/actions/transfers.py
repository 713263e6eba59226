"""Transfers between branches: the sending side starts, the receiving side confirms (or either cancels).

While a transfer is under way the member stays counted at the sending branch; the move happens in the
transaction that closes the transfer. A transfer may cross wards: the destination is any open branch
of the whole tree.

Two ways to open one:

* `start_transfer(member=, to=, by=, on=)` — the sending (holding) side sends; the receiving side
  confirms with `receive_transfer`.
* `request_transfer_in(member=, to_branch=, by=, note=)` — the receiving side asks for a member whom
  another unit holds (a campaign found the member in its file): the transfer is opened with
  `requested_by_receiver=True` and the holding unit confirms it with `receive_transfer` (or refuses
  with `cancel_transfer`). The campaign calls this for "a member held by another unit found in my
  file"; it raises `ActionError` (Vietnamese messages) when the member cannot be moved.

`Transfer.confirming_org_id` says which side confirms. Receiving or cancelling a transfer that is
already closed changes nothing and says so (a double submit is harmless).
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
    *,
    member: Member,
    to: Org,
    by: User | None,
    on: datetime.date,
    decision_ref: str = "",
    note: str = "",
) -> Transfer:
    """Send a member to another branch. Until it is received the member stays on the sending list."""
    return _open(member, to=to, by=by, on=on, decision_ref=decision_ref, note=note, by_receiver=False)


@transaction.atomic
def request_transfer_in(
    *,
    member: Member,
    to_branch: Org,
    by: User | None,
    note: str = "",
    on: datetime.date | None = None,
    decision_ref: str = "",
) -> Transfer:
    """The receiving side asks for a member another unit holds; the holding unit confirms.

    Example (the campaign, for a member of another unit found in its file):
        >>> request_transfer_in(member=m, to_branch=my_branch, by=user, note="Có trong danh sách rà soát")
    """
    return _open(
        member, to=to_branch, by=by, on=on or today(), decision_ref=decision_ref, note=note, by_receiver=True
    )


def _open(
    member: Member,
    *,
    to: Org,
    by: User | None,
    on: datetime.date,
    decision_ref: str,
    note: str,
    by_receiver: bool,
) -> Transfer:
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
        member=member,
        from_org=member.org,
        to_org=to,
        sent_on=on,
        decision_ref=decision_ref[:80],
        note=note[:255],
        requested_by_receiver=by_receiver,
        created_by=by,
    )
    member.in_transit_to = to
    member.save(update_fields=["in_transit_to", "updated_at"])
    counts.bump(member.org_id, member.status, in_transit=1)
    event(
        member,
        EventKind.TRANSFER_STARTED,
        on,
        by,
        from_org=member.org,
        to_org=to,
        decision_ref=decision_ref[:80],
        note=("Bên nhận đề nghị chuyển đến. " if by_receiver else "") + note[:200],
    )
    audit(
        member,
        by,
        AuditAction.TRANSFER,
        f"{member.code}: {'đề nghị chuyển đến' if by_receiver else 'chuyển đi'} {to.code}",
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
    """The receiving branch confirms (the holding one, when the receiver asked): the member moves in
    the same transaction that closes the transfer."""
    member = locked(transfer.member)
    transfer.refresh_from_db()
    _check_open(transfer)
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
    _check_open(transfer)
    on = on or today()
    close_transfer(member, state=TransferState.CANCELLED, on=on, by=by)
    member.save(update_fields=["in_transit_to", "updated_at"])
    counts.bump(member.org_id, member.status, in_transit=-1)
    event(member, EventKind.TRANSFER_CANCELLED, on, by, from_org=member.org, to_org=transfer.to_org)
    audit(member, by, AuditAction.TRANSFER, f"{member.code}: hủy chuyển đến {transfer.to_org.code}")
    return member


def _check_open(transfer: Transfer) -> None:
    if transfer.state == TransferState.RECEIVED:
        raise ActionError({"transfer": ["Lần chuyển sinh hoạt này đã được tiếp nhận; không có gì thay đổi."]})
    if transfer.state == TransferState.CANCELLED:
        raise ActionError({"transfer": ["Lần chuyển sinh hoạt này đã bị hủy; không có gì thay đổi."]})
