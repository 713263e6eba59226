"""`sotay worker`: run background tasks (notifications, reminders, snapshots) and the schedule."""

from __future__ import annotations

import logging
import threading
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django.db import close_old_connections, connection
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands import db_worker

from sotay.jobs.schedule import enqueue_due, jobs

logger = logging.getLogger("sotay.jobs")


def _schedule_loop(stop: threading.Event, every: float) -> None:
    while not stop.is_set():
        try:
            started = enqueue_due()
            if started:
                logger.info("scheduled: %s", ", ".join(started))
        except Exception:  # a database hiccup must not stop the schedule; the next tick retries
            logger.exception("could not enqueue the scheduled jobs")
        finally:
            connection.close()
        stop.wait(every)


class Command(db_worker.Command):
    help = "Run background tasks and enqueue scheduled jobs when due (--batch: run what is due, then exit)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # Checked in handle(): with SOTAY_TASKS=immediate there is no database backend to name, and the
        # scheduled jobs can still be run (--batch).
        parser._option_string_actions["--backend"].type = str
        parser.add_argument(
            "--no-schedule",
            action="store_true",
            help="Only run queued tasks; another worker (or cron with --batch) enqueues scheduled jobs.",
        )
        parser.add_argument(
            "--schedule-interval",
            type=float,
            default=30.0,
            help="Seconds between two looks at the schedule (default 30).",
        )
        parser.add_argument("--list", action="store_true", help="List the scheduled jobs and exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.pop("list"):
            for job in jobs():
                when = f"daily at {job.at:%H:%M}" if job.at else f"every {job.minutes} minutes"
                self.stdout.write(f"{job.name}\t{when}")
            return
        no_schedule = options.pop("no_schedule")
        interval = options.pop("schedule_interval")
        if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
            # SOTAY_TASKS=immediate: every task runs where it is enqueued; the schedule is all there is.
            if not options["batch"]:
                raise CommandError(
                    "SOTAY_TASKS=immediate runs each task where it is enqueued, so there is no queue to "
                    "work on; use --batch to run the scheduled jobs that are due, or SOTAY_TASKS=database."
                )
            started = enqueue_due()
            self.stdout.write("Ran: " + (", ".join(started) or "nothing was due"))
            return
        try:
            db_worker.valid_backend_name(options["backend_name"])
        except Exception as e:
            raise CommandError(str(e)) from e
        if no_schedule:
            return super().handle(*args, **options)
        if options["batch"]:
            started = enqueue_due()
            close_old_connections()
            if started:
                self.stdout.write("Enqueued: " + ", ".join(started))
            return super().handle(*args, **options)
        stop = threading.Event()
        thread = threading.Thread(target=_schedule_loop, args=(stop, interval), name="schedule", daemon=True)
        thread.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
