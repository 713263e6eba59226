"""The per-member facts (MemberFact): each member's 0/1 share of the branch figures that count members
or their accounts, so an incremental refresh costs the changed members, not their branches.

One definition (`rows`) serves both paths: the full refresh writes it for every member with one
`INSERT … SELECT` (nothing passes through Python), an incremental run computes it for the changed
members into a temporary table, compares it with their stored rows in SQL and returns the per-branch
differences (`apply`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, SmallIntegerField, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from sotay.accounts.models import ActivationCode, Registration, RegistrationState
from sotay.dashboard import meeting_facts
from sotay.dashboard.models import MEMBER_FIGURES, MemberFact
from sotay.meetings.models import Attendance
from sotay.members.models import ACTIVE_STATUSES, HANDBOOK_STATUSES, Member, MemberStatus
from sotay.usage.models import AppInstall, DailyActivity, Platform

ACTIVE_DAYS = 30
Deltas = dict[int, dict[str, int]]


def _bit(condition: Q | Exists) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=SmallIntegerField())


def rows(now: datetime.datetime, only: RawSQL | None = None) -> QuerySet[Member, tuple[int, ...]]:
    """(member id, org id, *MEMBER_FIGURES) of every member (or of those `only` selects), as of `now`.
    The account is the member's one `User` (a one-to-one field), joined; use, installs, registrations,
    codes and attendance are `Exists` (PostgreSQL probes the use index per member and hashes the other
    tables once: EXPLAIN ANALYZE in ADR 0012)."""
    active = Q(status__in=ACTIVE_STATUSES)
    account = Q(user__is_active=True)
    since_day = timezone.localdate(now) - datetime.timedelta(days=ACTIVE_DAYS - 1)
    # Use and installs hang on the account, already joined: probed by its id, no second join to users.
    recent = DailyActivity.objects.filter(user=OuterRef("user__id"), day__gte=since_day)
    registered = Registration.objects.filter(
        member=OuterRef("pk"), state__in=[RegistrationState.PENDING, RegistrationState.APPROVED]
    )
    coded = ActivationCode.objects.filter(member=OuterRef("pk"), revoked_at__isnull=True)
    checked_in = Attendance.objects.filter(meeting_facts.checked_in(now), member=OuterRef("pk"))
    if only is not None:
        # The members `only` selects: PostgreSQL hashes a correlated sub-query's whole table once
        # (1.5 M attendance rows for 56 k members); restricted to those members, it reads their rows.
        registered = registered.filter(member__in=only)
        coded = coded.filter(member__in=only)
        checked_in = checked_in.filter(member__in=only)
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
        "f_installed": _bit(account & Q(Exists(AppInstall.objects.filter(user=OuterRef("user__id"))))),
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


def _temp(cursor: CursorWrapper, name: str, columns: str) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")


def _load_ids(cursor: CursorWrapper, ids: list[int]) -> None:
    """The ids to recompute, into the temporary table `dash_ids` (one statement on PostgreSQL)."""
    _temp(cursor, "dash_ids", "member_id bigint PRIMARY KEY")
    if connection.vendor == "postgresql":
        cursor.execute("INSERT INTO dash_ids SELECT unnest(%s::bigint[])", [ids])
        cursor.execute("ANALYZE dash_ids")  # a temporary table has no statistics: the planner needs its size
    else:
        cursor.executemany("INSERT INTO dash_ids VALUES (%s)", [(pk,) for pk in ids])


def apply(member_ids: Iterable[int], now: datetime.datetime) -> tuple[Deltas, set[int]]:
    """Recompute the rows of `member_ids`, store those that changed, and return the per-branch
    differences (new minus stored) and the branches whose members' eligibility or membership changed
    (their documents and corrections figures follow the members).

    Set-based: the ids go into a temporary table, `rows` for all of them is one `INSERT … SELECT`
    joined to it, and the changed members, their branches' differences (`GROUP BY`) and the rewrite of
    their rows are a few statements more; nothing per member passes through Python."""
    ids = sorted(set(member_ids))
    if not ids:
        return {}, set()
    table = MemberFact._meta.db_table
    figures = ", ".join(MEMBER_FIGURES)
    differs = " OR ".join(f"o.{name} <> n.{name}" for name in ("org_id", *MEMBER_FIGURES))
    only = RawSQL("SELECT member_id FROM dash_ids", [])
    sql, params = rows(now, only).filter(pk__in=only).query.sql_with_params()
    with connection.cursor() as cursor:
        _load_ids(cursor, ids)
        _temp(
            cursor,
            "dash_new",
            "member_id bigint PRIMARY KEY, org_id bigint, "
            + ", ".join(f"{name} smallint" for name in MEMBER_FIGURES),
        )
        cursor.execute(f"INSERT INTO dash_new (member_id, org_id, {figures}) {sql}", params)
        # The changed members: a row appeared, disappeared or differs (no column is NULL).
        _temp(
            cursor,
            "dash_changed",
            "member_id bigint PRIMARY KEY, old_org bigint, new_org bigint, old_eligible smallint, "
            "new_eligible smallint",
        )
        cursor.execute(
            "INSERT INTO dash_changed SELECT i.member_id, o.org_id, n.org_id, o.eligible, n.eligible "
            f"FROM dash_ids i LEFT JOIN {table} o ON o.member_id = i.member_id "
            "LEFT JOIN dash_new n ON n.member_id = i.member_id "
            "WHERE (o.member_id IS NULL AND n.member_id IS NOT NULL) "
            "OR (o.member_id IS NOT NULL AND n.member_id IS NULL) "
            f"OR (o.member_id IS NOT NULL AND n.member_id IS NOT NULL AND ({differs}))"
        )
        sums = ", ".join(f"SUM({name})" for name in MEMBER_FIGURES)
        negated = ", ".join(f"-o.{name}" for name in MEMBER_FIGURES)
        plain = ", ".join(f"n.{name}" for name in MEMBER_FIGURES)
        cursor.execute(
            f"SELECT org_id, {sums} FROM ("
            f"SELECT n.org_id, {plain} FROM dash_new n JOIN dash_changed c ON c.member_id = n.member_id "
            f"UNION ALL SELECT o.org_id, {negated} FROM {table} o "
            "JOIN dash_changed c ON c.member_id = o.member_id) d GROUP BY org_id"
        )
        deltas: Deltas = {
            org: dict(zip(MEMBER_FIGURES, map(int, values), strict=True))
            for org, *values in cursor.fetchall()
            if any(values)
        }
        # Membership moved (a row appeared, disappeared or changed branch): both branches; eligibility
        # changed in place: the branch.
        cursor.execute(
            "SELECT old_org FROM dash_changed WHERE old_org IS NOT NULL "
            "AND (new_org IS NULL OR new_org <> old_org) "
            "UNION SELECT new_org FROM dash_changed WHERE new_org IS NOT NULL "
            "AND (old_org IS NULL OR old_org <> new_org OR old_eligible <> new_eligible)"
        )
        moved = {org for (org,) in cursor.fetchall()}
        cursor.execute(f"DELETE FROM {table} WHERE member_id IN (SELECT member_id FROM dash_changed)")
        cursor.execute(
            f"INSERT INTO {table} (member_id, org_id, {figures}) SELECT member_id, org_id, {figures} "
            "FROM dash_new WHERE member_id IN (SELECT member_id FROM dash_changed)"
        )
        for name in ("dash_ids", "dash_new", "dash_changed"):
            cursor.execute(f"DROP TABLE {name}")
    return deltas, moved
