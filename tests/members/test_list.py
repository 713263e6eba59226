"""The member list: keyset pages, bounded counts, search by prefix, identifier and word; and the plan of
every query the list, tree and home pages send to the member table uses an index."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sotay.members import keyset, search, views
from tests import factories
from tests.queries import is_account_query

NAMES = ["An", "Bình", "Chi", "Dũng", "Đức", "Giang", "Hòa", "Khánh", "Lan", "Minh", "Nam", "Oanh"]


@pytest.fixture
def twelve(tree):
    return [factories.member(tree.branch1, full_name=f"Nguyễn Văn {n}") for n in NAMES]


def _codes(body: str, members) -> list[str]:
    return [m.code for m in members if m.code in body]


def test_keyset_pages_forward_and_back(client, unit_staff, twelve, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client.force_login(unit_staff)
    first = client.get(reverse("member_list"))
    page = first.context["page"]
    assert [m.full_name for m in page.rows][:2] == ["Nguyễn Văn An", "Nguyễn Văn Bình"]
    assert page.has_next
    assert not page.has_previous
    assert page.count == 12
    second = client.get(reverse("member_list"), {"after": page.next_cursor}).context["page"]
    assert [m.full_name.split()[-1] for m in second.rows] == ["Giang", "Hòa", "Khánh", "Lan", "Minh"]
    assert second.has_previous
    assert second.has_next
    back = client.get(reverse("member_list"), {"before": second.previous_cursor}).context["page"]
    assert [m.pk for m in back.rows] == [m.pk for m in page.rows]
    assert back.has_next
    assert not back.has_previous


def test_jump_to_a_letter(client, unit_staff, tree):
    hoa = factories.member(tree.branch1, full_name="Hoàng Văn Hòa")
    an = factories.member(tree.branch1, full_name="An Văn Bình")
    client.force_login(unit_staff)
    body = client.get(reverse("member_list"), {"letter": "h"}).content.decode()
    assert _codes(body, [hoa, an]) == [hoa.code]


def test_counts_are_bounded_and_skipped_on_htmx(client, unit_staff, twelve, monkeypatch):
    monkeypatch.setattr(keyset, "COUNT_BOUND", 10)
    # More names start with the words than the ranked search reads: the keyset list in name order.
    monkeypatch.setattr(search, "CAP", 5)
    client.force_login(unit_staff)
    body = client.get(reverse("member_list"), {"q": "nguyen"}).content.decode()
    # The prefix search stops counting at the search's cap; a filter counts up to COUNT_BOUND.
    assert "Hơn 5 đảng viên có tên bắt đầu bằng «nguyen»" in body
    by_gender = client.get(reverse("member_list"), {"gender": "Nam"}).content.decode()
    assert "Hơn 10 đảng viên" in by_gender
    response = client.get(reverse("member_list"), {"q": "nguyen"}, headers={"HX-Request": "true"})
    assert response.context["page"].count is None


def test_name_prefix_first_then_words_anywhere(client, unit_staff, tree):
    hoa = factories.member(tree.branch1, full_name="Nguyễn Văn Hòa")
    other = factories.member(tree.branch1, full_name="Hòa Thị Nguyễn")
    client.force_login(unit_staff)
    body = client.get(reverse("member_list"), {"q": "nguyen van"}).content.decode()
    assert _codes(body, [hoa, other]) == [hoa.code]
    body = client.get(reverse("member_list"), {"q": "van hoa"}).content.decode()
    assert _codes(body, [hoa, other]) == [hoa.code]


def test_search_by_phone_and_card(client, unit_staff, tree):
    m = factories.member(tree.branch1, phone="0912345678")
    client.force_login(unit_staff)
    assert m.code in client.get(reverse("member_list"), {"q": "0912 345 678"}).content.decode()
    assert m.code in client.get(reverse("member_list"), {"q": m.card_number}).content.decode()


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return "\n".join(str(row[-1]) for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN " + sql)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("SET enable_seqscan = on")


def _member_table_scans(plan: str) -> list[str]:
    if connection.vendor == "sqlite":
        return [line for line in plan.splitlines() if line.strip() == "SCAN members_member"]
    return [line for line in plan.splitlines() if "Seq Scan on members_member" in line]


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("member_list", {}),
        ("member_list", {"q": "nguyen van"}),
        ("member_list", {"q": "079123456789"}),
        ("member_list", {"letter": "h"}),
        ("member_list", {"after": "nguyen van an:1"}),
        ("member_list", {"status": "all", "org": "branch1"}),
        ("org_tree", {}),
        ("home", {}),
    ],
)
def test_no_page_scans_the_member_table(client, unit_staff, twelve, tree, page, params):
    if params.get("org") == "branch1":
        params = {**params, "org": tree.branch1.pk}
    client.force_login(unit_staff)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(page), params).status_code == 200
    # The account's own row brings its member record by primary key on every page: not a read of the list.
    sqls = [q["sql"] for q in ctx.captured_queries if not is_account_query(q["sql"])]
    touching = [sql for sql in sqls if "members_member" in sql]
    if page != "member_list":
        assert touching == [], "the tree and home read the maintained counts, not the members"
    for sql in touching:
        # The search's estimate of common words is an EXPLAIN itself: it reads no row.
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "SAVEPOINT", "RELEASE", "EXPLAIN")):
            continue
        plan = _plan(sql)
        assert not _member_table_scans(plan), f"{sql}\n{plan}"


def test_tree_children_query_count_does_not_grow(client, unit_staff, tree, twelve, django_assert_num_queries):
    client.force_login(unit_staff)
    with django_assert_num_queries(5):  # the roles come with the account (sotay/core/carried.py)
        client.get(reverse("org_children", args=[tree.unit1.pk]), headers={"HX-Request": "true"})


def test_tree_children_link_each_child_to_its_children_and_its_list(client, unit_staff, tree, twelve):
    client.force_login(unit_staff)
    page = client.get(reverse("org_children", args=[tree.unit1.pk]), headers={"HX-Request": "true"})
    html = page.content.decode()
    for child in tree.unit1.children.all():
        assert f'href="{reverse("member_list")}?org={child.pk}"' in html
        if not child.is_branch:
            assert f'hx-get="{reverse("org_children", args=[child.pk])}"' in html
