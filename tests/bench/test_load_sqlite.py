"""bench/load_sqlite.py (the benches' fast SQLite path): the rows in the database are the rows of
`load_copy.frames`, the one source the PostgreSQL COPY path writes too (the same check runs there
on `load_copy.load`); the facts refresh counts what the load meant per branch; the schema ends as
the migrations made it."""

import datetime
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from sotay.dashboard.facts import refresh
from sotay.dashboard.models import BranchDay
from sotay.handbook.models import Entitlement
from sotay.handbook.sync.payload import payload_hash
from sotay.members.counts import recount
from sotay.members.models import HANDBOOK_STATUSES, Member
from sotay.notifications.models import Notification
from sotay.synth import SynthConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import load_copy
import load_sqlite

from tests.bench.test_load_copy import COMPARED

pytestmark = pytest.mark.django_db
SEED = 3


def _config() -> SynthConfig:
    return SynthConfig(members=2_000, wards=2, seed=SEED, today=datetime.date.today())


def _load(now: datetime.datetime, *, tally: bool = False) -> load_copy.Loaded:
    if connection.vendor == "postgresql":
        return load_copy.load(_config(), seed=SEED, now=now, tally=tally)
    return load_sqlite.load(_config(), seed=SEED, now=now, tally=tally)


def test_the_database_holds_the_rows_of_the_shared_generator(monkeypatch):
    # The unusable password is random at each make_password(None): one for both runs of the generator.
    monkeypatch.setattr("django.contrib.auth.hashers.make_password", lambda _: "!unusable")
    now = timezone.now().replace(microsecond=123456)
    done = _load(now)

    written: Counter[str] = Counter()
    for model, frame in load_copy.frames(_config(), seed=SEED, now=now, done=load_copy.Loaded()):
        full = load_copy.complete(model, frame, now)
        names = [model._meta.get_field(c).attname if c != "id" else "id" for c in full.columns]
        expected = Counter(full.iter_rows())
        stored = Counter(model.objects.values_list(*names))
        assert stored == expected, model.__name__
        written[load_copy.ROW_NAMES[model._meta.db_table]] += full.height
    assert {k: done.rows[k] for k in written} == dict(written)


def test_the_derived_rows_are_the_handbooks_own():
    # Midday: the meetings (started 30 minutes before) fall on the same UTC date as the invitations.
    now = timezone.now().replace(hour=12, minute=0)
    done = _load(now)

    eligible = Member.objects.filter(status__in=HANDBOOK_STATUSES)
    entitled = [m for m in eligible.values_list("pk", flat=True) if m % load_copy.NOT_ENTITLED]
    assert done.rows["entitlements"] == len(entitled) > 0
    entitlement = Entitlement.objects.select_related("member", "branch").order_by("pk").first()
    assert entitlement is not None
    member = entitlement.member
    assert entitlement.payload["member_code"] == member.code
    assert entitlement.payload["birth_date"] == member.birth_date.isoformat()
    assert entitlement.payload["branch_name"] == entitlement.branch.name
    assert entitlement.payload["phone"] == (member.phone or None)
    if connection.vendor == "sqlite":  # PostgreSQL hashes jsonb's text (bench/load_copy.py)
        assert entitlement.payload_hash == payload_hash(entitlement.payload)
    assert done.rows["agenda items"] == 3 * done.rows["meetings today"] == 3 * done.rows["meeting documents"]

    roles = (load_copy if connection.vendor == "postgresql" else load_sqlite).member_roles_and_notifications(
        now
    )
    assert roles["member roles"] == done.rows["users"]
    invited = Notification.objects.filter(kind="meetings.published")
    assert roles["notifications"] == invited.count() > 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's path")
def test_fast_sqlite_load_matches_the_facts_refresh_and_keeps_the_schema():
    before = load_sqlite.schema_signature()
    now = timezone.now()

    done = load_sqlite.load(_config(), seed=SEED, now=now, tally=True)
    refresh(full=True)

    assert load_sqlite.schema_signature() == before
    with connection.cursor() as cursor:  # the full-text index rebuilt: raises if it misses a member
        cursor.execute("INSERT INTO members_member_fts(members_member_fts) VALUES ('integrity-check')")
    assert recount() == []
    figures = {row["org_id"]: row for row in BranchDay.objects.filter(day=timezone.localdate(now)).values()}
    assert set(done.per_org) <= set(figures)
    for org_id, row in figures.items():
        meant = done.per_org.get(org_id, {})
        assert {n: row[n] for n in COMPARED} == {n: meant.get(n, 0) for n in COMPARED}, org_id
    assert sum(row["checked_in"] for row in figures.values()) > 0
