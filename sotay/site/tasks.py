"""The composition root's scheduled job: retention of the audit and handbook change logs, daily."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from sotay.jobs.schedule import daily
from sotay.site.retention import prune_logs


@task
def prune_logs_daily() -> None:
    prune_logs(
        now=timezone.now(),
        audit_days=settings.SOTAY_AUDIT_RETENTION_DAYS,
        changes_days=settings.SOTAY_HANDBOOK_CHANGES_RETENTION_DAYS,
    )


daily("site.prune_logs", prune_logs_daily, at=datetime.time(3, 0))
