"""Computing the per-branch facts (BranchDay) from the registry, the handbook and the accounts.

`refresh()` is the one writer. The first run of a day rewrites every branch (the 30-day window moves
with the date); later runs that day rewrite only the branches whose inputs changed since the previous
run started (`changed_branches`). Each figure comes from one grouped query over its own table,
restricted to the branches being rewritten (chunks of ids), never one query per branch.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from sotay.accounts.models import ActivationCode, Registration, RegistrationState, User
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.dashboard import meeting_facts, rollup
from sotay.dashboard.models import FIGURES, BranchDay, FactsRefresh, RefreshKind
from sotay.handbook.models import Entitlement
from sotay.meetings.models import Attendance
from sotay.members.models import ACTIVE_STATUSES, HANDBOOK_STATUSES, Member, MemberStatus, OrgMemberCount
from sotay.orgs.models import BRANCH_TYPES, Org
from sotay.usage.models import AppInstall, DailyActivity, Platform

CHUNK = 500
FULL_PASS_CHUNKS = 12  # an incremental run over more changed branches computes them in one pass
ACTIVE_DAYS = 30
ZERO = dict.fromkeys(FIGURES, 0) | {"branches": 1}


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    """`None` (every branch, no filter) for a full run; else the ids in chunks for `__in`."""
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _filter(field: str, ids: list[int] | None) -> Q:
    return Q() if ids is None else Q(**{f"{field}__in": ids})


def compute(ids: list[int] | None, now: datetime.datetime) -> dict[int, dict[str, int]]:
    """Figures per branch id for `ids` (None: all): six grouped queries, and the meetings' (three per
    chunk of branches, `meeting_facts.add_meetings`)."""
    out: dict[int, dict[str, int]] = defaultdict(lambda: dict(ZERO))
    active = Q(status__in=ACTIVE_STATUSES)
    has_account = Exists(User.objects.filter(member=OuterRef("pk"), is_active=True))
    has_registration = Exists(
        Registration.objects.filter(
            member=OuterRef("pk"), state__in=[RegistrationState.PENDING, RegistrationState.APPROVED]
        )
    )
    has_code = Exists(ActivationCode.objects.filter(member=OuterRef("pk"), revoked_at__isnull=True))
    checked_in = Exists(Attendance.objects.filter(meeting_facts.checked_in(now), member=OuterRef("pk")))
    for row in (
        Member.objects.filter(_filter("org_id", ids))
        .values("org_id")
        .annotate(
            active=Count("id", filter=active),
            eligible=Count("id", filter=Q(status__in=HANDBOOK_STATUSES)),
            exempted=Count("id", filter=Q(status=MemberStatus.MIEN_SINH_HOAT)),
            in_transit=Count("id", filter=active & Q(in_transit_to__isnull=False)),
            no_phone=Count("id", filter=active & Q(phone="")),
            reached=Count("id", filter=active & (Q(has_account) | Q(has_registration) | Q(has_code))),
            checked_in=Count("id", filter=active & Q(checked_in)),
        )
        .order_by()
    ):
        values: dict[str, Any] = dict(row)
        out[values.pop("org_id")].update(values)
    # The 30 days ending today: today and the 29 before it.
    since_day = timezone.localdate(now) - datetime.timedelta(days=ACTIVE_DAYS - 1)
    recent = DailyActivity.objects.filter(user=OuterRef("pk"), day__gte=since_day)
    for user_row in (
        User.objects.filter(_filter("member__org_id", ids), member__isnull=False, is_active=True)
        .values("member__org_id")
        .annotate(
            activated=Count("id"),
            activated_inactive=Count("id", filter=~Q(member__status__in=ACTIVE_STATUSES)),
            signed_in=Count("id", filter=Q(last_login__isnull=False)),
            active_30d=Count("id", filter=Exists(recent)),
            active_app_30d=Count("id", filter=Exists(recent.filter(platform=Platform.APP))),
            active_browser_30d=Count("id", filter=Exists(recent.filter(platform=Platform.BROWSER))),
            installed=Count("id", filter=Exists(AppInstall.objects.filter(user=OuterRef("pk")))),
        )
        .order_by()
    ):
        user_values: dict[str, Any] = dict(user_row)
        out[user_values.pop("member__org_id")].update(user_values)
    for org_id, n in (
        Entitlement.objects.filter(_filter("branch_id", ids), active=True)
        .values_list("branch_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        out[org_id]["entitled"] = n
    for org_id, n in (
        Registration.objects.filter(_filter("branch_id", ids), state=RegistrationState.PENDING)
        .values_list("branch_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        out[org_id]["pending_registrations"] = n
    for org_id, n in (
        ActivationCode.objects.filter(
            _filter("branch_id", ids), used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        )
        .values_list("branch_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        out[org_id]["codes_unused"] = n
    meeting_facts.add_corrections(out, ids, now)
    branch_ids = (
        sorted(Org.objects.filter(type__in=BRANCH_TYPES).values_list("pk", flat=True)) if ids is None else ids
    )
    for chunk in _chunks(branch_ids):
        meeting_facts.add_meetings(out, chunk, now)
        meeting_facts.add_documents_read(out, chunk, now)
    return out


def changed_branches(since: datetime.datetime, day: datetime.date, activity_id: int = 0) -> set[int]:
    """Branches whose inputs changed since `since`.

    Signals, each one query: member rows touched (updated_at; reads the member table's timestamps —
    a background job's cost, not a page's), the maintained per-organisation counts that no longer match
    the stored facts (catches bulk moves that do not touch updated_at), registrations, codes,
    entitlements and sign-ins after `since`.
    """
    changed: set[int] = set(
        Member.objects.filter(updated_at__gte=since).values_list("org_id", flat=True).order_by().distinct()
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for org_id, status, members, in_transit in OrgMemberCount.objects.values_list(
        "org_id", "status", "members", "in_transit"
    ):
        if status in ACTIVE_STATUSES:
            counts[org_id][0] += members
            counts[org_id][2] += in_transit
        if status in HANDBOOK_STATUSES:
            counts[org_id][1] += members
    stored = {
        org_id: [a, e, t]
        for org_id, a, e, t in BranchDay.objects.filter(day=day).values_list(
            "org_id", "active", "eligible", "in_transit"
        )
    }
    for org_id in set(counts) | set(stored):
        if counts.get(org_id, [0, 0, 0]) != stored.get(org_id, [0, 0, 0]):
            changed.add(org_id)
    changed.update(
        Registration.objects.filter(Q(created_at__gte=since) | Q(decided_at__gte=since))
        .values_list("branch_id", flat=True)
        .order_by()
        .distinct()
    )
    changed.update(
        ActivationCode.objects.filter(
            Q(created_at__gte=since) | Q(used_at__gte=since) | Q(revoked_at__gte=since)
        ).values_list("branch_id", flat=True)
    )
    changed.update(
        Entitlement.objects.filter(Q(updated_at__gte=since) | Q(revoked_at__gte=since))
        .values_list("branch_id", flat=True)
        .order_by()
        .distinct()
    )
    # Use recorded after the last run's newest usage row (primary-key range), installs since it.
    changed.update(
        DailyActivity.objects.filter(pk__gt=activity_id, user__member__isnull=False)
        .values_list("user__member__org_id", flat=True)
        .order_by()
        .distinct()
    )
    changed.update(
        AppInstall.objects.filter(last_at__gte=since, user__member__isnull=False)
        .values_list("user__member__org_id", flat=True)
        .order_by()
        .distinct()
    )
    changed.update(
        User.objects.filter(Q(last_login__gte=since) | Q(date_joined__gte=since), member__isnull=False)
        .values_list("member__org_id", flat=True)
        .order_by()
        .distinct()
    )
    changed.update(meeting_facts.changed_branches(since))
    return changed


def _write(day: datetime.date, ids: Iterable[int] | None, now: datetime.datetime) -> int:
    """Rewrite the rows of `day` for `ids` (None: every branch). Returns how many rows were written."""
    if ids is None:
        figures = compute(None, now)
        wanted = set(figures) | set(Org.objects.filter(type__in=BRANCH_TYPES).values_list("pk", flat=True))
        BranchDay.objects.filter(day=day).delete()
    else:
        wanted = set(ids)
        figures = {}
        if len(wanted) > FULL_PASS_CHUNKS * CHUNK:
            # Each chunk's grouped queries read the usage, attendance and account tables whole (hashed
            # sub-plans; EXPLAIN in ADR 0012): past a dozen chunks one full pass costs less.
            figures = {pk: f for pk, f in compute(None, now).items() if pk in wanted}
        else:
            for chunk in _chunks(sorted(wanted)):
                figures.update(compute(chunk, now))
        for chunk in _chunks(sorted(wanted)):
            BranchDay.objects.filter(day=day, org_id__in=chunk).delete()
    orgs: dict[int, tuple[str, str]] = {}
    if ids is None:
        orgs = {pk: (path, kind) for pk, path, kind in Org.objects.values_list("pk", "path", "type")}
    else:
        for chunk in _chunks(sorted(wanted)):
            orgs.update(
                (pk, (path, kind))
                for pk, path, kind in Org.objects.filter(pk__in=chunk).values_list("pk", "path", "type")
            )
    rows = []
    for pk in sorted(wanted):
        if pk not in orgs:
            continue
        path, kind = orgs[pk]
        values = figures.get(pk, ZERO) | {"branches": int(kind in BRANCH_TYPES)}
        rows.append(BranchDay(org_id=pk, path=path, day=day, refreshed_at=now, **values))
    BranchDay.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _no_jit() -> None:
    """PostgreSQL compiles the big grouped queries (their cost estimate is far above `jit_above_cost`):
    6 s of compilation for a 23 s member query at 560 k members, paid again by every chunk of an
    incremental run. The refresh's transaction runs without it (EXPLAIN ANALYZE in ADR 0012)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


