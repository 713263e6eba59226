"""What changed since the last refresh: the members whose per-member facts may differ, and per kind of
branch figure (`branch_facts.GROUPS`) the branches whose inputs of that kind changed.

Every signal is one query on a timestamp (or the usage table's primary key). Those of accounts, usage
and meetings are indexed (their migrations "indexes_for_dashboard_changes"; PostgreSQL combines an `OR`
of two indexed timestamps as a BitmapOr), so their cost is the number of changed rows; the handbook's
entitlements and the corrections are still read whole (ADR 0012, "Not reached"). A change that
leaves no timestamp (a bulk `UPDATE` of members' branch) is caught afterwards by
`registry_mismatches`: the branches whose maintained member counts no longer match their facts.
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.models import Q, QuerySet

from sotay.accounts.models import ActivationCode, Registration, User
from sotay.corrections.models import Correction
from sotay.dashboard.models import BranchDay
from sotay.handbook.models import Entitlement
from sotay.meetings.models import Attendance, Document, DocumentRead, Meeting, Minutes
from sotay.members.models import ACTIVE_STATUSES, HANDBOOK_STATUSES, Member, OrgMemberCount
from sotay.usage.models import AppInstall, DailyActivity


def _ids(qs: object, field: str) -> set[int]:
    return {pk for pk in qs.values_list(field, flat=True).order_by().distinct() if pk is not None}  # type: ignore[attr-defined]


def _changed_meetings(since: datetime.datetime) -> QuerySet[Meeting]:
    """Meetings created, published or cancelled since `since`."""
    return Meeting.objects.filter(
        Q(created_at__gte=since) | Q(published_at__gte=since) | Q(cancelled_at__gte=since)
    )


def changed_members(since: datetime.datetime, activity_id: int) -> set[int]:
    """Members whose row, account, use, install, registration, code or check-in changed since `since`."""
    meetings = _changed_meetings(since)
    return (
        _ids(Member.objects.filter(updated_at__gte=since), "pk")
        | _ids(User.objects.filter(Q(last_login__gte=since) | Q(date_joined__gte=since)), "member_id")
        # Use is recorded by day, not by time: rows after the last run's newest (primary-key range).
        | _ids(DailyActivity.objects.filter(pk__gt=activity_id), "user__member_id")
        | _ids(AppInstall.objects.filter(last_at__gte=since), "user__member_id")
        | _ids(Registration.objects.filter(Q(created_at__gte=since) | Q(decided_at__gte=since)), "member_id")
        | _ids(
            ActivationCode.objects.filter(
                Q(created_at__gte=since) | Q(used_at__gte=since) | Q(revoked_at__gte=since)
            ),
            "member_id",
        )
        | _ids(Attendance.objects.filter(marked_at__gte=since), "member_id")
        # A meeting published or cancelled since: its attendees' check-ins count, or no longer do.
        | _ids(Attendance.objects.filter(meeting__in=meetings), "member_id")
    )


def changed_groups(since: datetime.datetime) -> dict[str, set[int]]:
    """Per kind of branch figure, the branches whose own inputs of that kind changed since `since`.

    Time alone also changes some figures (a new month, a deadline passing): the day's first run is a
    full one, and deadlines are days, so a day's later runs miss nothing that matters.
    """
    meeting_branches = (
        _ids(_changed_meetings(since), "branch_id")
        | _ids(Attendance.objects.filter(marked_at__gte=since), "meeting__branch_id")
        | _ids(Document.objects.filter(created_at__gte=since), "meeting__branch_id")
        | _ids(Minutes.objects.filter(finalised_at__gte=since), "meeting__branch_id")
    )
    return {
        "entitled": _ids(
            Entitlement.objects.filter(Q(updated_at__gte=since) | Q(revoked_at__gte=since)), "branch_id"
        ),
        "registrations": _ids(
            Registration.objects.filter(Q(created_at__gte=since) | Q(decided_at__gte=since)), "branch_id"
        ),
        "codes": _ids(
            ActivationCode.objects.filter(
                Q(created_at__gte=since) | Q(used_at__gte=since) | Q(revoked_at__gte=since)
            ),
            "branch_id",
        ),
        "corrections": _ids(
            Correction.objects.filter(
                Q(created_at__gte=since) | Q(forwarded_at__gte=since) | Q(decided_at__gte=since)
            ),
            "member__org_id",
        ),
        "meetings": meeting_branches,
        "documents": meeting_branches
        | _ids(DocumentRead.objects.filter(at__gte=since), "document__meeting__branch_id"),
    }


def registry_mismatches(day: datetime.date) -> set[int]:
    """Organisations whose active, eligible and in-transit counts (members.OrgMemberCount, kept by the
    members' actions) differ from `day`'s facts: one statement, compared in the database.

    The counts minus the facts, summed per organisation (`UNION ALL` and one `GROUP BY`): an organisation
    missing on one side counts zero there. One pass over each table on both databases; a `FULL OUTER
    JOIN` of the two grouped sides has no index to join on, and SQLite nested-loops it (272 k × 298 k
    rows at 5.6 M members)."""
    active = ", ".join(["%s"] * len(ACTIVE_STATUSES))  # the same order both times: one list below
    eligible = ", ".join(["%s"] * len(HANDBOOK_STATUSES))
    sql = (
        "SELECT org_id FROM ("
        f"SELECT org_id, CASE WHEN status IN ({active}) THEN members ELSE 0 END AS active, "
        f"CASE WHEN status IN ({eligible}) THEN members ELSE 0 END AS eligible, "
        f"CASE WHEN status IN ({active}) THEN in_transit ELSE 0 END AS in_transit "
        f"FROM {OrgMemberCount._meta.db_table} "
        "UNION ALL SELECT org_id, -active, -eligible, -in_transit "
        f"FROM {BranchDay._meta.db_table} WHERE day = %s) d "
        "GROUP BY org_id HAVING SUM(active) <> 0 OR SUM(eligible) <> 0 OR SUM(in_transit) <> 0"
    )
    statuses = [str(s) for s in ACTIVE_STATUSES]
    params: list[str | datetime.date] = [*statuses, *(str(s) for s in HANDBOOK_STATUSES), *statuses, day]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {org_id for (org_id,) in cursor.fetchall()}
