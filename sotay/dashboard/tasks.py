"""Background work of the dashboard: the facts refresh, every 15 minutes (`sotay worker`) and on demand."""

from __future__ import annotations

from django.tasks import task

from sotay.accounts.models import User
from sotay.dashboard.facts import refresh
from sotay.jobs.schedule import every


@task
def refresh_facts_task(by_id: int | None = None) -> int:
    """Refresh today's facts (incrementally after the day's first run); returns the branches rewritten."""
    by = User.objects.filter(pk=by_id).first() if by_id else None
    return refresh(by=by).branches


every("dashboard.refresh", refresh_facts_task, minutes=15)
