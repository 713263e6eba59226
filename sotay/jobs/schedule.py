"""Recurring jobs: apps declare them, `sotay worker` enqueues each due slot exactly once.

An app declares its jobs in its `tasks.py`, which its AppConfig.ready() imports:

    @task
    def send_reminders() -> None: ...

    daily("meetings.reminders", send_reminders, at=datetime.time(7, 0))
    every("dashboard.refresh", refresh_facts, minutes=15)

A slot is the latest scheduled moment not after now (local time for `daily`). `enqueue_due()` inserts a
`JobRun(name, slot)` and enqueues the task in one transaction; the unique (name, slot) means that two
workers, or a worker and a cron line running `sotay worker --batch`, enqueue a slot once. A worker that
was down runs the latest missed slot once when it starts, not every slot it missed: each job computes
its state from the data (a daily snapshot of today, the reminders of tomorrow's meetings), so a backlog
would only repeat the same work.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.tasks import Task
from django.utils import timezone

from sotay.jobs.models import JobRun


@dataclass(frozen=True)
class Job:
    name: str
    task: Task[Any, Any]
    at: datetime.time | None = None  # daily at this local time
    minutes: int | None = None  # or every this many minutes

    def slot(self, now: datetime.datetime) -> datetime.datetime:
        """The latest slot of this job at or before `now` (an aware datetime)."""
        if self.at is not None:
            local = timezone.localtime(now)
            today = timezone.make_aware(datetime.datetime.combine(local.date(), self.at))
            return today if today <= now else today - datetime.timedelta(days=1)
        assert self.minutes is not None
        step = self.minutes * 60
        epoch = int(now.timestamp()) // step * step
        return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)


_JOBS: dict[str, Job] = {}


def _register(job: Job) -> None:
    existing = _JOBS.get(job.name)
    if existing is not None and existing != job:
        raise ValueError(f"two scheduled jobs are named {job.name!r}")
    _JOBS[job.name] = job


def daily(name: str, task: Task[Any, Any], *, at: datetime.time) -> None:
    """Run `task` (no arguments) once a day at local time `at`."""
    _register(Job(name, task, at=at))


def every(name: str, task: Task[Any, Any], *, minutes: int) -> None:
    """Run `task` (no arguments) every `minutes` minutes (slots aligned to the clock)."""
    if not 1 <= minutes <= 24 * 60:
        raise ValueError("minutes must be between 1 and 1440")
    _register(Job(name, task, minutes=minutes))


def jobs() -> list[Job]:
    return sorted(_JOBS.values(), key=lambda j: j.name)


def enqueue_due(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every job whose current slot has not been enqueued yet; return their names."""
    now = now or timezone.now()
    started = []
    for job in jobs():
        slot = job.slot(now)
        try:
            with transaction.atomic():
                run = JobRun.objects.create(name=job.name, slot=slot)
                result = job.task.enqueue()
                run.task_result_id = str(result.id)[:64]
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # this slot is already enqueued (by this worker earlier, or by another)
        started.append(job.name)
    return started
