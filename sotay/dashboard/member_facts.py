"""The per-member facts (MemberFact): each member's 0/1 share of the branch figures that count members
or their accounts, so an incremental refresh costs the changed members, not their branches.

One definition (`rows`) serves both paths: the full refresh writes it for every member with one
`INSERT … SELECT` (nothing passes through Python), an incremental run reads it for the changed members,
compares it with their stored rows and returns the per-branch differences (`apply`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, SmallIntegerField, Value, When
from django.utils import timezone

from sotay.accounts.models import ActivationCode, Registration, RegistrationState
from sotay.dashboard import meeting_facts
from sotay.dashboard.models import MEMBER_FIGURES, MemberFact
from sotay.meetings.models import Attendance
from sotay.members.models import ACTIVE_STATUSES, HANDBOOK_STATUSES, Member, MemberStatus
from sotay.usage.models import AppInstall, DailyActivity, Platform

ACTIVE_DAYS = 30
CHUNK = 2000
Deltas = dict[int, dict[str, int]]


def _bit(condition: Q | Exists) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=SmallIntegerField())


def rows(now: datetime.datetime) -> QuerySet[Member, tuple[int, ...]]:
    """(member id, org id, *MEMBER_FIGURES) of every member, as of `now`. The account is the member's
    one `User` (a one-to-one field), joined; use, installs, registrations, codes and attendance are
    `Exists` (an index probe per member on the incremental path, hashed sub-plans on the full one)."""
    active = Q(status__in=ACTIVE_STATUSES)
    account = Q(user__is_active=True)
    since_day = timezone.localdate(now) - datetime.timedelta(days=ACTIVE_DAYS - 1)
    recent = DailyActivity.objects.filter(user__member=OuterRef("pk"), day__gte=since_day)
    registered = Registration.objects.filter(
        member=OuterRef("pk"), state__in=[RegistrationState.PENDING, RegistrationState.APPROVED]
    )
    coded = ActivationCode.objects.filter(member=OuterRef("pk"), revoked_at__isnull=True)
    checked_in = Attendance.objects.filter(meeting_facts.checked_in(now), member=OuterRef("pk"))
    bits = {
        "f_active": _bit(active),
        "f_eligible": _bit(Q(status__in=HANDBOOK_STATUSES)),
        "f_exempted": _bit(Q(status=MemberStatus.MIEN_SINH_HOAT)),
        "f_in_transit": _bit(active & Q(in_transit_to__isnull=False)),
        "f_no_phone": _bit(active & Q(phone="")),
        "f_reached": _bit(active & (account | Q(Exists(registered)) | Q(Exists(coded)))),
        "f_checked_in": _bit(active & Q(Exists(checked_in))),
        "f_activated": _bit(account),
        "f_activated_inactive": _bit(account & ~active),
        "f_signed_in": _bit(account & Q(user__last_login__isnull=False)),
        "f_active_30d": _bit(account & Q(Exists(recent))),
        "f_active_app_30d": _bit(account & Q(Exists(recent.filter(platform=Platform.APP)))),
        "f_active_browser_30d": _bit(account & Q(Exists(recent.filter(platform=Platform.BROWSER)))),
        "f_installed": _bit(account & Q(Exists(AppInstall.objects.filter(user__member=OuterRef("pk"))))),
    }
    return (
        Member.objects.annotate(**bits)
        .values_list("pk", "org_id", *(f"f_{name}" for name in MEMBER_FIGURES))
        .order_by()
    )


def write_all(now: datetime.datetime) -> None:
    """Rewrite every member's row: one DELETE and one `INSERT … SELECT` of `rows`."""
    table = MemberFact._meta.db_table
    columns = ", ".join(("member_id", "org_id", *MEMBER_FIGURES))
    sql, params = rows(now).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"INSERT INTO {table} ({columns}) {sql}", params)


def apply(member_ids: Iterable[int], now: datetime.datetime) -> tuple[Deltas, set[int]]:
    """Recompute the rows of `member_ids`, store those that changed, and return the per-branch
    differences (new minus stored) and the branches whose members' eligibility or membership changed
    (their documents and corrections figures follow the members)."""
    deltas: Deltas = defaultdict(lambda: dict.fromkeys(MEMBER_FIGURES, 0))
    moved: set[int] = set()
    ids = sorted(set(member_ids))
    eligible = MEMBER_FIGURES.index("eligible")
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        new = {pk: (org, values) for pk, org, *values in rows(now).filter(pk__in=chunk)}
        old = {
            pk: (org, values)
            for pk, org, *values in MemberFact.objects.filter(member_id__in=chunk).values_list(
                "member_id", "org_id", *MEMBER_FIGURES
            )
        }
        changed = [pk for pk in chunk if new.get(pk) != old.get(pk)]
        for pk in changed:
            for stored, sign in ((old.get(pk), -1), (new.get(pk), 1)):
                if stored is None:
                    continue
                org, values = stored
                for name, value in zip(MEMBER_FIGURES, values, strict=True):
                    deltas[org][name] += sign * value
            before, after = old.get(pk), new.get(pk)
            if before is None or after is None or before[0] != after[0]:
                moved.update(stored[0] for stored in (before, after) if stored is not None)
            elif before[1][eligible] != after[1][eligible]:
                moved.add(after[0])
        if changed:
            MemberFact.objects.filter(member_id__in=changed).delete()
            MemberFact.objects.bulk_create(
                MemberFact(
                    member_id=pk, org_id=new[pk][0], **dict(zip(MEMBER_FIGURES, new[pk][1], strict=True))
                )
                for pk in changed
                if pk in new
            )
    return {org: d for org, d in deltas.items() if any(d.values())}, moved
