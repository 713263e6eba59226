"""Closing a campaign: the staff at its root declare it finished with the unfinished units listed; the sync
rule still holds an unfinished unit back; audited once; everyone else gets a 404 and nothing changes."""

import pytest
from django.urls import reverse

from sotay.accounts.models import Role
from sotay.audit.models import AuditEvent
from sotay.campaign.actions import imports, promote
from sotay.campaign.actions.close import close_campaign
from sotay.campaign.models import Campaign, ProgressSnapshot, StepState, UnitStep
from sotay.campaign.tasks import snapshot_campaigns
from sotay.core.errors import ActionError
from sotay.handbook.models import SyncRun
from sotay.handbook.sync.actions import request_sync
from tests import factories
from tests.campaign.conftest import row, write_members


@pytest.fixture
def city_staff(tree):
    return factories.user("bantochuctp", role=Role.UNIT_STAFF, at=tree.city)


def _close_url(campaign):
    return reverse("campaign_close", args=[campaign.pk])


def test_the_closing_page_lists_the_unfinished_units(client, campaign, city_staff, ward1_unit, ward2_unit):
    UnitStep.objects.filter(unit=ward1_unit).update(state=StepState.DONE)
    client.force_login(city_staff)
    page = client.get(_close_url(campaign)).content.decode()
    assert "1 đơn vị chưa hoàn thành" in page
    assert ward2_unit.org.name in page
    assert reverse("unit_home", args=[ward2_unit.pk]) in page
    assert reverse("unit_home", args=[ward1_unit.pk]) not in page
    assert _close_url(campaign) in client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()


def test_closing_with_units_unfinished_needs_a_note_then_is_audited_once(
    client, campaign, city_staff, ward2_unit
):
    client.force_login(city_staff)
    before = AuditEvent.objects.count()
    response = client.post(_close_url(campaign), {"note": "   "})
    assert response.status_code == 400
    assert "hãy ghi rõ lý do kết thúc chiến dịch" in response.content.decode()
    assert not Campaign.objects.get(pk=campaign.pk).is_closed
    assert AuditEvent.objects.count() == before

    response = client.post(_close_url(campaign), {"note": "Hết đợt; <b>2 phường</b> làm tiếp"}, follow=True)
    page = response.content.decode()
    assert "Đã kết thúc chiến dịch «15 ngày đêm»." in page
    assert "&lt;b&gt;2 phường&lt;/b&gt;" in page  # shown as text
    closed = Campaign.objects.get(pk=campaign.pk)
    assert closed.is_closed
    assert closed.closed_by == city_staff
    event = AuditEvent.objects.get(object_type="campaign", object_id=str(campaign.pk), action="status")
    assert "Kết thúc chiến dịch «15 ngày đêm»; 2 đơn vị chưa hoàn thành" in event.summary
    assert ward2_unit.org.name in event.changes["unfinished_units"]
    # A second submit changes nothing and writes no second row.
    at = closed.closed_at
    client.post(_close_url(campaign), {"note": "Lần nữa"})
    closed.refresh_from_db()
    assert (closed.closed_at, closed.close_note) == (at, "Hết đợt; <b>2 phường</b> làm tiếp")
    assert AuditEvent.objects.filter(object_type="campaign", action="status").count() == 1
    page = client.get(_close_url(campaign)).content.decode()
    assert "Chiến dịch đã kết thúc" in page
    assert '<form method="post" class="card">' not in page


def test_a_finished_campaign_closes_without_a_note(campaign, city_staff):
    UnitStep.objects.filter(unit__campaign=campaign).update(state=StepState.DONE)
    assert close_campaign(campaign=campaign, note="", by=city_staff)
    assert (
        "mọi đơn vị đã hoàn thành" in AuditEvent.objects.get(object_type="campaign", action="status").summary
    )


def test_a_huge_note_is_refused(campaign, city_staff):
    with pytest.raises(ActionError, match="tối đa 500"):
        close_campaign(campaign=campaign, note="x" * 501, by=city_staff)
    assert not Campaign.objects.get(pk=campaign.pk).is_closed


def test_only_staff_at_the_root_close(
    client, campaign, unit_staff, outsider, secretary, member_user, no_role
):
    # unit_staff holds ward 1 (a unit of the city's campaign): they see the campaign but do not close it.
    for person in (unit_staff, outsider, secretary, member_user, no_role):
        client.force_login(person)
        assert client.get(_close_url(campaign)).status_code == 404
        assert client.post(_close_url(campaign), {"note": "Kết thúc"}).status_code == 404
    with pytest.raises(ActionError):
        close_campaign(campaign=campaign, note="Kết thúc", by=unit_staff)
    client.logout()
    assert client.post(_close_url(campaign), {"note": "Kết thúc"}).status_code == 302  # to sign-in
    assert client.get(reverse("campaign_close", args=["999999"])).status_code == 302
    assert not Campaign.objects.get(pk=campaign.pk).is_closed


def test_after_closing_an_unfinished_unit_still_waits_for_the_sync_rule(
    campaign, city_staff, ward1_unit, unit_staff, tree, tmp_path
):
    source = write_members(
        tmp_path / "p1.csv",
        [row("A1", "Nguyễn Văn Hòa", "05/03/1962", "Nam", "079062000101", "79.P1.U1.B1", card="00000101")],
    )
    batch = imports.import_file(unit=ward1_unit, source=source, original_name="p1.csv", by=unit_staff).batch
    close_campaign(campaign=campaign, note="Hết đợt", by=city_staff)
    with pytest.raises(ActionError, match=r"chưa xong bước chuyển lên CSDL 4\.0"):
        request_sync(root=tree.ward1, by=unit_staff)
    assert not SyncRun.objects.exists()
    # The unit may still finish late; then it syncs.
    promote.promote_batch(batch=batch, by=unit_staff)
    promote.reconcile_batch(batch=batch, by=unit_staff)
    request_sync(root=tree.ward1, by=unit_staff)
    assert SyncRun.objects.exists()


def test_a_closed_campaign_gets_no_more_daily_snapshots(campaign, city_staff):
    close_campaign(campaign=campaign, note="Hết đợt", by=city_staff)
    snapshot_campaigns.call()
    assert not ProgressSnapshot.objects.exists()


def test_control_characters_in_the_note_become_spaces(campaign, city_staff):
    assert close_campaign(campaign=campaign, note="Hết\x00đợt\x07 ", by=city_staff)
    assert Campaign.objects.get(pk=campaign.pk).close_note == "Hết đợt"
