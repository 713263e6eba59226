"""The largest subtrees' counts, summed by the worker (sotay.members.rollup) and read by the pages.

The test tree is small, so "large" is made small: a node is rolled up from 2 count rows. The tree's rows:
branch 1 and branch 2 (ward 1, unit 1) one each, unit 2 (ward 2) one. So the city, ward 1 and unit 1 are
large; ward 2 and the branches are not.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sotay.jobs.schedule import jobs
from sotay.members import actions, rollup
from sotay.members.counts import _active_by_child, _subtree_totals, active_by_child, subtree_totals
from sotay.members.models import CountRollup, MemberStatus, OrgMemberCount

ON = datetime.date(2024, 6, 1)


@pytest.fixture
def rollups(settings):
    settings.SOTAY_COUNT_ROLLUP_ROWS = 2
    settings.SOTAY_COUNT_ROLLUP_READ_SECONDS = 60
    rollup.forget()
    yield
    rollup.forget()


def test_the_large_nodes_and_their_children_are_rolled_up(rollups, tree, hoa, lan, binh):
    assert rollup.refresh() == 6
    snap = rollup.snapshot()
    assert snap is not None
    assert snap.children_rolled == {tree.city.path, tree.ward1.path, tree.unit1.path}
    assert set(snap.figures) == {
        o.path for o in (tree.city, tree.ward1, tree.ward2, tree.unit1, tree.branch1, tree.branch2)
    }
    assert snap.figures[tree.city.path] == {MemberStatus.CHINH_THUC: (3, 0)}
    assert snap.children(tree.ward2.path) is None  # not large: its children were not summed


def test_pages_read_the_rollups_for_large_nodes_and_sum_the_rest(rollups, tree, hoa, lan, binh):
    rollup.refresh()
    nodes = [tree.city, tree.ward1, tree.ward2, tree.unit1, tree.branch1]
    live = _subtree_totals(nodes)
    assert subtree_totals(nodes) == live
    for node in (tree.city, tree.ward1, tree.unit1):
        assert active_by_child(len(node.path), node) == {
            path: n for path, n in _active_by_child(len(node.path) + 10, node).items() if path != node.path
        }
    # Large nodes only: one snapshot read per process and interval, then no query at all.
    with CaptureQueriesContext(connection) as queries:
        subtree_totals([tree.city, tree.ward1])
        active_by_child(len(tree.city.path), tree.city)
    assert len(queries) == 0
    # A node that is not large is summed at the request (exact).
    with CaptureQueriesContext(connection) as queries:
        subtree_totals([tree.ward2])
    assert len(queries) == 1


def test_a_rollup_is_a_snapshot_until_the_next_refresh(rollups, tree, hoa, lan, binh):
    rollup.refresh()
    actions.exempt_member(member=hoa, by=None, on=ON, decision_ref="QĐ 2")
    city = subtree_totals([tree.city])[tree.city.pk]
    assert city.by_status == {MemberStatus.CHINH_THUC: 3}  # as of the refresh
    assert subtree_totals([tree.ward2])[tree.ward2.pk].active == 1  # summed now
    rollup.refresh()
    city = subtree_totals([tree.city])[tree.city.pk]
    assert city.by_status == {MemberStatus.CHINH_THUC: 2, MemberStatus.MIEN_SINH_HOAT: 1}
    assert city == _subtree_totals([tree.city])[tree.city.pk]


def test_an_old_snapshot_is_not_used(rollups, settings, tree, hoa, lan, binh):
    """The worker stopped: past SOTAY_COUNT_ROLLUP_MAX_AGE the pages sum live again."""
    rollup.refresh(now=timezone.now() - datetime.timedelta(seconds=settings.SOTAY_COUNT_ROLLUP_MAX_AGE + 5))
    assert rollup.snapshot() is None
    OrgMemberCount.objects.filter(org=tree.branch1).update(members=5)
    rollup.forget()
    assert subtree_totals([tree.city])[tree.city.pk].active == 7


def test_in_transit_counts_active_members_only(rollups, tree, hoa, lan, binh):
    actions.start_transfer(member=lan, to=tree.unit2, by=None, on=ON)
    rollup.refresh()
    assert subtree_totals([tree.city])[tree.city.pk] == _subtree_totals([tree.city])[tree.city.pk]
    assert subtree_totals([tree.city])[tree.city.pk].in_transit == 1


def test_off_by_default_in_the_tests_and_refresh_does_nothing(settings, tree, hoa):
    settings.SOTAY_COUNT_ROLLUP_ROWS = 0
    rollup.forget()
    assert rollup.refresh() == 0
    assert not CountRollup.objects.exists()
    assert rollup.snapshot() is None


def test_the_worker_refreshes_them_every_minute():
    job = next(j for j in jobs() if j.name == "members.count_rollups")
    assert job.minutes == 1


def test_the_tree_page_shows_the_rolled_up_figures(rollups, client, unit_staff, tree, hoa, lan, binh):
    """The tree's root row and the children of a large node come from the snapshot: a change after the
    refresh shows at the next one (here: a count row edited behind the actions' back)."""
    rollup.refresh()
    OrgMemberCount.objects.filter(org=tree.branch1).update(members=40)
    client.force_login(unit_staff)
    body = client.get(reverse("org_children", args=[tree.ward1.pk]), headers={"HX-Request": "true"})
    assert "(2)" in body.content.decode()
    rollup.refresh()
    body = client.get(reverse("org_children", args=[tree.ward1.pk]), headers={"HX-Request": "true"})
    assert "(41)" in body.content.decode()


def test_the_home_page_says_when_rolled_up_figures_were_summed(
    rollups, settings, client, unit_staff, tree, hoa, lan
):
    """Ward 1 is large here: the staff member's home page shows its figures with their time. Summed at
    the request (rollups off), they are exact and carry no time."""
    now = timezone.now()
    rollup.refresh(now=now)
    client.force_login(unit_staff)
    body = client.get(reverse("home")).content.decode()
    assert f"2 đảng viên trong danh sách. Số liệu lúc {timezone.localtime(now):%H:%M}." in body
    settings.SOTAY_COUNT_ROLLUP_ROWS = 0
    body = client.get(reverse("home")).content.decode()
    assert "2 đảng viên trong danh sách." in body
    assert "Số liệu lúc" not in body


def test_large_counts_are_written_with_dots_between_thousands(client, unit_staff, tree, hoa):
    OrgMemberCount.objects.filter(org=tree.branch1).update(members=1_234_567)
    client.force_login(unit_staff)
    body = client.get(reverse("org_children", args=[tree.unit1.pk]), headers={"HX-Request": "true"})
    assert "(1.234.567)" in body.content.decode()
    assert "1.234.567 đảng viên trong danh sách" in client.get(reverse("home")).content.decode()
