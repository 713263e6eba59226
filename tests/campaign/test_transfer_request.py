"""A member another unit holds, found in the unit's file: the queue's finding asks for the transfer."""

import datetime

from django.urls import reverse

from sotay.campaign.actions import imports, promote, review
from sotay.campaign.gate import HELD_RULE
from sotay.campaign.models import FindingState
from sotay.members.actions import receive_transfer
from sotay.members.models import Member, Transfer
from tests import factories
from tests.campaign.conftest import row, write_members
from tests.factories import make_cccd

BIRTH = datetime.date(1962, 3, 5)


def _jumped(tree, ward1_unit, unit_staff, tmp_path):
    """The jumped member: ward 2 holds code J1; ward 1's file has J1 with a CCCD one digit apart."""
    cccd = make_cccd(BIRTH, "Nam")
    other = factories.member(tree.unit2, code="J1", cccd=cccd, birth_date=BIRTH, gender="Nam")
    typo = cccd[:-1] + str((int(cccd[-1]) + 1) % 10)
    path = write_members(
        tmp_path / "p1.csv",
        [row("J1", other.full_name, "05/03/1962", "Nam", typo, "79.P1.U1.B1", card="")],
    )
    batch = imports.import_file(unit=ward1_unit, source=path, original_name="p1.csv", by=unit_staff).batch
    return other, batch, batch.findings.get(rule=HELD_RULE)


def test_the_held_finding_requests_a_transfer_and_then_promotes(
    client, tree, ward1_unit, unit_staff, tmp_path
):
    other, batch, finding = _jumped(tree, ward1_unit, unit_staff, tmp_path)
    client.force_login(unit_staff)
    queue = reverse("unit_queue", args=[ward1_unit.pk])
    assert "Đề nghị chuyển sinh hoạt về đơn vị mình" in client.get(queue).content.decode()
    url = reverse("finding_decide", args=[ward1_unit.pk, finding.pk])
    page = client.post(url, {"action": "transfer"}, follow=True).content.decode()
    assert "Đã gửi đề nghị chuyển sinh hoạt" in page
    transfer = Transfer.objects.get(member=other)
    assert (transfer.to_org, transfer.requested_by_receiver) == (tree.branch1, True)
    # A second press asks nothing twice.
    client.post(url, {"action": "transfer"})
    assert Transfer.objects.filter(member=other).count() == 1
    # Ward 2 confirms; the re-check no longer refuses the row: the registry's member is this unit's now.
    receive_transfer(transfer=transfer, by=None, on=datetime.date.today())
    review.recheck(batch=batch, by=unit_staff)
    finding.refresh_from_db()
    assert finding.state != FindingState.OPEN
    for f in batch.findings.filter(state=FindingState.OPEN, severity="error"):
        review.confirm_paper(finding=f, note="Đúng theo lý lịch", by=unit_staff)
    promote.promote_batch(batch=batch, by=unit_staff)
    assert Member.objects.get(code="J1").org == tree.branch1


def test_another_units_staff_cannot_request_it(client, tree, ward1_unit, unit_staff, tmp_path):
    _, _, finding = _jumped(tree, ward1_unit, unit_staff, tmp_path)
    outsider = factories.user("bantochuc2", role="unit_staff", at=tree.ward2)
    client.force_login(outsider)
    response = client.post(
        reverse("finding_decide", args=[ward1_unit.pk, finding.pk]), {"action": "transfer"}
    )
    assert response.status_code == 404
    assert not Transfer.objects.exists()


def test_only_a_held_finding_makes_a_transfer(client, ward1_unit, messy_file, unit_staff):
    batch = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p.csv", by=unit_staff
    ).batch
    finding = batch.findings.filter(severity="error").first()
    client.force_login(unit_staff)
    page = client.post(
        reverse("finding_decide", args=[ward1_unit.pk, finding.pk]), {"action": "transfer"}, follow=True
    ).content.decode()
    assert "không cần đề nghị chuyển sinh hoạt" in page
    assert not Transfer.objects.exists()
