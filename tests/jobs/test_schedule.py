from __future__ import annotations

import contextlib
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.tasks import task, task_backends
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sotay.jobs import schedule
from sotay.jobs.models import JobRun

RUNS: list[str] = []


@task
def _record() -> None:
    RUNS.append("ran")


@pytest.fixture
def jobs(monkeypatch):
    monkeypatch.setattr(schedule, "_JOBS", {})
    RUNS.clear()
    schedule.daily("test.daily", _record, at=datetime.time(7, 0))
    schedule.every("test.quarter", _record, minutes=15)
    return schedule


def _local(y, m, d, h, mi):
    return timezone.make_aware(datetime.datetime(y, m, d, h, mi))


def test_daily_slot_is_today_after_the_hour_and_yesterday_before(jobs):
    job = schedule._JOBS["test.daily"]
    assert job.slot(_local(2026, 12, 2, 7, 0)) == _local(2026, 12, 2, 7, 0)
    assert job.slot(_local(2026, 12, 2, 6, 59)) == _local(2026, 12, 1, 7, 0)
    quarter = schedule._JOBS["test.quarter"]
    assert quarter.slot(_local(2026, 12, 2, 7, 14)) == _local(2026, 12, 2, 7, 0)


def test_each_slot_is_enqueued_once(db, jobs):
    now = _local(2026, 12, 2, 7, 5)
    assert sorted(schedule.enqueue_due(now)) == ["test.daily", "test.quarter"]
    assert schedule.enqueue_due(now) == []
    assert len(RUNS) == 2
    # The next quarter hour is a new slot for the quarter-hourly job only.
    assert schedule.enqueue_due(now + datetime.timedelta(minutes=15)) == ["test.quarter"]
    assert JobRun.objects.count() == 3


def test_a_failing_task_does_not_record_its_slot_as_done(db, jobs, monkeypatch):
    def boom(*a, **kw):
        raise RuntimeError("queue down")

    monkeypatch.setattr(type(_record), "enqueue", boom)
    with pytest.raises(RuntimeError):
        schedule.enqueue_due(_local(2026, 12, 2, 7, 5))
    assert not JobRun.objects.exists()


def test_two_jobs_cannot_share_a_name(jobs):
    with pytest.raises(ValueError, match="two scheduled jobs"):
        schedule.every("test.daily", _record, minutes=5)
    with pytest.raises(ValueError, match="between 1 and 1440"):
        schedule.every("test.bad", _record, minutes=0)


@pytest.fixture
def database_tasks(settings, monkeypatch):
    """The production backend (tasks stored, run by the worker) for one test. The worker closes
    connections that are not in autocommit between tasks, as a long-lived process should; inside a
    test's transaction that would close the test's own connection (on PostgreSQL), so it is held off."""
    from django_tasks_db.management.commands import db_worker

    from sotay.jobs.management.commands import worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _forget_backends()
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    _forget_backends()


def _forget_backends() -> None:
    """Django caches task backends for the process; a changed TASKS setting needs them rebuilt."""
    task_backends.__dict__.pop("settings", None)
    with contextlib.suppress(AttributeError):
        del task_backends["default"]


def test_worker_lists_jobs(jobs):
    out = io.StringIO()
    call_command("worker", "--list", stdout=out)
    assert "test.daily\tdaily at 07:00" in out.getvalue()


def test_worker_batch_enqueues_what_is_due_and_runs_it(db, jobs, database_tasks):
    out = io.StringIO()
    call_command("worker", "--batch", "--no-startup-delay", stdout=out)
    assert "Enqueued: test.daily, test.quarter" in out.getvalue()
    assert RUNS == ["ran", "ran"]
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    # Run again at once: the slots are taken, nothing new is queued or run.
    call_command("worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    assert RUNS == ["ran", "ran"]


def test_worker_with_immediate_tasks_runs_due_jobs_in_batch_only(db, jobs):
    out = io.StringIO()
    call_command("worker", "--batch", stdout=out)
    assert RUNS == ["ran", "ran"]
    with pytest.raises(CommandError, match="SOTAY_TASKS=immediate"):
        call_command("worker")


def test_the_products_jobs_are_declared():
    names = {job.name for job in schedule.jobs()}
    assert {"jobs.prune_task_results", "site.prune_logs"} <= names


def test_old_task_results_and_slots_are_pruned(db, database_tasks, settings):
    from sotay.jobs.tasks import prune_task_results

    old = timezone.now() - datetime.timedelta(days=settings.SOTAY_TASK_RESULT_DAYS + 1)
    JobRun.objects.create(name="x", slot=old)
    JobRun.objects.create(name="x", slot=timezone.now())
    prune_task_results.call()
    assert list(JobRun.objects.values_list("name", flat=True)) == ["x"]
    assert JobRun.objects.get().slot > old


def test_a_batch_run_leaves_the_callers_signal_handlers(db, jobs, database_tasks):
    import signal

    before = signal.getsignal(signal.SIGINT)
    call_command("worker", "--batch", "--no-startup-delay", stdout=io.StringIO())
    assert signal.getsignal(signal.SIGINT) is before
