"""The person responsible for a unit: only someone with a role in the campaign's scope; the answer never
says whether an account exists outside it."""

import pytest
from django.urls import reverse

from sotay.campaign.models import CampaignUnit
from tests import factories


@pytest.fixture
def city_staff(tree):
    return factories.user("bantochuctp", role="unit_staff", at=tree.city)


def _post(client, campaign, unit, username):
    return client.post(
        reverse("unit_responsible", args=[campaign.pk, unit.pk]), {"username": username}, follow=True
    )


def test_staff_of_the_scope_can_be_named(client, campaign, ward1_unit, city_staff, unit_staff):
    client.force_login(city_staff)
    _post(client, campaign, ward1_unit, unit_staff.username)
    assert CampaignUnit.objects.get(pk=ward1_unit.pk).responsible == unit_staff


@pytest.mark.parametrize("username", ["khongco", "chuaphanquyen"])
def test_no_answer_says_whether_an_account_exists(client, campaign, ward1_unit, city_staff, username):
    factories.user("chuaphanquyen")  # exists, but holds no role: not someone to name
    client.force_login(city_staff)
    body = _post(client, campaign, ward1_unit, username).content.decode()
    assert f"Không tìm thấy cán bộ «{username}» có vai trò trong phạm vi chiến dịch." in body
    assert CampaignUnit.objects.get(pk=ward1_unit.pk).responsible is None
