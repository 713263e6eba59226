"""A node with more child units than fit on a page: the headline and the count below target cover
every unit, the table shows 25 at a time (below target first), and any ?page= is answered."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import Role, User
from sotay.dashboard.facts import refresh
from sotay.orgs.models import OrgType
from tests import factories

pytestmark = pytest.mark.usefixtures("no_n_plus_one")


@pytest.fixture
def many_branches(tree: Any) -> dict[str, list[str]]:
    """30 branches under unit 1 with one member each; the 5 "Chi bộ đạt …" have signed in (100%)."""
    names: dict[str, list[str]] = {"below": [], "above": []}
    for i in range(30):
        above = i < 5
        name = f"Chi bộ {'đạt' if above else 'chưa'} {i:02d}"
        branch = factories.org(f"79.P1.U1.X{i:02d}", OrgType.CHI_BO, tree.unit1, name)
        m = factories.member(branch)
        if above:
            User.objects.create(username=f"dv-x{i}", member=m, last_login=timezone.now(), password="!")
        names["above" if above else "below"].append(name)
    refresh(full=True)
    return names


def _rows(body: str) -> list[str]:
    return re.findall(r'<th scope="row" data-label="Đơn vị"><a href="[^"]*">([^<]+)</a>', body)


def test_league_table_pages_units_below_target_first(client, tree, many_branches):
    client.force_login(factories.user("bantochuctp", role=Role.UNIT_STAFF, at=tree.city))
    url = reverse("dashboard_node", args=[tree.unit1.pk])
    first = client.get(url).content.decode()
    # Branches 1 and 2 of the persona tree have no member: no share, so below target too.
    assert "5/32 đơn vị có trên 50%" in first
    assert "27 đơn vị dưới mục tiêu 80%" in first
    assert "Đơn vị 1–25 / 32" in first
    league = _rows(first.split('id="h-league"')[1])
    assert len(league) == 25
    assert not set(league) & set(many_branches["above"])
    second = client.get(url + "?page=2&xep=target").content.decode()
    assert "Đơn vị 26–32 / 32" in second
    rest = _rows(second.split('id="h-league"')[1])
    assert set(many_branches["above"]) <= set(rest)
    assert len(league) + len(rest) == 32
    # The child links keep the chosen options but not the page.
    links = re.findall(r'data-label="Đơn vị"><a href="([^"]*)"', second.split('id="h-league"')[1])
    assert links
    assert all(link.endswith("/?xep=target") for link in links)
    for raw in ("abc", "0", "-1", "999", "<script>"):
        response = client.get(url + f"?page={raw}")
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("</header>")[-1]
