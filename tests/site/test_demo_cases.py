"""The demo's own ward export holds the hard cases; the queue finds each, and the unit finishes."""

import datetime

import pytest

from sotay.campaign.actions import imports, merge, promote, review, transfers
from sotay.campaign.gate import HELD_RULE
from sotay.campaign.models import CampaignUnit, DuplicatePair, FindingState, StepState
from sotay.handbook.sync.actions import request_sync
from sotay.members.actions import receive_transfer
from sotay.members.models import Member, Transfer
from sotay.site.demo import demo_file_path, load_demo
from sotay.site.demo_cases import LANDLINE


@pytest.mark.slow
def test_the_demo_export_holds_the_hard_cases_and_the_unit_finishes(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(members=120, wards=2, defect_rate=0)
    path = demo_file_path()
    unit = CampaignUnit.objects.order_by("org__path").first()
    batch = imports.import_file(unit=unit, source=path, original_name=path.name, by=None).batch
    rules = dict(batch.findings.values_list("rule", "severity"))
    assert rules[HELD_RULE] == "error"  # the jumped member
    assert rules["cccd_birth_year_mismatch"] == "error"  # to confirm against the paper file
    assert rules["phone_invalid"] == "warning"
    assert rules["ethnicity_unknown"] == "warning"
    assert batch.pairs.count() == 1  # the same person twice

    paper = batch.findings.get(rule="cccd_birth_year_mismatch")
    review.confirm_paper(finding=paper, note="Đúng theo lý lịch đảng viên", by=None)
    transfer = transfers.request_transfer_for(finding=batch.findings.get(rule=HELD_RULE), by=None)
    receive_transfer(transfer=Transfer.objects.get(pk=transfer.pk), by=None, on=datetime.date.today())
    merge.merge_pair(pair=DuplicatePair.objects.get(batch=batch), by=None)
    review.recheck(batch=batch, by=None)
    assert not batch.findings.filter(state=FindingState.OPEN, severity="error").exists()
    promote.promote_batch(batch=batch, by=None)
    outcome = promote.reconcile_batch(batch=batch, by=None)
    assert outcome["unexplained_count"] == 0, outcome["unexplained"]
    warned = Member.objects.get(phone=LANDLINE.replace(" ", ""))
    assert warned.ethnicity == "Khác"
    request_sync(root=unit.org, by=None)
    assert set(unit.step_states.values_list("state", flat=True)) == {StepState.DONE}
