import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sotay.core.errors import ActionError
from sotay.members.actions import merge_orgs
from sotay.members.models import EventKind, Member
from sotay.orgs.actions import create_org, move_org
from sotay.orgs.models import Org, OrgType
from tests import factories


def test_subtree_is_the_node_and_its_descendants(tree):
    codes = set(Org.objects.in_subtree(tree.ward1).values_list("code", flat=True))
    assert codes == {"79.P1", "79.P1.U1", "79.P1.U1.B1", "79.P1.U1.B2"}


def test_subtree_does_not_leak_into_a_sibling_with_a_longer_id(tree):
    # Ids 1 and 10, 11 ... share a decimal prefix; fixed-width segments keep subtrees apart.
    for i in range(12):
        create_org(by=None, code=f"X{i}", name=f"X{i}", type=OrgType.CHI_BO_CO_SO, parent=tree.ward2)
    assert not Org.objects.in_subtree(tree.branch1).exclude(pk=tree.branch1.pk).exists()
    assert Org.objects.in_subtree(tree.ward2).count() == 14


def test_subtree_query_is_one_indexed_range_scan(tree):
    with CaptureQueriesContext(connection) as ctx:
        list(Org.objects.in_subtree(tree.ward1))
    assert len(ctx.captured_queries) == 1
    sql = ctx.captured_queries[0]["sql"]
    assert "LIKE" not in sql.upper()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "USING INDEX" in plan
        else:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
            plan = " ".join(row[0] for row in cursor.fetchall())
            cursor.execute("SET enable_seqscan = on")
            assert "Index" in plan


def test_ancestors_root_first(tree):
    assert [o.code for o in tree.branch1.ancestors()] == ["79", "79.P1", "79.P1.U1"]
    assert tree.branch1.grassroots_unit() == tree.unit1


def test_branch_cannot_have_children(tree):
    with pytest.raises(ActionError, match="không thể có tổ chức trực thuộc"):
        create_org(by=None, code="bad", name="bad", type=OrgType.CHI_BO, parent=tree.branch1)
    assert not Org.objects.filter(code="bad").exists()


def test_duplicate_org_code_refused(tree):
    with pytest.raises(ActionError, match="đã tồn tại"):
        create_org(by=None, code="79.P1", name="again", type=OrgType.DANG_BO_PHUONG, parent=tree.city)


def test_admin_code_needs_its_code_system(tree):
    with pytest.raises(ActionError, match="hệ mã"):
        create_org(
            by=None,
            code="W",
            name="W",
            type=OrgType.DANG_BO_PHUONG,
            parent=tree.city,
            admin_unit_code="26833",
        )


def test_move_subtree_rewrites_descendant_paths(tree):
    move_org(org=tree.unit1, new_parent=tree.ward2, by=None)
    tree.branch1.refresh_from_db()
    assert tree.branch1.is_descendant_of(tree.ward2)
    assert tree.branch1.depth == 3
    assert set(Org.objects.in_subtree(tree.ward1).values_list("code", flat=True)) == {"79.P1"}


def test_cannot_move_into_own_subtree(tree):
    with pytest.raises(ActionError):
        move_org(org=tree.ward1, new_parent=tree.unit1, by=None)


def test_merge_branches_moves_members_and_records_successor(tree, hoa):
    merge_orgs(sources=[tree.branch1], into=tree.branch2, on=datetime.date(2025, 7, 1), by=None)
    hoa.refresh_from_db()
    tree.branch1.refresh_from_db()
    assert hoa.org == tree.branch2
    assert tree.branch1.valid_to == datetime.date(2025, 7, 1)
    assert tree.branch1.successor == tree.branch2
    assert hoa.events.filter(kind=EventKind.ORG_MERGED).count() == 1
    assert Org.objects.current().filter(pk=tree.branch1.pk).count() == 0


def test_merge_branch_into_party_committee_refused(tree, hoa):
    with pytest.raises(ActionError):
        merge_orgs(sources=[tree.branch1], into=tree.unit1, on=datetime.date(2025, 7, 1), by=None)
    hoa.refresh_from_db()
    assert hoa.org == tree.branch1


def test_member_counts_by_subtree(tree, hoa, lan, binh):
    assert Member.objects.in_subtree(tree.ward1).count() == 2
    assert Member.objects.in_subtree(tree.ward2).count() == 1
    factories.member(tree.branch1)
    assert Member.objects.in_subtree(tree.branch1).count() == 2


def test_a_file_may_hang_under_an_organisation_the_registry_holds(tree):
    """A ward's organisations file names its ward committee's parent (the province, already loaded);
    an unknown parent is still refused, writing nothing."""
    from sotay.orgs.actions import OrgRow, load_orgs

    rows = [
        OrgRow(code="79.P3", name="Đảng bộ phường Ba", parent_code="79", type=OrgType.DANG_BO_PHUONG),
        OrgRow(code="79.P3.U3", name="Chi bộ cơ sở Ba", parent_code="79.P3", type=OrgType.CHI_BO_CO_SO),
    ]
    made = load_orgs(rows=rows, by=None)
    assert made["79.P3"].parent == tree.city
    assert made["79.P3.U3"].path.startswith(tree.city.path)
    before = Org.objects.count()
    with pytest.raises(ActionError, match="Cấp trên không có"):
        load_orgs(
            rows=[OrgRow(code="80.P1", name="Phường", parent_code="80", type=OrgType.DANG_BO_PHUONG)], by=None
        )
    assert Org.objects.count() == before
