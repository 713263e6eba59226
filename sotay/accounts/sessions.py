"""Django's database sessions, with the session read on every request compiled once (issue 12)."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from sotay.core.compiled import Compiled

_LIVE = Compiled(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now),
    key=str,
    now=datetime.datetime,
)


class SessionStore(DatabaseSessionStore):
    """settings.SESSION_ENGINE: the table, rows and behaviour of `django.contrib.sessions.backends.db`."""

    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if not isinstance(key, str):
            return super()._get_session_from_db()  # type: ignore[misc]  # django-stubs lacks it
        try:
            session = _LIVE.first(key=key, now=timezone.now())
        except SuspiciousOperation as e:
            logging.getLogger(f"django.security.{e.__class__.__name__}").warning(str(e))
            session = None
        if session is None:
            self._session_key = None
        return session
