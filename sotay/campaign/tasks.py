"""The campaign's scheduled job: the burndown's figures, taken each evening for every running campaign."""

from __future__ import annotations

import datetime

from django.tasks import task
from django.utils import timezone

from sotay.campaign.actions.campaigns import take_snapshot
from sotay.campaign.models import Campaign, StepState, UnitStep
from sotay.jobs.schedule import daily


@task
def snapshot_campaigns() -> None:
    """Today's snapshot of each campaign with a step still open; idempotent per day (updated in place,
    as the "Chốt số liệu hôm nay" button does). A finished or closed campaign's burndown stops at its last
    day."""
    today = timezone.localdate()
    running = UnitStep.objects.exclude(state=StepState.DONE).values("unit__campaign")
    for campaign in Campaign.objects.filter(pk__in=running, closed_at__isnull=True).select_related("root"):
        take_snapshot(campaign=campaign, today=today, by=None)


# Late in the evening, so the day's point of the burndown holds the day's work.
daily("campaign.snapshot", snapshot_campaigns, at=datetime.time(23, 50))
