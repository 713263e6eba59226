"""The meetings and corrections figures of the per-branch facts (BranchDay), computed by the refresh.

"Held" means published: a draft was never sent, and a cancelled meeting (a `cancelled` state that the
meetings app is adding) is not published either, so every count here filters on
`state=MeetingState.PUBLISHED` rather than excluding known states. The compliance flags come from
`sotay.meetings.compliance` (one query per chunk of branches).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q
from django.utils import timezone

from sotay.corrections.models import Correction
from sotay.meetings import compliance
from sotay.meetings.models import (
    Attendance,
    Document,
    DocumentRead,
    Meeting,
    MeetingKind,
    MeetingState,
    Presence,
)
from sotay.members.models import HANDBOOK_STATUSES

Out = dict[int, dict[str, int]]
CHECKED_IN_DAYS = 30
FLAG_FIELDS = {
    "month_without_regular": "flag_month_without_regular",
    "quarter_without_thematic": "flag_quarter_without_thematic",
    "documents_late": "flag_documents_late",
    "minutes_late": "flag_minutes_late",
    "next_month_unscheduled": "flag_next_month_unscheduled",
}


def month_start(now: datetime.datetime) -> datetime.datetime:
    """The start of the local month of `now` (an aware datetime)."""
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def this_months_meetings(now: datetime.datetime) -> Q:
    """Published meetings that began this month, by `now` (cancelled and drafts are not published)."""
    return Q(state=MeetingState.PUBLISHED, starts_at__gte=month_start(now), starts_at__lte=now)


def next_month_start(now: datetime.datetime) -> datetime.datetime:
    start = month_start(now)
    return (start + datetime.timedelta(days=32)).replace(day=1)


def month_meetings(now: datetime.datetime, prefix: str = "meeting__") -> Q:
    """Published meetings that begin this month, before or after `now`, seen from a related model
    (`prefix` is the path to the meeting: "meeting__" from a Document)."""
    return Q(
        **{
            f"{prefix}state": MeetingState.PUBLISHED,
            f"{prefix}starts_at__gte": month_start(now),
            f"{prefix}starts_at__lt": next_month_start(now),
        }
    )


def add_documents_read(out: Out, ids: list[int], now: datetime.datetime) -> None:
    """`documents_due` and `documents_opened` of the branches `ids`: two queries. Needs `eligible`
    (members the handbook is for) already in `out`."""
    with_documents = set(
        Document.objects.filter(month_meetings(now), meeting__branch_id__in=ids)
        .values_list("meeting__branch_id", flat=True)
        .distinct()
        .order_by()
    )
    for branch_id in with_documents:
        out[branch_id]["documents_due"] = out[branch_id].get("eligible", 0)
    if not with_documents:
        return
    for branch_id, n in (
        DocumentRead.objects.filter(
            month_meetings(now, "document__meeting__"),
            document__meeting__branch_id__in=with_documents,
            member__org_id=F("document__meeting__branch_id"),
            member__status__in=HANDBOOK_STATUSES,
        )
        .values_list("member__org_id")
        .annotate(n=Count("member_id", distinct=True))
        .order_by()
    ):
        out[branch_id]["documents_opened"] = n


def add_meetings(out: Out, ids: list[int], now: datetime.datetime) -> None:
    """Held regular meeting, attendance and compliance flags of the branches `ids`: three queries."""
    held = Meeting.objects.filter(this_months_meetings(now), branch_id__in=ids, kind=MeetingKind.REGULAR)
    for branch_id in held.values_list("branch_id", flat=True).distinct().order_by():
        out[branch_id]["held_regular"] = 1
    for branch_id, marked, present in (
        Attendance.objects.filter(
            meeting__branch_id__in=ids,
            meeting__state=MeetingState.PUBLISHED,
            meeting__starts_at__gte=month_start(now),
            meeting__starts_at__lte=now,
        )
        .values_list("meeting__branch_id")
        .annotate(marked=Count("id"), present=Count("id", filter=Q(presence=Presence.PRESENT)))
        .order_by()
    ):
        out[branch_id]["attendance_marked"] = marked
        out[branch_id]["attendance_present"] = present
    for branch_id, found in compliance.flags_for(ids, now=now).items():
        for code in {f.code for f in found}:
            if code in FLAG_FIELDS:
                out[branch_id][FLAG_FIELDS[code]] = 1


def checked_in(now: datetime.datetime) -> Q:
    """Attendance rows that count a member as "checked in on the app" (for an Exists on Attendance)."""
    return Q(
        by_qr=True,
        presence=Presence.PRESENT,
        meeting__state=MeetingState.PUBLISHED,
        meeting__starts_at__gte=now - datetime.timedelta(days=CHECKED_IN_DAYS),
        meeting__starts_at__lte=now,
    )


def add_corrections(out: Out, ids: list[int] | None, now: datetime.datetime) -> None:
    """Open corrections of each branch's members, and those past their step's deadline: one query."""
    qs = Correction.objects.open()
    if ids is not None:
        qs = qs.filter(member__org_id__in=ids)
    for org_id, waiting, overdue in (
        qs.values_list("member__org_id")
        .annotate(waiting=Count("id"), overdue=Count("id", filter=Q(due_at__lt=now)))
        .order_by()
    ):
        out[org_id]["corrections_open"] = waiting
        out[org_id]["corrections_overdue"] = overdue
