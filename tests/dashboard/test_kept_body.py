"""The dashboard's body is kept (CACHES["pages"]) per facts refresh, node, child units and query string:
a reload reads no figures, a new refresh or a changed child unit shows at once, and what belongs to the
viewer (the refresh button, the breadcrumb, the 404 outside their subtree) is never taken from it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import Role
from sotay.dashboard.facts import refresh
from sotay.orgs.actions import create_org
from sotay.orgs.models import Org, OrgType
from tests import factories

pytestmark = pytest.mark.usefixtures("no_n_plus_one")

FIGURE_TABLES = ("dashboard_nodeday", "dashboard_branchday")


def _get(client: Any, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def _body(page: str) -> str:
    return page.split('<section aria-labelledby="h-funnel">', 1)[1].split("</main>", 1)[0]


def _active(page: str, node: Org) -> int:
    href = reverse("dashboard_list", args=[node.pk, "dang-sinh-hoat"])
    return int(re.search(rf'<a href="{re.escape(href)}">(\d+)</a>', page).group(1))


def test_a_reload_reads_no_figures_and_shows_the_same_page(client, adoption, unit_staff):
    refresh()
    client.force_login(unit_staff)
    url = reverse("dashboard_node", args=[adoption.tree.ward1.pk])
    first, first_sql = _get(client, url)
    again, again_sql = _get(client, url)
    assert any(t in q for q in first_sql for t in FIGURE_TABLES)
    assert not any(t in q for q in again_sql for t in FIGURE_TABLES)
    assert len(again_sql) < len(first_sql)
    assert _body(again) == _body(first)
    # The header outside the kept body still names the figures' day, on a miss and on a hit.
    day = f"Số liệu ngày {timezone.localdate():%d/%m/%Y}, tính lúc"
    assert day in first
    assert day in again


def test_a_new_refresh_shows_its_figures_at_once(client, adoption, unit_staff):
    tree = adoption.tree
    refresh()
    client.force_login(unit_staff)
    url = reverse("dashboard_node", args=[tree.ward1.pk])
    before = _active(_get(client, url)[0], tree.ward1)
    factories.member(tree.branch1)
    assert _active(_get(client, url)[0], tree.ward1) == before  # the facts have not been refreshed
    refresh()
    assert _active(_get(client, url)[0], tree.ward1) == before + 1


def test_a_new_or_renamed_child_unit_shows_without_a_refresh(client, adoption, unit_staff):
    tree = adoption.tree
    refresh()
    client.force_login(unit_staff)
    url = reverse("dashboard_node", args=[tree.ward1.pk])
    assert "Đảng bộ cơ sở Mới" not in _get(client, url)[0]
    create_org(
        by=None, code="79.P1.U9", name="Đảng bộ cơ sở Mới", type=OrgType.DANG_BO_CO_SO, parent=tree.ward1
    )
    assert "Đảng bộ cơ sở Mới" in _body(_get(client, url)[0])
    Org.objects.filter(pk=tree.unit1.pk).update(name="Đảng bộ cơ sở Đổi Tên")
    assert "Đảng bộ cơ sở Đổi Tên" in _body(_get(client, url)[0])


def test_each_query_string_has_its_own_body(client, adoption, unit_staff):
    refresh()
    client.force_login(unit_staff)
    url = reverse("dashboard_node", args=[adoption.tree.ward1.pk])
    by_name = _get(client, url + "?xep=name")[0]
    by_share = _get(client, url + "?xep=share")[0]
    assert '<option value="name" selected>' in by_name
    assert '<option value="share" selected>' in by_share
    assert '<option value="name" selected>' not in by_share
    # The child units' links carry the query string they were rendered for.
    assert "?xep=share" in _body(by_share)
    assert "?xep=share" not in _body(by_name)
    # A hostile value gets its message (outside the kept body) every time, escaped.
    for _ in range(2):
        page = _get(client, url + "?nguong=%3Cscript%3E")[0]
        assert "Ngưỡng «&lt;script&gt;»" in page
        assert "<script>" not in page.split("</header>")[-1]


def test_what_belongs_to_the_viewer_is_never_kept(client, adoption, unit_staff, secretary, outsider):
    tree = adoption.tree
    refresh()
    url = reverse("dashboard_node", args=[tree.branch1.pk])
    client.force_login(unit_staff)
    staff_page = _get(client, url)[0]
    assert reverse("dashboard_refresh", args=[tree.branch1.pk]) in staff_page
    client.force_login(secretary)
    secretary_page = _get(client, url)[0]
    assert _body(secretary_page) == _body(staff_page)
    # The secretary may look but not ask for a refresh; the ward is outside their breadcrumb.
    assert reverse("dashboard_refresh", args=[tree.branch1.pk]) not in secretary_page
    assert reverse("dashboard_node", args=[tree.ward1.pk]) not in secretary_page.split("<h1>")[0]
    # Staff of the other ward: a 404, kept body or not.
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(factories.user("bantochuctp", role=Role.UNIT_STAFF, at=tree.city))
    assert _body(_get(client, url)[0]) == _body(staff_page)
