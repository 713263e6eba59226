"""The facts, the funnel and the headline against counts computed here, row by row, from the raw tables."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from sotay.accounts.models import ActivationCode, Registration, User
from sotay.dashboard import facts, league, queries
from sotay.dashboard.facts import refresh
from sotay.dashboard.funnel import funnel
from sotay.dashboard.models import BranchDay, RefreshKind
from sotay.handbook.models import Entitlement
from sotay.members import actions
from sotay.members.models import Member
from sotay.orgs.models import Org
from sotay.usage.actions import record_activity
from sotay.usage.models import DailyActivity
from tests import factories

ACTIVE = {"du_bi", "chinh_thuc", "mien_sinh_hoat"}
ELIGIBLE = {"du_bi", "chinh_thuc"}


def raw_figures(root: Org) -> dict[str, int]:
    """The funnel's figures for `root`'s subtree, by walking every row in Python."""
    now = timezone.now()
    members = [m for m in Member.objects.select_related("org") if m.org.path.startswith(root.path)]
    ids = {m.pk for m in members}
    users = [u for u in User.objects.filter(is_active=True, member__isnull=False) if u.member_id in ids]
    by_member = {u.member_id: u for u in users}
    reg = {r.member_id for r in Registration.objects.all() if r.state in ("pending", "approved")}
    code = {c.member_id for c in ActivationCode.objects.all() if c.revoked_at is None}
    out: Counter[str] = Counter()
    for m in members:
        if m.status in ACTIVE:
            out["active"] += 1
            out["in_transit"] += m.in_transit_to_id is not None
            out["reached"] += m.pk in by_member or m.pk in reg or m.pk in code
            out["no_phone"] += m.phone == ""
        out["eligible"] += m.status in ELIGIBLE
        out["exempted"] += m.status == "mien_sinh_hoat"
    since = timezone.localdate(now) - datetime.timedelta(days=29)
    used: dict[int, set[str]] = {}
    for a in DailyActivity.objects.all():
        if a.day >= since:
            used.setdefault(a.user_id, set()).add(a.platform)
    for u in users:
        out["activated"] += 1
        out["signed_in"] += u.last_login is not None
        out["active_30d"] += u.pk in used
        out["active_app_30d"] += "app" in used.get(u.pk, set())
        out["active_browser_30d"] += "browser" in used.get(u.pk, set())
        out["activated_inactive"] += u.member.status not in ACTIVE
    out["entitled"] = sum(
        1
        for e in Entitlement.objects.select_related("branch")
        if e.active and e.branch.path.startswith(root.path)
    )
    out["pending_registrations"] = sum(
        1
        for r in Registration.objects.select_related("branch")
        if r.state == "pending" and r.branch.path.startswith(root.path)
    )
    return dict(out)


def _check(root: Org, day: datetime.date) -> None:
    fig = queries.node_figures(root, day)
    expected = raw_figures(root)
    for key, value in expected.items():
        assert fig[key] == value, (root.name, key, fig[key], value)


def test_facts_match_the_raw_tables_at_every_node(adoption: Any) -> None:
    run = refresh()
    tree = adoption.tree
    for node in (tree.city, tree.ward1, tree.unit1, tree.branch1, tree.branch2, tree.ward2, tree.unit2):
        _check(node, run.day)
    # The awkward cases are where they should be.
    b1 = queries.node_figures(tree.branch1, run.day)
    assert b1["exempted"] == 2
    assert b1["in_transit"] == 1
    assert b1["entitled"] == 10
    assert b1["eligible"] == 9
    b2 = queries.node_figures(tree.branch2, run.day)
    assert b2["activated_inactive"] == 1  # the merged-away duplicate's account
    b1_use = (b1["active_30d"], b1["active_app_30d"], b1["active_browser_30d"])
    assert b1_use == (5, 4, 2)  # four members within 30 days + the exempted one; one used both


def test_funnel_shares_and_flags(adoption: Any) -> None:
    run = refresh()
    fig = queries.node_figures(adoption.tree.city, run.day)
    rows = {r.step.key: r for r in funnel(fig)}
    raw = raw_figures(adoption.tree.city)
    assert rows["signed_in"].of_active == round(100 * raw["signed_in"] / raw["active"], 1)
    assert rows["signed_in"].of_eligible == round(100 * raw["signed_in"] / raw["eligible"], 1)
    # Accounts of members who left are counted and explained, not hidden.
    assert any("không còn trong danh sách" in f for f in rows["activated"].flags)
    # Branch 1 has an entitlement for an exempted member: more entitled than eligible, flagged.
    b1 = {r.step.key: r for r in funnel(queries.node_figures(adoption.tree.branch1, run.day))}
    assert b1["entitled"].of_eligible is not None
    assert b1["entitled"].of_eligible > 100
    assert any("đồng bộ lại" in f for f in b1["entitled"].flags)


def test_headline_counts_units_above_each_threshold(adoption: Any) -> None:
    run = refresh()
    tree = adoption.tree
    children = list(Org.objects.filter(parent=tree.city).order_by("name"))
    table = league.rows(
        children, queries.children_figures(tree.city, run.day), {}, measure="signed_in", base="active"
    )
    shares = []
    for ward in children:
        raw = raw_figures(ward)
        shares.append(100 * raw.get("signed_in", 0) / raw["active"])
    expected_low = sum(1 for s in shares if s > 30)
    expected_high = sum(1 for s in shares if s > 60)
    text = league.headline(table, measure="signed_in", base="active", low=30, high=60)
    assert text.startswith(f"{expected_low}/{len(children)} đơn vị có trên 30% đảng viên")
    assert f"; {expected_high} đơn vị trên 60%." in text
    # Units below the target come first.
    ordered = league.order(table, "target", 60)
    assert [r.share is not None and r.share >= 60 for r in ordered] == sorted(
        r.share is not None and r.share >= 60 for r in ordered
    )


@pytest.mark.parametrize("full_pass_chunks", [12, 0], ids=["chunks", "one-pass"])
def test_incremental_refresh_rewrites_only_changed_branches(
    adoption: Any, monkeypatch: Any, full_pass_chunks: int
) -> None:
    """The same rows whether the changed branches are computed in chunks or in one full pass."""
    monkeypatch.setattr(facts, "FULL_PASS_CHUNKS", full_pass_chunks)
    tree = adoption.tree
    first = refresh()
    assert first.kind == RefreshKind.FULL
    second = refresh()
    assert second.kind == RefreshKind.INCREMENTAL
    assert second.branches == 0
    # A member added to branch 2 and a move of the transit member: only those branches are rewritten.
    factories.member(tree.branch2)
    third = refresh()
    assert third.branches == 1
    _check(tree.city, third.day)
    mover = Member.objects.get(in_transit_to__isnull=False)
    actions.receive_transfer(transfer=mover.transfers.get(state="in_transit"), by=None, on=first.day)
    fourth = refresh()
    assert fourth.branches == 2
    _check(tree.city, fourth.day)
    # A sign-in alone is a change too, and so is a day of use.
    user = User.objects.create(
        username="dv-new", member=Member.objects.filter(org=tree.unit2).first(), password="!"
    )
    assert refresh().branches == 1
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    assert refresh().branches == 1
    record_activity(user=user, platform="app")
    assert refresh().branches == 1
    _check(tree.city, first.day)
    assert BranchDay.objects.filter(day=first.day).count() == len(
        {
            *Org.objects.branches().values_list("pk", flat=True),
            *Member.objects.values_list("org_id", flat=True),
        }
    )


def test_history_is_kept_per_day(adoption: Any) -> None:
    yesterday = timezone.now() - datetime.timedelta(days=1)
    refresh(now=yesterday)
    run = refresh()
    assert run.kind == RefreshKind.FULL  # a new day starts with every branch
    days = [d for d, _ in queries.history(adoption.tree.city, run.day - datetime.timedelta(days=30), run.day)]
    assert days == [timezone.localdate(yesterday), run.day]


def test_a_branchs_history_is_its_own_rows(adoption: Any) -> None:
    """A leaf has no rollup rows: its trend reads its own facts (the (org, day) index), day by day."""
    yesterday = timezone.now() - datetime.timedelta(days=1)
    refresh(now=yesterday)
    run = refresh()
    branch = adoption.tree.branch1
    history = queries.history(branch, run.day - datetime.timedelta(days=30), run.day)
    assert [d for d, _ in history] == [timezone.localdate(yesterday), run.day]
    assert history[-1][1] == queries.node_figures(branch, run.day)
    assert history[-1][1]["active"] == Member.objects.filter(org=branch).active().count() > 0
