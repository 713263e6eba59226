"""The campaign's pages run a bounded number of queries, whatever the number of units, rows and findings."""

import pytest
from django.urls import reverse

from sotay.campaign.actions import imports
from sotay.campaign.actions.campaigns import create_campaign
from tests.campaign.conftest import row, write_members
from tests.queries import assert_flat

pytestmark = pytest.mark.usefixtures("no_n_plus_one")


@pytest.fixture
def staged(ward1_unit, messy_file, unit_staff):
    return imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff
    ).batch


def _bigger_file(ward1_unit, tmp_path, unit_staff):
    """A second upload with more rows (and so more findings and pairs) replaces the first."""

    def grow():
        rows = [
            row(f"B{i}", "nguyễn  văn hoà", "05/03/1962", "Nữ", f"0790620{i:05d}", "79.P1.U1.B1")
            for i in range(1, 9)
        ]
        imports.import_file(
            unit=ward1_unit,
            source=write_members(tmp_path / "p1b.csv", rows),
            original_name="p1b.csv",
            by=unit_staff,
        )

    return grow


def test_campaign_list(client, unit_staff, campaign, tree):
    client.force_login(unit_staff)

    def grow():
        for n in range(3):
            deadlines = {step.kind: step.deadline for step in campaign.steps.all()}
            create_campaign(
                root=tree.city, name=f"Đợt {n}", deadlines=deadlines, by=unit_staff, check_permission=False
            )

    assert_flat(client, reverse("campaign_list"), grow, at_most=10)


def test_campaign_detail(client, unit_staff, campaign, staged, ward1_unit, tmp_path):
    client.force_login(unit_staff)
    grow = _bigger_file(ward1_unit, tmp_path, unit_staff)
    assert_flat(client, reverse("campaign_detail", args=[campaign.pk]), grow, at_most=25)


@pytest.mark.parametrize("name", ["unit_home", "unit_queue", "unit_duplicates"])
def test_unit_pages(client, unit_staff, staged, ward1_unit, tmp_path, name):
    client.force_login(unit_staff)
    grow = _bigger_file(ward1_unit, tmp_path, unit_staff)
    assert_flat(client, reverse(name, args=[ward1_unit.pk]), grow, at_most=25)
