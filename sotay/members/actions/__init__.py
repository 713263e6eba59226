"""Every write to member records: keyword-only, atomic, one audit row, a life-cycle event.

* `records` — create a record, correct its fields, log a read;
* `lifecycle` — recognise official, exempt / reinstate, end membership (domain.md §4.6);
* `transfers` — start, request (by the receiving side), receive, cancel a transfer between branches;
* `bulk` — many records in one transaction: promotion of a reviewed import (COPY on PostgreSQL);
* `load` — a checked legacy export into the registry (`sotay load-registry`), in batches of `bulk`;
* `merge` — the members of merged organisations.

Nothing else writes to `Member`, `MemberEvent` or `Transfer`.
"""

from sotay.members.actions._common import EDITABLE_FIELDS
from sotay.members.actions.bulk import BulkRow, upsert_members
from sotay.members.actions.lifecycle import (
    ENDING_STATUSES,
    PROBATION_MONTHS,
    end_membership,
    exempt_member,
    recognise_official,
    reinstate_member,
)
from sotay.members.actions.merge import merge_orgs, move_members_of_org
from sotay.members.actions.records import create_member, record_view, update_member
from sotay.members.actions.transfers import (
    cancel_transfer,
    receive_transfer,
    request_transfer_in,
    start_transfer,
)

__all__ = [
    "EDITABLE_FIELDS",
    "ENDING_STATUSES",
    "PROBATION_MONTHS",
    "BulkRow",
    "cancel_transfer",
    "create_member",
    "end_membership",
    "exempt_member",
    "merge_orgs",
    "move_members_of_org",
    "receive_transfer",
    "recognise_official",
    "record_view",
    "reinstate_member",
    "request_transfer_in",
    "start_transfer",
    "update_member",
    "upsert_members",
]
