"""The news' background job: publish approved items whose time has come, every five minutes."""

from __future__ import annotations

from django.tasks import task

from sotay.jobs.schedule import every
from sotay.news.actions import publish_due_news


@task
def publish_due() -> int:
    return publish_due_news()


every("news.publish_due", publish_due, minutes=5)
