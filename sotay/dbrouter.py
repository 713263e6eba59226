"""Primary and read replica: where dashboards and exports may read (docs/deploy.md).

A replica lags the primary by milliseconds to seconds, so nothing is read from it unless the code asks:
reports that read a whole subtree (dashboards, progress pages, Excel exports) call
`.using(reporting_db())`. Member pages, review decisions and anything read right after a write stay on
`default`. `reporting_db()` is `default` when no `DATABASE_REPLICA_URL` is configured, so the same code
runs on one database.
"""

from typing import Any

from django.conf import settings

PRIMARY = "default"
REPLICA = "replica"


def reporting_db() -> str:
    """The alias for heavy read-only reports: the replica when one is configured, else the primary."""
    return REPLICA if REPLICA in settings.DATABASES else PRIMARY


class PrimaryReplicaRouter:
    """Reads stay on the primary unless `.using()` says otherwise; writes and migrations never reach the
    replica (it is read-only, fed by streaming replication)."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        return None  # the default: the primary, or the instance's own database

    def db_for_write(self, model: type, **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == PRIMARY
