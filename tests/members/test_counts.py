import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from sotay.members import actions
from sotay.members.actions import BulkRow
from sotay.members.actions.bulk import UPDATABLE
from sotay.members.counts import active_by_child, recount, subtree_totals
from sotay.members.models import MemberStatus, OrgMemberCount
from tests import factories

ON = datetime.date(2024, 6, 1)


def test_every_action_keeps_the_counts_exact(tree, hoa, lan, binh):
    du_bi = factories.member(
        tree.branch1, status=MemberStatus.DU_BI, admission_date=datetime.date(2020, 1, 2)
    )
    actions.recognise_official(member=du_bi, by=None, decision_ref="QĐ 1")
    actions.exempt_member(member=hoa, by=None, on=ON, decision_ref="QĐ 2")
    actions.reinstate_member(member=hoa, by=None, on=ON)
    moving = actions.start_transfer(member=lan, to=tree.unit2, by=None, on=ON)
    assert subtree_totals([tree.ward1])[tree.ward1.pk].in_transit == 1
    actions.receive_transfer(transfer=moving, by=None, on=ON)
    back = actions.start_transfer(member=lan, to=tree.branch2, by=None, on=ON)
    actions.cancel_transfer(transfer=back, by=None, on=ON)
    leaving = actions.start_transfer(member=binh, to=tree.branch1, by=None, on=ON)
    actions.end_membership(member=leaving.member, by=None, status=MemberStatus.TU_TRAN, on=ON)
    assert recount() == []
    city = subtree_totals([tree.city, tree.ward1])
    assert city[tree.city.pk].active == 3
    assert city[tree.city.pk].in_transit == 0
    assert city[tree.city.pk].by_status[MemberStatus.TU_TRAN] == 1
    assert city[tree.ward1.pk].active == 2
    assert city[tree.ward1.pk].entitled == 2


def test_bulk_upsert_and_org_merge_keep_the_counts_exact(tree, hoa):
    values = {f: getattr(hoa, f) for f in UPDATABLE} | {
        "org": tree.branch2,
        "status": MemberStatus.MIEN_SINH_HOAT,
    }
    fresh = factories.MemberFactory.build(org=tree.branch1)
    new = {f: getattr(fresh, f) for f in UPDATABLE} | {"org": tree.branch1, "status": MemberStatus.CHINH_THUC}
    actions.upsert_members(
        rows=[BulkRow(row=1, values=values), BulkRow(row=2, values=new)],
        within=tree.ward1,
        by=None,
        note="",
        audit_as=("test", 1),
        summary="test",
        on=ON,
    )
    assert recount() == []
    actions.merge_orgs(sources=[tree.branch2], into=tree.branch1, on=ON, by=None)
    assert recount() == []
    assert active_by_child(len(tree.unit1.path), tree.unit1)[tree.branch1.path] == 2


def test_check_command_reports_and_repairs_drift(tree, hoa, capsys):
    OrgMemberCount.objects.filter(org=tree.branch1).update(members=7)
    with pytest.raises(SystemExit):
        call_command("check_member_counts")
    assert "drifted" in capsys.readouterr().out
    call_command("check_member_counts", "--repair")
    call_command("check_member_counts")
    assert "match" in capsys.readouterr().out


def test_tree_and_home_show_the_maintained_counts(client, unit_staff, tree, hoa, lan, binh):
    client.force_login(unit_staff)
    body = client.get(reverse("org_children", args=[tree.unit1.pk]), headers={"HX-Request": "true"})
    assert body.content.decode().count("(1)") == 2
    home = client.get(reverse("home")).content.decode()
    assert "2 đảng viên trong danh sách" in home


@pytest.fixture
def counts_cache(settings):
    """The cache of slow subtree sums on, keeping every sum (as if each took long), emptied around."""
    from django.core.cache import caches

    settings.SOTAY_COUNT_CACHE_SECONDS = 60
    settings.SOTAY_COUNT_CACHE_AFTER_MS = 0
    caches["counts"].clear()
    yield caches["counts"]
    caches["counts"].clear()


def test_a_slow_subtree_sum_is_kept_for_a_while_and_a_fast_one_never(counts_cache, settings, tree, hoa):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before = subtree_totals([tree.city])[tree.city.pk].active
    children = active_by_child(len(tree.city.path), tree.city)
    factories.member(tree.branch1)
    with CaptureQueriesContext(connection) as reads:
        kept = subtree_totals([tree.city])[tree.city.pk].active
        kept_children = active_by_child(len(tree.city.path), tree.city)
    # Within SOTAY_COUNT_CACHE_SECONDS the figures are the kept ones, read without a query.
    assert (kept, kept_children, len(reads)) == (before, children, 0)
    # Another subtree is its own key: the ward's sum sees the new member.
    assert subtree_totals([tree.ward1])[tree.ward1.pk].active == before + 1

    counts_cache.clear()
    settings.SOTAY_COUNT_CACHE_AFTER_MS = 60_000  # no sum takes a minute: none is kept
    assert subtree_totals([tree.city])[tree.city.pk].active == before + 1
    factories.member(tree.branch1)
    assert subtree_totals([tree.city])[tree.city.pk].active == before + 2
    assert sum(active_by_child(len(tree.city.path), tree.city).values()) == before + 2


