"""A kept PostgreSQL connection is checked without a round trip (sotay/core/postgresql), and one the
server ended is still replaced before the request's first query."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import close_old_connections, connections

from sotay.members.models import Member
from sotay.orgs.models import OrgType
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True)]

connection = connections["default"]  # the wrapper itself: attributes are patched on it, not on a proxy


@pytest.fixture(autouse=True)
def _postgresql_with_health_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the health check of a kept connection is PostgreSQL's (SQLite keeps none)")
    connection.ensure_connection()
    monkeypatch.setattr(connection, "health_check_enabled", True)
    monkeypatch.setattr(connection, "close_at", None)  # not replaced for its age (CONN_MAX_AGE) meanwhile


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _checks(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every `SELECT 1` Django's own check sends, as its answer."""
    sent: list[bool] = []
    usable = connection.is_usable

    def counted() -> bool:
        sent.append(usable())
        return sent[-1]

    monkeypatch.setattr(connection, "is_usable", counted)
    return sent


def test_a_quiet_kept_connection_is_used_without_select_1(monkeypatch: pytest.MonkeyPatch) -> None:
    city = factories.org("79", OrgType.DANG_BO_TINH, None)
    factories.member(factories.org("79.B1", OrgType.CHI_BO_CO_SO, city))
    pid = _backend_pid()
    sent = _checks(monkeypatch)
    for _ in range(3):  # three requests on the kept connection
        close_old_connections()
        assert Member.objects.count() == 1
    assert sent == []
    assert _backend_pid() == pid


def test_a_connection_the_server_ended_is_replaced_before_the_first_query(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pid = _backend_pid()
    sent = _checks(monkeypatch)
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not _goodbye_arrived():
        time.sleep(0.01)
    close_old_connections()  # the next request starts
    assert Member.objects.count() == 0  # no error: the ended connection was replaced first
    assert sent == [False]  # the socket spoke, so Django's own check ran, and failed
    assert _backend_pid() != pid


def _goodbye_arrived() -> bool:
    import select

    poller = select.poll()
    poller.register(connection.connection.fileno(), select.POLLIN)
    return bool(poller.poll(0))
