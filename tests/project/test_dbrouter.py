"""Primary and replica: reports may read the replica; writes and migrations stay on the primary."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import transaction

from sotay import dbrouter
from sotay.dbrouter import PrimaryReplicaRouter, reporting_db
from sotay.members.models import Member

ROOT = Path(__file__).resolve().parents[2]


def test_without_a_replica_reports_read_the_primary():
    assert reporting_db() == "default"


def test_with_a_replica_reports_read_it(monkeypatch):
    # Not pytest-django's `settings`: Django warns (an error here) when DATABASES is overridden.
    monkeypatch.setattr(dbrouter, "settings", SimpleNamespace(DATABASES={"default": {}, "replica": {}}))
    assert reporting_db() == "replica"


def test_writes_and_migrations_never_go_to_the_replica():
    router = PrimaryReplicaRouter()
    assert router.db_for_write(Member) == "default"
    assert router.db_for_read(Member) is None
    assert router.allow_migrate("default", "members")
    assert not router.allow_migrate("replica", "members")


def test_replica_url_adds_a_mirrored_alias(tmp_path):
    code = (
        "from django.conf import settings; r = settings.DATABASES['replica']; "
        "print(r['ENGINE'], r['HOST'], r['TEST']['MIRROR'], r['OPTIONS']['options'])"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://u:p@primary/sotay",
        "DATABASE_REPLICA_URL": "postgres://u:p@replica/sotay",
        "SOTAY_DATA_DIR": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "-m", "sotay.cli", "manage", "shell", "-c", code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "sotay.core.postgresql replica default -c statement_timeout=0 -c jit=off" in out.stdout, out.stderr


def _with_replica(monkeypatch) -> None:
    monkeypatch.setattr(dbrouter, "settings", SimpleNamespace(DATABASES={"default": {}, "replica": {}}))


def test_reads_go_to_the_replica_inside_reporting_only(monkeypatch):
    _with_replica(monkeypatch)
    router = PrimaryReplicaRouter()
    assert router.db_for_read(Member) is None
    with dbrouter.reporting():
        assert router.db_for_read(Member) == "replica"
        assert router.db_for_write(Member) == "default"
    assert router.db_for_read(Member) is None


def test_without_a_replica_reporting_reads_the_primary():
    with dbrouter.reporting():
        assert PrimaryReplicaRouter().db_for_read(Member) is None


@pytest.mark.django_db
def test_inside_a_transaction_on_the_primary_reads_stay_there(monkeypatch):
    """A report that wrote (an audit row in an atomic block) reads back what it wrote from the primary."""
    _with_replica(monkeypatch)
    with dbrouter.reporting(), transaction.atomic():
        assert PrimaryReplicaRouter().db_for_read(Member) is None
