"""The meetings' notifications, through the shared `notify()` (sotay.notifications): one place that names
the kinds, so tests can watch what is sent."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sotay.notifications.actions import notify as _notify


def send(
    *, users: Iterable[Any], kind: str, title: str, body: str = "", url: str = "", dedupe: str = ""
) -> None:
    _notify(users=users, kind=f"meetings.{kind}", title=title, body=body, url=url, dedupe=dedupe)
