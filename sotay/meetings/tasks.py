"""The meetings' background jobs: the day-before reminder, once a day."""

from __future__ import annotations

import datetime

from django.tasks import task

from sotay.jobs.schedule import daily
from sotay.meetings.actions.meetings import send_reminders


@task
def remind_tomorrows_meetings() -> int:
    return send_reminders()


daily("meetings.reminders", remind_tomorrows_meetings, at=datetime.time(7, 0))
