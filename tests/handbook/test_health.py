"""sync_health: entitled, synced, missing, no longer entitled, rejected (by reason), lag, last run."""

import datetime

import pytest

from sotay.handbook.sync.actions import sync_handbook
from sotay.handbook.sync.health import duration_vi, sync_health
from sotay.members import actions
from sotay.members.models import MemberStatus
from sotay.orgs.models import Org
from tests import factories

TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def test_before_any_run_everyone_entitled_is_missing(tree, hoa, lan, binh):
    actions.exempt_member(member=lan, by=None, on=YESTERDAY, decision_ref="01-QĐ")
    health = sync_health(tree.city)
    assert (health.entitled, health.synced, health.missing, health.up_to_date) == (2, 0, 2, 0)
    assert health.last_run is None
    assert health.pending_since is not None
    assert health.lag is not None
    assert health.lag >= datetime.timedelta(0)


def test_after_a_run_everything_is_up_to_date(tree, hoa, lan, binh):
    run = sync_handbook(root=tree.city, by=None)
    health = sync_health(tree.city)
    assert (health.entitled, health.synced, health.up_to_date, health.missing) == (3, 3, 3, 0)
    assert (health.not_entitled, health.rejected) == (0, 0)
    assert health.lag is None
    assert health.last_run == run


def test_figures_are_per_subtree(tree, hoa, lan, binh):
    sync_handbook(root=tree.city, by=None)
    ward1, ward2 = sync_health(tree.ward1), sync_health(tree.ward2)
    assert (ward1.entitled, ward1.synced) == (2, 2)
    assert (ward2.entitled, ward2.synced) == (1, 1)
    assert ward1.last_run is not None  # the city's run covers the ward


def test_a_narrower_run_does_not_count_as_covering_the_parent(tree, hoa, binh):
    sync_handbook(root=tree.ward2, by=None)
    assert sync_health(tree.city).last_run is None
    assert sync_health(tree.city).missing == 1


def test_exempted_after_sync_is_in_the_handbook_but_no_longer_entitled(tree, hoa, lan):
    run = sync_handbook(root=tree.city, by=None)
    actions.exempt_member(member=hoa, by=None, on=TODAY, decision_ref="01-QĐ")
    health = sync_health(tree.city)
    assert (health.entitled, health.synced, health.not_entitled, health.missing) == (1, 2, 1, 0)
    assert health.pending_since is not None
    assert health.pending_since >= run.started_at


def test_stale_payload_counts_as_missing(tree, hoa):
    sync_handbook(root=tree.city, by=None)
    actions.update_member(member=hoa, by=None, full_name="Nguyễn Văn Hoà Bình")
    health = sync_health(tree.city)
    assert (health.synced, health.missing, health.up_to_date) == (1, 1, 0)


def test_transferred_member_is_pending_in_both_subtrees(tree, hoa):
    sync_handbook(root=tree.city, by=None)
    transfer = actions.start_transfer(member=hoa, to=tree.unit2, by=None, on=TODAY)
    actions.receive_transfer(transfer=transfer, by=None, on=TODAY)
    ward1, ward2 = sync_health(tree.ward1), sync_health(tree.ward2)
    assert (ward1.entitled, ward1.synced, ward1.not_entitled) == (0, 1, 1)
    assert (ward2.entitled, ward2.synced, ward2.missing) == (1, 0, 1)


def test_rejections_of_the_latest_run_by_reason(tree, hoa, lan):
    Org.objects.filter(pk=tree.branch2.pk).update(valid_to=YESTERDAY)
    other = factories.member(tree.branch2)
    sync_handbook(root=tree.city, by=None)
    health = sync_health(tree.city)
    assert health.rejected == 2
    assert health.rejected_by_reason == [("Chi bộ đã giải thể hoặc sáp nhập", 2)]
    assert {r.member_id for r in health.rejections} == {lan.pk, other.pk}
    assert (health.entitled, health.missing, health.lag) == (3, 0, None)
    assert sync_health(tree.ward2).rejected == 0


def test_deceased_after_sync_is_pending_revocation(tree, hoa):
    sync_handbook(root=tree.city, by=None)
    actions.end_membership(member=hoa, by=None, status=MemberStatus.TU_TRAN, on=TODAY)
    health = sync_health(tree.city)
    assert (health.entitled, health.not_entitled) == (0, 1)


def test_health_query_count_does_not_grow_with_members(tree, django_assert_max_num_queries):
    for _ in range(40):
        factories.member(tree.branch1)
    sync_handbook(root=tree.city, by=None)
    with django_assert_max_num_queries(6):
        health = sync_health(tree.city)
    assert health.synced == 40


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (datetime.timedelta(seconds=30), "dưới 1 phút"),
        (datetime.timedelta(minutes=5), "5 phút"),
        (datetime.timedelta(hours=2), "2 giờ"),
        (datetime.timedelta(hours=2, minutes=5), "2 giờ 5 phút"),
        (datetime.timedelta(days=3), "3 ngày"),
        (datetime.timedelta(days=3, hours=2, minutes=59), "3 ngày 2 giờ"),
    ],
)
def test_lag_is_written_in_vietnamese(delta, text):
    assert duration_vi(delta) == text