@transaction.atomic
def refresh(
    *, full: bool = False, by: User | None = None, now: datetime.datetime | None = None
) -> FactsRefresh:
    """Bring today's facts up to date: everything on the day's first run or when `full`, else only the
    branches whose inputs changed since the last run started. One audit row when a person asked."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    _no_jit()
    last = FactsRefresh.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    incremental = not full and last is not None and last.day == day
    run = FactsRefresh.objects.create(
        kind=RefreshKind.INCREMENTAL if incremental else RefreshKind.FULL,
        day=day,
        started_at=now,
        created_by=by,
        activity_id=DailyActivity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    )
    if incremental:
        assert last is not None
        run.branches = _write(day, changed_branches(last.started_at, day, last.activity_id), now)
    else:
        run.branches = _write(day, None, now)
    rollup.write(day, now)
    run.finished_at = timezone.now()
    run.save(update_fields=["branches", "finished_at"])
    if by is not None:
        record(
            actor=by,
            action=AuditAction.UPDATE,
            object_type="dashboard_facts",
            summary=f"Cập nhật số liệu điều hành ({run.get_kind_display().lower()}, {run.branches} chi bộ)",
        )
    return run


def last_refresh() -> FactsRefresh | None:
    return FactsRefresh.objects.filter(finished_at__isnull=False).order_by("-started_at").first()


def latest_day() -> datetime.date | None:
    """The newest day with facts (the pages show it, and say when it was computed)."""
    run = last_refresh()
    return run.day if run else None
