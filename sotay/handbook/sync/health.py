"""How far the handbook is from the registry, for one subtree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from sotay.handbook.models import Entitlement, Rejection, RejectReason, SyncRun
from sotay.handbook.sync.plan import PENDING, Kind, scan
from sotay.orgs.models import Org, path_prefixes, subtree_q

REJECTION_SAMPLE = 20  # rejected members listed on the health page


@dataclass
class SyncHealth:
    """Figures for one subtree; every count is of members."""

    root: Org
    entitled: int = 0  # in the registry: dự bị or chính thức, branch in the subtree (rejected included)
    synced: int = 0  # active entitlements bound in the subtree
    up_to_date: int = 0  # entitled, bound here, payload as in the registry
    missing: int = 0  # entitled but no active entitlement, or a stale one (a run would grant or update)
    not_entitled: int = 0  # active here but no longer entitled here (a run would revoke or move them)
    rejected: int = 0  # in the latest run that covered the subtree
    rejected_by_reason: list[tuple[str, int]] = field(default_factory=list)  # (Vietnamese reason, count)
    rejections: list[Rejection] = field(default_factory=list)  # the first REJECTION_SAMPLE of them
    pending_since: datetime.datetime | None = None  # the oldest registry change not yet published
    lag: datetime.timedelta | None = None  # now - pending_since; None when nothing is pending
    last_run: SyncRun | None = None  # the latest finished run over this subtree or an ancestor

    @property
    def lag_text(self) -> str:
        return duration_vi(self.lag) if self.lag is not None else ""


def duration_vi(delta: datetime.timedelta) -> str:
    """`3 ngày 2 giờ`, `2 giờ 5 phút`, `dưới 1 phút` (Django's timesince has no Vietnamese for these)."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} ngày {hours} giờ" if hours else f"{days} ngày"
    if hours:
        return f"{hours} giờ {minutes} phút" if minutes else f"{hours} giờ"
    return f"{minutes} phút" if minutes else "dưới 1 phút"


def last_run_covering(root: Org) -> SyncRun | None:
    """The latest finished run whose scope contains `root` (the root itself or one of its ancestors)."""
    return (
        SyncRun.objects.filter(scope__path__in=path_prefixes(root.path), finished_at__isnull=False)
        .select_related("scope", "by")
        .order_by("-started_at", "-id")
        .first()
    )


def sync_health(root: Org, *, today: datetime.date | None = None) -> SyncHealth:
    """Compare the registry with what was published, without writing. Reads the whole subtree.

    Lag: a registry change is pending when a run now would grant, update or revoke. Its time is the
    member's `updated_at`, or the start of the last run if later (some changes — a merger moving members,
    a branch renamed — do not touch `updated_at`, yet must have happened after a run that missed them).
    """
    now = timezone.now()
    today = today or timezone.localdate()
    health = SyncHealth(root=root, last_run=last_run_covering(root))
    since = health.last_run.started_at if health.last_run else None
    oldest: datetime.datetime | None = None
    for decisions in scan(root, today=today):
        for d in decisions:
            if d.in_scope and d.entitled:
                health.entitled += 1
            if d.kind == Kind.UNCHANGED and d.in_scope:
                health.up_to_date += 1
            elif d.kind in (Kind.GRANT, Kind.UPDATE) and d.in_scope:
                health.missing += 1
            elif d.kind == Kind.REVOKE or not d.in_scope:
                health.not_entitled += 1
            if d.kind in PENDING:
                at = max(d.updated_at, since) if since else d.updated_at
                oldest = at if oldest is None else min(oldest, at)
    health.synced = Entitlement.objects.filter(
        active=True, branch_path__gte=root.path, branch_path__lt=root.path_upper_bound
    ).count()
    if oldest is not None:
        health.pending_since, health.lag = oldest, now - oldest
    if health.last_run is not None:
        rejected = Rejection.objects.filter(run=health.last_run).filter(subtree_q([root], field="org__path"))
        by_reason = rejected.values("reason").annotate(n=Count("id")).order_by("-n", "reason")
        health.rejected_by_reason = [(RejectReason(r["reason"]).label, r["n"]) for r in by_reason]
        health.rejected = sum(n for _, n in health.rejected_by_reason)
        if health.rejected:
            sample = rejected.select_related("member", "org").order_by("member__name_key", "member_id")
            health.rejections = list(sample[:REJECTION_SAMPLE])
    return health
