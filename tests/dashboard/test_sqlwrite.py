"""The in-place update of day rows: sets or adds only the given columns of the given day's rows and
says which organisations had a row."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from sotay.dashboard import sqlwrite
from sotay.dashboard.models import NodeDay
from sotay.orgs.models import Org

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 2)


def _orgs(tree: Any) -> list[Org]:
    return [tree.city, tree.ward1, tree.branch1, tree.branch2]


def test_sets_adds_and_reports_the_rows_found(tree: Any) -> None:
    a, b, c, other_day = _orgs(tree)
    earlier, now = timezone.now() - datetime.timedelta(hours=1), timezone.now()
    for org in (a, b):
        NodeDay.objects.create(org=org, day=DAY, refreshed_at=earlier, active=10, eligible=7, no_phone=2)
    NodeDay.objects.create(
        org=other_day, day=DAY - datetime.timedelta(days=1), refreshed_at=earlier, active=5
    )

    found = sqlwrite.update(
        NodeDay,
        DAY,
        {a.pk: {"active": 3}, b.pk: {"active": -1, "eligible": 2}, c.pk: {"active": 9}},
        ["active", "eligible"],
        now,
        add=True,
    )
    assert found == {a.pk, b.pk}
    rows = {r.org_id: r for r in NodeDay.objects.all()}
    assert (rows[a.pk].active, rows[a.pk].eligible, rows[a.pk].no_phone) == (13, 7, 2)
    assert (rows[b.pk].active, rows[b.pk].eligible) == (9, 9)
    assert rows[a.pk].refreshed_at == now
    assert (rows[other_day.pk].active, rows[other_day.pk].refreshed_at) == (5, earlier)
    assert c.pk not in rows

    found = sqlwrite.update(NodeDay, DAY, {a.pk: {"no_phone": 0, "active": 99}}, ["no_phone"], now)
    row = NodeDay.objects.get(org=a, day=DAY)
    assert found == {a.pk}
    assert (row.active, row.no_phone) == (13, 0)


def test_many_rows_in_several_statements(tree: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlwrite, "MAX_ROWS", 2)
    orgs = _orgs(tree)
    now = timezone.now()
    for org in orgs:
        NodeDay.objects.create(org=org, day=DAY, refreshed_at=now, active=1)
    found = sqlwrite.update(NodeDay, DAY, {o.pk: {"active": o.pk} for o in orgs}, ["active"], now)
    assert found == {o.pk for o in orgs}
    assert dict(NodeDay.objects.values_list("org_id", "active")) == {o.pk: o.pk for o in orgs}


def test_nothing_to_do() -> None:
    assert sqlwrite.update(NodeDay, DAY, {}, ["active"], timezone.now()) == set()