def test_a_moved_subtree_takes_its_counts_with_it(tree, hoa, lan, binh):
    """The count rows copy their organisation's path: `move_org` rewrites the copies, in its transaction,
    so the old parent's sum loses the moved members and the new parent's gains them."""
    from sotay.orgs.actions import move_org

    before = subtree_totals([tree.ward1, tree.ward2])
    assert (before[tree.ward1.pk].active, before[tree.ward2.pk].active) == (2, 1)
    move_org(org=tree.unit1, new_parent=tree.ward2, by=None)
    ward1, ward2 = (type(tree.ward1).objects.get(pk=w.pk) for w in (tree.ward1, tree.ward2))
    after = subtree_totals([ward1, ward2])
    assert (after[ward1.pk].active, after[ward2.pk].active) == (0, 3)
    assert active_by_child(len(ward2.path), ward2) == {
        tree.unit1.__class__.objects.get(pk=tree.unit1.pk).path: 2,
        tree.unit2.path: 1,
    }
    assert recount() == []


def test_a_move_that_fails_leaves_the_copies_as_they_were(tree, hoa):
    """A move that fails after the paths were rewritten (here: its audit row) leaves the organisations'
    paths and the count rows' copies as they were."""
    from unittest import mock

    from sotay.orgs.actions import move_org
    from sotay.orgs.models import Org

    paths = sorted(OrgMemberCount.objects.values_list("path", flat=True))
    orgs = sorted(Org.objects.values_list("path", flat=True))
    with (
        mock.patch("sotay.orgs.actions.record", side_effect=RuntimeError("audit down")),
        pytest.raises(RuntimeError),
    ):
        move_org(org=tree.unit1, new_parent=tree.ward2, by=None)
    assert sorted(OrgMemberCount.objects.values_list("path", flat=True)) == paths
    assert sorted(Org.objects.values_list("path", flat=True)) == orgs
    assert subtree_totals([tree.ward1])[tree.ward1.pk].active == 1


def test_a_stale_path_copy_is_reported_and_repaired(tree, hoa, capsys):
    OrgMemberCount.objects.filter(org=tree.branch1).update(path=tree.branch2.path)
    assert subtree_totals([tree.branch1])[tree.branch1.pk].active == 0  # what a stale copy would cause
    drift = recount()
    assert [(d.org_id, d.wrong_path, d.stored == d.actual) for d in drift] == [(tree.branch1.pk, True, True)]
    with pytest.raises(SystemExit):
        call_command("check_member_counts")
    assert "path is stale" in capsys.readouterr().out
    call_command("check_member_counts", "--repair")
    assert recount() == []
    assert subtree_totals([tree.branch1])[tree.branch1.pk].active == 1


def test_the_sums_of_many_roots_are_kept_under_a_short_key(tree, hoa, lan, binh, settings):
    """A user with roles at many roots (a national staff member at each province) has one cache key for
    them all; memcached refuses keys over 250 characters and Django warns of them on every backend."""
    import warnings

    from django.core.cache import caches

    from sotay.orgs.models import Org, OrgType

    settings.SOTAY_COUNT_CACHE_SECONDS, settings.SOTAY_COUNT_CACHE_AFTER_MS = 60, 0  # keep every sum
    caches["counts"].clear()
    roots = [tree.city] + [
        factories.org(f"P{i:02d}", OrgType.DANG_BO_TINH, None, f"Đảng bộ tỉnh {i}") for i in range(30)
    ]
    roots = list(Org.objects.filter(pk__in=[r.pk for r in roots]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # CacheKeyWarning
        first = subtree_totals(roots)
        OrgMemberCount.objects.all().delete()
        again = subtree_totals(roots)  # from the cache: the rows are gone
    assert first[tree.city.pk].active == 3
    assert again == first


def test_a_node_named_like_its_type_is_not_labelled_twice(client, db):
    """The national root is named «Trung ương» and is of type «Trung ương»: the tree says it once."""
    from sotay.accounts.models import Role
    from sotay.orgs.actions import create_org
    from sotay.orgs.models import OrgType

    nation = create_org(by=None, code="TW", name="Trung ương", type=OrgType.TRUNG_UONG, parent=None)
    factories.org("79", OrgType.DANG_BO_TINH, nation, "Đảng bộ Thành phố")
    client.force_login(factories.user("bantochuc.tw", role=Role.UNIT_STAFF, at=nation))
    body = client.get(reverse("org_tree")).content.decode()
    tree = body[body.index('<ul class="tree">') :]
    assert '<span class="muted">Trung ương</span>' not in tree
    assert "<summary>Trung ương <span" in tree
    children = client.get(reverse("org_children", args=[nation.pk]), headers={"HX-Request": "true"})
    assert "Đảng bộ Thành phố" in children.content.decode()
    assert "Đảng bộ tỉnh/thành phố" in children.content.decode()  # a type unlike the name: shown
