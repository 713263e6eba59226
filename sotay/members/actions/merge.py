"""Organisation merges, members' side: hand a closed organisation's members to its successor."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING

from django.db import transaction

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.members import counts
from sotay.members.models import EventKind, Member, MemberEvent
from sotay.orgs import actions as org_actions
from sotay.orgs.models import Org

if TYPE_CHECKING:
    from sotay.accounts.models import User


def move_members_of_org(*, source: Org, into: Org, on: datetime.date, by: User | None) -> int:
    """Hand every member of `source` (and every transfer heading to it) to `into`, with an event each.

    Part of `merge_orgs`, which holds the transaction and writes the audit row.
    """
    moved = list(Member.objects.filter(org=source).values_list("pk", "status", "in_transit_to_id"))
    moved_ids = [pk for pk, _, _ in moved]
    Member.objects.filter(pk__in=moved_ids).update(org=into)
    deltas: counts.Deltas = Counter()
    for _, status, transit_to in moved:
        transit = 1 if transit_to else 0
        counts.delta(deltas, source.pk, status, members=-1, in_transit=-transit)
        counts.delta(deltas, into.pk, status, members=1, in_transit=transit)
    counts.apply(deltas)
    Member.objects.filter(in_transit_to=source).update(in_transit_to=into)
    MemberEvent.objects.bulk_create(
        MemberEvent(
            member_id=pk, kind=EventKind.ORG_MERGED, on=on, from_org=source, to_org=into, created_by=by
        )
        for pk in moved_ids
    )
    return len(moved_ids)


@transaction.atomic
def merge_orgs(*, sources: list[Org], into: Org, on: datetime.date, by: User | None) -> Org:
    """Close `sources` on `on`, hand their children and members to `into`, and record `into` as successor."""
    if not sources:
        raise ActionError({"sources": ["Chọn ít nhất một tổ chức để sáp nhập."]})
    for source in sources:
        source = org_actions.check_merge(source=source, into=into)
        org_actions.hand_over_children(source=source, into=into, by=by)
        moved = move_members_of_org(source=source, into=into, on=on, by=by)
        org_actions.close_org(org=source, successor=into, on=on)
        record(
            actor=by,
            action=AuditAction.UPDATE,
            object_type="org",
            object_id=source.pk,
            org=source,
            summary=f"Sáp nhập {source.code} vào {into.code} ({moved} đảng viên)",
        )
    return into
