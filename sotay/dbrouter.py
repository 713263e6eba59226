"""Primary and read replica: where dashboards and exports may read (docs/deploy.md).

A replica lags the primary by milliseconds to seconds, so nothing is read from it unless the code asks:
reports that read a whole subtree (dashboards, progress pages, Excel exports) run inside `reporting()`
(their views are wrapped by `sotay.accounts.permissions.report_view`), or call `.using(reporting_db())`.
Member pages, review decisions and anything read right after a write stay on `default`, and so does
every read while the primary's connection is inside a transaction (it may hold what was just written).
Without `DATABASE_REPLICA_URL` everything is read from `default`, so the same code runs on one database.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"


def reporting_db() -> str:
    """The alias for heavy read-only reports: the replica when one is configured, else the primary."""
    return REPLICA if REPLICA in settings.DATABASES else PRIMARY


_reporting: ContextVar[bool] = ContextVar("sotay_reporting", default=False)


@contextmanager
def reporting() -> Iterator[None]:
    """Reads inside go to the replica, when one is configured (writes never do)."""
    token = _reporting.set(True)
    try:
        yield
    finally:
        _reporting.reset(token)


def reads_replica() -> bool:
    """Whether a read now goes to the replica: inside `reporting()`, a replica configured, and the
    primary's connection not inside a transaction."""
    return _reporting.get() and REPLICA in settings.DATABASES and not connections[PRIMARY].in_atomic_block


class PrimaryReplicaRouter:
    """Reads stay on the primary unless `reporting()` or `.using()` says otherwise; writes and migrations
    never reach the replica (it is read-only, fed by streaming replication)."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        # None: the default, the primary (or the instance's own database).
        return REPLICA if reads_replica() else None

    def db_for_write(self, model: type, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == PRIMARY
