"""Background work of the registry: the largest subtrees' count rollups, every minute (`sotay worker`)."""

from __future__ import annotations

from django.tasks import task

from sotay.jobs.schedule import every
from sotay.members import rollup


@task
def refresh_count_rollups() -> int:
    """Rewrite the rollups of the largest subtrees' member counts; returns how many nodes have rows."""
    return rollup.refresh()


every("members.count_rollups", refresh_count_rollups, minutes=1)
