"""bench/load_copy.py (the benches' COPY path, PostgreSQL only): what it meant to write per branch is
what the dashboard's facts refresh counts from the raw tables, the schema ends as the migrations made
it, and the member counts show no drift. SQLite keeps the ORM path (bench/dashboard.py)."""

import datetime
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from sotay.dashboard.facts import refresh
from sotay.dashboard.models import BranchDay
from sotay.members.counts import recount
from sotay.orgs.models import BRANCH_TYPES, Org
from sotay.synth import SynthConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import load_copy

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY: PostgreSQL only"),
]
COMPARED = (
    "active",
    "eligible",
    "exempted",
    "in_transit",
    "no_phone",
    "entitled",
    "activated",
    "signed_in",
    "installed",
    "reached",
    "pending_registrations",
    "codes_unused",
    "checked_in",
)


def test_fast_load_matches_the_facts_refresh_and_keeps_the_schema():
    before = load_copy.schema_signature()
    now = timezone.now()
    config = SynthConfig(members=4_000, wards=2, seed=3, today=datetime.date.today())

    done = load_copy.load(config, seed=3, now=now, tally=True)
    refresh(full=True)

    assert load_copy.schema_signature() == before
    assert recount() == []
    assert done.rows["members"] == 4_000
    assert 0 < done.rows["users"] < done.rows["members"]
    figures = {row["org_id"]: row for row in BranchDay.objects.filter(day=timezone.localdate(now)).values()}
    branches = set(Org.objects.filter(type__in=BRANCH_TYPES).values_list("pk", flat=True))
    assert set(done.per_org) <= branches  # members sit in branches only
    assert set(figures) == branches
    for org_id in branches:
        meant = done.per_org.get(org_id, {})
        counted = {name: figures[org_id][name] for name in COMPARED}
        assert counted == {name: meant.get(name, 0) for name in COMPARED}, org_id
    totals = {name: sum(f[name] for f in figures.values()) for name in COMPARED}
    # The shape synth_activity gives: exempted and in-transit members exist, adoption between the bounds.
    assert totals["exempted"] > 0
    assert totals["in_transit"] > 0
    assert totals["checked_in"] > 0
    assert 0.3 < totals["signed_in"] / totals["eligible"] < 0.9
