"""One sync path (`handbook.sync.actions.request_sync`, the handbook's sync view) with the campaign's rule:
a unit is synced only after promotion and a clean reconciliation, from either page; afterwards the
campaign's third step is done."""

import pytest
from django.urls import reverse
from django.utils import timezone

from sotay.campaign.actions import imports, promote
from sotay.campaign.models import StepKind, StepState
from sotay.campaign.queries import unit_rows
from sotay.core.errors import ActionError
from sotay.handbook.models import Entitlement, SyncRun
from sotay.handbook.sync.actions import request_sync
from tests.campaign.conftest import row, write_members


@pytest.fixture
def clean_file(tmp_path):
    return write_members(
        tmp_path / "p1.csv",
        [
            row("A1", "Nguyễn Văn Hòa", "05/03/1962", "Nam", "079062000101", "79.P1.U1.B1", card="00000101"),
            row("A2", "Lê Thị Lan", "09/01/1965", "Nữ", "079165000102", "79.P1.U1.B2", card="00000102"),
        ],
    )


def _sync_step(unit):
    return unit.step_states.get(step__kind=StepKind.SYNC).state


def test_the_handbook_sync_page_applies_the_campaign_rule(client, ward1_unit, clean_file, unit_staff, tree):
    batch = imports.import_file(
        unit=ward1_unit, source=clean_file, original_name="p1.csv", by=unit_staff
    ).batch
    client.force_login(unit_staff)
    response = client.post(reverse("handbook_sync", args=[tree.ward1.pk]), follow=True)
    assert "chưa xong bước chuyển lên CSDL 4.0" in response.content.decode()
    assert not SyncRun.objects.exists()
    with pytest.raises(ActionError):
        request_sync(root=tree.branch1, by=unit_staff)  # a branch inside the unit: the same rule
    promote.promote_batch(batch=batch, by=unit_staff)
    promote.reconcile_batch(batch=batch, by=unit_staff)
    unit_page = reverse("unit_home", args=[ward1_unit.pk])
    assert reverse("handbook_sync", args=[tree.ward1.pk]) in client.get(unit_page).content.decode()
    response = client.post(reverse("handbook_sync", args=[tree.ward1.pk]), {"next": unit_page})
    assert response.url == unit_page
    assert Entitlement.objects.filter(active=True).count() == 2
    assert _sync_step(ward1_unit) == StepState.DONE
    row_ = unit_rows(ward1_unit.campaign, [ward1_unit], timezone.localdate())[0]
    assert row_.all_done
    assert row_.extra["pct"] == 100


def test_next_outside_the_site_is_ignored(client, ward1_unit, clean_file, unit_staff, tree):
    batch = imports.import_file(
        unit=ward1_unit, source=clean_file, original_name="p1.csv", by=unit_staff
    ).batch
    promote.promote_batch(batch=batch, by=unit_staff)
    promote.reconcile_batch(batch=batch, by=unit_staff)
    client.force_login(unit_staff)
    response = client.post(reverse("handbook_sync", args=[tree.ward1.pk]), {"next": "https://evil.example/"})
    assert response.url == reverse("handbook_health")


def test_a_unit_with_unexplained_differences_is_not_synced(ward1_unit, clean_file, unit_staff, tree):
    from sotay.members.models import Member

    batch = imports.import_file(
        unit=ward1_unit, source=clean_file, original_name="p1.csv", by=unit_staff
    ).batch
    promote.promote_batch(batch=batch, by=unit_staff)
    Member.objects.filter(code="A2").update(gender="Nam")
    promote.reconcile_batch(batch=batch, by=unit_staff)
    with pytest.raises(ActionError, match="chưa xong"):
        request_sync(root=tree.ward1, by=unit_staff)
    assert _sync_step(ward1_unit) == StepState.NOT_STARTED
