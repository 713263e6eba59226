"""The jobs app's own upkeep: finished task results and old slots are pruned daily."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.tasks import task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sotay.jobs.models import JobRun
from sotay.jobs.schedule import daily


@task
def prune_task_results() -> int:
    """Task results hold their arguments (a notification's title may name a person): keep them only
    as long as SOTAY_TASK_RESULT_DAYS, finished ones only."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.SOTAY_TASK_RESULT_DAYS)
    done = DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()[0]
    slots = JobRun.objects.filter(slot__lt=cutoff).delete()[0]
    return done + slots


daily("jobs.prune_task_results", prune_task_results, at=datetime.time(3, 30))
