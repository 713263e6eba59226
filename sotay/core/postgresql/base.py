"""settings.DATABASES' ENGINE for PostgreSQL (`sotay.dbconfig`): Django's backend, except how a kept
connection is checked before a request uses it (ADR 0016's amendment).

Django checks a connection kept from an earlier request (`CONN_HEALTH_CHECKS`) by sending `SELECT 1`
before the request's first query: a round trip on every request, the most frequent query of all. A
server that ends a connection (a restart, `pg_terminate_backend`, an idle timeout) tells the client
first and closes its end, so the idle socket turns readable. This backend looks at the socket without
waiting (poll with a timeout of 0): nothing to read means nothing happened since the connection's last
answer, and the check is done; anything to read — the server's goodbye, an end of file, a notice — and
Django's own check runs (`SELECT 1`, the connection replaced if it fails).

What the poll cannot see: a firewall, NAT or load balancer between the app and the database that
forgets an idle connection without telling either end, and answers the next packet with a reset.
`SELECT 1` met that reset and Django replaced the connection; now the request's first query meets it,
and that request fails (the next one gets a new connection). Keep `SOTAY_DB_CONN_MAX_AGE` below any
such device's idle timeout (docs/deploy.md).
"""

from __future__ import annotations

import select
from typing import Any

import psycopg
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled  # type: ignore[attr-defined]  # django-stubs lacks it
            and not self.health_check_done  # type: ignore[has-type]
            and not self.pool
            and _quiet(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()


def _quiet(connection: Any) -> bool:
    """True when the idle connection's socket has nothing to read and no error: the server has said
    nothing since its last answer. False when it has, or when the socket cannot be asked."""
    try:
        if connection.closed or connection.broken:
            return False
        fd = connection.fileno()
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLPRI)
        return not poller.poll(0)
    except (OSError, ValueError, AttributeError, psycopg.Error):  # AttributeError: no poll() here
        return False
