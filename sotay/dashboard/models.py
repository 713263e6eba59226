"""Pre-aggregated facts: one row per branch and day, so no dashboard page counts members.

Written only by `sotay.dashboard.facts.refresh` (the background task, `sotay refresh_facts`, the
staff button). A subtree's figures are sums over the rows whose `path` lies in the node's path range
(ADR 0001), on the (day, path) index.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DayFigures(models.Model):
    """The figures of one day, for one branch (BranchDay) or summed over a node's subtree (NodeDay)."""

    # Registry (members.Member): active = probationary + official + exempted; eligible excludes the
    # exempted (QĐ 339: the handbook is not for them).
    active = models.IntegerField(default=0)
    eligible = models.IntegerField(default=0)
    exempted = models.IntegerField(default=0)
    in_transit = models.IntegerField(default=0)
    # Handbook (handbook.Entitlement, active): may exceed `eligible` while a sync lags the registry.
    entitled = models.IntegerField(default=0)
    # Active members with an account, a registration (waiting or approved) or an unrevoked code.
    reached = models.IntegerField(default=0)
    # Accounts (accounts.User, is_active) of this branch's members, whatever the member's status:
    # may exceed `active` when members who left keep an account (flagged, not hidden).
    activated = models.IntegerField(default=0)
    activated_inactive = models.IntegerField(default=0)  # of `activated`, members no longer active
    signed_in = models.IntegerField(default=0)
    # usage.DailyActivity: accounts used in the last 30 days, and on which platform (an account may use
    # both); usage.AppInstall: accounts that installed the app at least once.
    active_30d = models.IntegerField(default=0)
    active_app_30d = models.IntegerField(default=0)
    active_browser_30d = models.IntegerField(default=0)
    installed = models.IntegerField(default=0)
    # Data quality.
    no_phone = models.IntegerField(default=0)  # active members without a phone number to call
    pending_registrations = models.IntegerField(default=0)
    codes_unused = models.IntegerField(default=0)  # codes issued, neither used, revoked nor expired
    # Corrections (corrections.Correction) of this branch's members still open, and those past due.
    corrections_open = models.IntegerField(default=0)
    corrections_overdue = models.IntegerField(default=0)
    # Meetings (meetings.Meeting): always 1, so a subtree's sum is its number of branches.
    branches = models.IntegerField(default=1)
    # 1 if the branch held this month's regular meeting on the app: a published (so neither a draft
    # nor a cancelled) regular meeting that began this month, by the time of the refresh.
    held_regular = models.IntegerField(default=0)
    # Attendance marked at the branch's published meetings that began this month, and of it, present.
    attendance_marked = models.IntegerField(default=0)
    attendance_present = models.IntegerField(default=0)
    # Active members who checked in on the app (QR) at a published meeting in the last 30 days.
    checked_in = models.IntegerField(default=0)
    # Reading before the meeting (issue 15: read tracking feeds the dashboard): members the handbook is
    # for, in branches whose published meetings of this month (held or to come) carry documents, and of
    # them those who opened at least one of those documents (meetings.DocumentRead).
    documents_due = models.IntegerField(default=0)
    documents_opened = models.IntegerField(default=0)
    # The compliance flags of sotay.meetings.compliance: 1 if the branch has the flag.
    flag_month_without_regular = models.IntegerField(default=0)
    flag_quarter_without_thematic = models.IntegerField(default=0)
    flag_documents_late = models.IntegerField(default=0)
    flag_minutes_late = models.IntegerField(default=0)
    flag_next_month_unscheduled = models.IntegerField(default=0)
    refreshed_at = models.DateTimeField()

    class Meta:
        abstract = True


class BranchDay(DayFigures):
    """One branch's adoption, meetings and data-quality figures on one day (history kept for trends)."""

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    # The branch's materialised path, copied so a subtree is one index range without a join.
    path = models.CharField(max_length=120)
    day = models.DateField()

    class Meta:
        verbose_name = "số liệu chi bộ theo ngày"
        verbose_name_plural = "số liệu chi bộ theo ngày"
        # (org, day), not (day, org): a branch's own history and a node's leaf children are index
        # lookups by org; whole days are read on the (day, path) index.
        constraints = [models.UniqueConstraint(fields=["org", "day"], name="branch_day_org_day_unique")]
        indexes = [models.Index(fields=["day", "path"], name="branch_day_day_path_idx")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.day:%d/%m/%Y}"


# Every summed figure, in declaration order (what a subtree's totals carry).
FIGURES: tuple[str, ...] = tuple(
    f.name
    for f in BranchDay._meta.concrete_fields
    if f.name not in {"id", "org", "path", "day", "refreshed_at"}
)


class RefreshKind(models.TextChoices):
    FULL = "full", "Toàn bộ"
    INCREMENTAL = "incremental", "Chỉ đơn vị thay đổi"


class FactsRefresh(models.Model):
    """One run of the facts refresh: when it started (the next run's watermark), what it rewrote."""

    kind = models.CharField(max_length=12, choices=RefreshKind.choices)
    day = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    branches = models.IntegerField(default=0)
    # The newest usage row seen when the run started: the next run looks only at rows after it (the
    # primary-key index), since use is recorded by day, not by time.
    activity_id = models.BigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "lần cập nhật số liệu"
        verbose_name_plural = "lần cập nhật số liệu"
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%d/%m/%Y %H:%M}"


class NodeDay(DayFigures):
    """A node's (not a branch's) figures on one day: its branches' rows summed, written by the same
    refresh, so a node's 30-day trend and its children's totals read a few rows, not its branches'."""

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        verbose_name = "số liệu đơn vị theo ngày"
        verbose_name_plural = "số liệu đơn vị theo ngày"
        constraints = [models.UniqueConstraint(fields=["org", "day"], name="node_day_unique")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.day:%d/%m/%Y}"


# The figures that are a sum over a branch's members (one account at most per member): the per-member
# facts below carry them, and an incremental refresh applies their per-branch differences.
MEMBER_FIGURES: tuple[str, ...] = (
    "active",
    "eligible",
    "exempted",
    "in_transit",
    "no_phone",
    "reached",
    "checked_in",
    "activated",
    "activated_inactive",
    "signed_in",
    "active_30d",
    "active_app_30d",
    "active_browser_30d",
    "installed",
)


class MemberFact(models.Model):
    """One member's share of today's branch figures (0 or 1 each), kept so a refresh applies differences."""

    # Not foreign keys: a member or an organisation deleted leaves a row the next refresh finds (its
    # branch's counts no longer match the registry) and corrects; no cascade runs through 5 M rows.
    member_id = models.BigIntegerField(primary_key=True)
    org_id = models.BigIntegerField(db_index=True)
    active = models.SmallIntegerField(default=0)
    eligible = models.SmallIntegerField(default=0)
    exempted = models.SmallIntegerField(default=0)
    in_transit = models.SmallIntegerField(default=0)
    no_phone = models.SmallIntegerField(default=0)
    reached = models.SmallIntegerField(default=0)
    checked_in = models.SmallIntegerField(default=0)
    activated = models.SmallIntegerField(default=0)
    activated_inactive = models.SmallIntegerField(default=0)
    signed_in = models.SmallIntegerField(default=0)
    active_30d = models.SmallIntegerField(default=0)
    active_app_30d = models.SmallIntegerField(default=0)
    active_browser_30d = models.SmallIntegerField(default=0)
    installed = models.SmallIntegerField(default=0)

    class Meta:
        verbose_name = "số liệu đảng viên"
        verbose_name_plural = "số liệu đảng viên"

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.org_id}"
