"""Dashboard pages: scoped by subtree (404 outside), bounded queries, the drill-down and its export."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sotay import dbrouter
from sotay.accounts.models import Role
from sotay.api.actions import issue_token
from sotay.dashboard.facts import refresh
from tests import factories
from tests.queries import assert_flat, is_account_query

pytestmark = pytest.mark.usefixtures("no_n_plus_one")


def _urls(org: Any) -> list[str]:
    return [
        reverse("dashboard_node", args=[org.pk]),
        reverse("dashboard_quality", args=[org.pk]),
        reverse("dashboard_list", args=[org.pk, "chua-kich-hoat"]),
    ]


def test_ward_staff_see_their_ward_and_below_only(client, adoption, unit_staff):
    refresh()
    tree = adoption.tree
    client.force_login(unit_staff)
    for org in (tree.ward1, tree.unit1, tree.branch1):
        for url in _urls(org):
            assert client.get(url).status_code == 200, url
    for org in (tree.city, tree.ward2, tree.unit2):
        for url in [*_urls(org), reverse("dashboard_report", args=[org.pk])]:
            assert client.get(url).status_code == 404, url
    assert client.post(reverse("dashboard_refresh", args=[tree.ward2.pk])).status_code == 404


def test_branch_secretary_sees_their_branch_with_phone_numbers(client, adoption, secretary):
    refresh()
    tree = adoption.tree
    client.force_login(secretary)
    page = client.get(reverse("dashboard_list", args=[tree.branch1.pk, "chua-kich-hoat"]))
    assert page.status_code == 200
    assert "tel:" in page.content.decode()
    for org in (tree.branch2, tree.unit1, tree.ward1):
        assert client.get(reverse("dashboard_node", args=[org.pk])).status_code == 404
    # Committees look, they do not trigger refreshes.
    assert client.post(reverse("dashboard_refresh", args=[tree.branch1.pk])).status_code == 404
    assert client.get(reverse("dashboard_list", args=[tree.branch1.pk, "khong-co"])).status_code == 404


def test_export_of_members_not_activated_matches_the_list(client, adoption, unit_staff):
    refresh()
    client.force_login(unit_staff)
    response = client.get(reverse("dashboard_list_export", args=[adoption.tree.ward1.pk, "chua-kich-hoat"]))
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=4, values_only=True))
    # Branch 1: eight official + the mover are eligible; six have accounts. Branch 2: two of three.
    assert len(rows) == 3 + 2


def test_exports_neutralise_formulas(client, adoption, unit_staff):
    from sotay.members.models import Member

    refresh()
    member = Member.objects.filter(org=adoption.tree.branch2).active().first()
    Member.objects.filter(pk=member.pk).update(full_name='=HYPERLINK("http://x")')
    client.force_login(unit_staff)
    response = client.get(reverse("dashboard_list_export", args=[adoption.tree.ward1.pk, "dang-sinh-hoat"]))
    assert response.status_code == 200
    cells = [
        c for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True) for c in row
    ]
    assert '\'=HYPERLINK("http://x")' in cells
    assert '=HYPERLINK("http://x")' not in cells


def test_bad_thresholds_fall_back_with_a_message(client, adoption, unit_staff):
    refresh()
    client.force_login(unit_staff)
    body = client.get(
        reverse("dashboard_node", args=[adoption.tree.ward1.pk]) + "?nguong=<script>&muc_tieu=500&xep=x"
    ).content.decode()
    assert "phải là một số từ 0 đến 100" in body
    assert "<script>" not in body


def test_refresh_button_for_unit_staff(client, adoption, unit_staff):
    client.force_login(unit_staff)
    response = client.post(reverse("dashboard_refresh", args=[adoption.tree.ward1.pk]))
    assert response.status_code == 302
    assert "Phễu sử dụng" in client.get(response["Location"]).content.decode()


def _more(tree: Any) -> Any:
    def grow() -> None:
        unit = factories.org("79.P1.U9", "chi_bo_co_so", tree.ward1, "Chi bộ cơ sở Chín")
        for _ in range(3):
            factories.member(unit)
            factories.member(tree.branch1)
        refresh(full=True)

    return grow


@pytest.mark.parametrize("page", ["dashboard_node", "dashboard_quality"])
def test_node_pages_run_a_bounded_number_of_queries(client, adoption, page):
    refresh()
    staff = factories.user("bantochuctp", role=Role.UNIT_STAFF, at=adoption.tree.city)
    client.force_login(staff)
    assert_flat(client, reverse(page, args=[adoption.tree.ward1.pk]), _more(adoption.tree), at_most=20)


def test_list_page_runs_a_bounded_number_of_queries(client, adoption):
    refresh()
    staff = factories.user("bantochuctp", role=Role.UNIT_STAFF, at=adoption.tree.city)
    client.force_login(staff)
    url = reverse("dashboard_list", args=[adoption.tree.ward1.pk, "chua-kich-hoat"])
    assert_flat(client, url, _more(adoption.tree), at_most=12)


def test_report_runs_a_bounded_number_of_queries(client, adoption, django_assert_max_num_queries):
    refresh()
    staff = factories.user("bantochuctp", role=Role.UNIT_STAFF, at=adoption.tree.city)
    client.force_login(staff)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("dashboard_report", args=[adoption.tree.city.pk]) + "?tu=2026-01-01")
    assert response.status_code == 200
    assert client.get(reverse("dashboard_report", args=[adoption.tree.city.pk]) + "?tu=x").status_code == 404


def _scopes(client: Any, method: str, url: str, **headers: str) -> list[tuple[bool, str]]:
    """(inside `dbrouter.reporting()`, SQL) for each query the request runs."""
    seen: list[tuple[bool, str]] = []

    def note(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        seen.append((dbrouter._reporting.get(), sql))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        response = getattr(client, method)(url, **headers)
    assert response.status_code in (200, 302), (url, response.status_code)
    return seen


def test_reports_read_inside_the_replica_scope_after_the_roles(client, adoption):
    """Dashboards, their lists and exports, the API's and the campaign progress page read their data where
    `reporting()` sends it (the replica when configured), the user's roles first from the primary; member
    pages and the refresh button never do."""
    refresh()
    tree = adoption.tree
    staff = factories.user("bantochuctp", role=Role.UNIT_STAFF, at=tree.city)
    client.force_login(staff)
    reports = [
        reverse("dashboard_node", args=[tree.ward1.pk]),
        reverse("dashboard_quality", args=[tree.ward1.pk]),
        reverse("dashboard_list", args=[tree.ward1.pk, "chua-kich-hoat"]),
        reverse("dashboard_list_export", args=[tree.ward1.pk, "chua-kich-hoat"]),
        reverse("dashboard_no_meeting", args=[tree.ward1.pk]),
        f"/api/v1/dashboard/{tree.ward1.pk}",
    ]
    _, token = issue_token(user=staff, device="test")
    app = Client()  # the API's client: a token, no session (a session's account would bring its own roles)
    for url in reports:
        if url.startswith("/api/"):
            seen = _scopes(app, "get", url, HTTP_AUTHORIZATION=f"Bearer {token}")
        else:
            seen = _scopes(client, "get", url)
        # The roles once, before the scope; the report's data (facts, members) all inside it.
        assert [inside for inside, sql in seen if "accounts_roleassignment" in sql] == [False], url
        data = [
            inside
            for inside, sql in seen
            if ("dashboard_" in sql or '"members_member"' in sql) and not is_account_query(sql)
        ]
        assert data, url
        assert all(data), url
    assert not any(
        inside for inside, _ in _scopes(client, "post", reverse("dashboard_refresh", args=[tree.ward1.pk]))
    )
    assert not any(inside for inside, _ in _scopes(client, "get", "/"))
