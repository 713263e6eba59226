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
    legacy = batch.findings.select_related("record").get(rule="name_legacy_font")
    assert legacy.severity == "warning"  # read back from VNI: the Unicode name offered
    assert legacy.record.full_name == legacy.suggestion
    assert legacy.original != legacy.suggestion

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
    assert Member.objects.filter(full_name=legacy.suggestion).exists()  # stored in Unicode
    assert not Member.objects.filter(full_name=legacy.original).exists()
    warned = Member.objects.get(phone=LANDLINE.replace(" ", ""))
    assert warned.ethnicity == "Khác"
    request_sync(root=unit.org, by=None)
    assert set(unit.step_states.values_list("state", flat=True)) == {StepState.DONE}


def test_the_hard_cases_skip_rows_the_random_defects_broke():
    """The demo's export carries random defects (a year-only birth date, a short CCCD); the hard cases
    are written over rows those left alone, whatever the day's random draw (the demo once failed on a
    year-only birth date)."""
    import polars as pl

    from sotay.site.demo_cases import add_hard_cases

    def row(code, born, cccd="079070000001"):
        return {
            "STT": "",
            "Mã đảng viên": code,
            "Họ và tên": "Nguyễn Văn An",
            "Ngày sinh": born,
            "Giới tính": "Nam",
            "Số CCCD": cccd,
            "Tình trạng": "Chính thức",
            "Mã tổ chức": "CB1",
            "Số điện thoại": "",
            "Dân tộc": "Kinh",
        }

    broken = [row("A1", "1970"), row("A2", ""), row("A3", "31-12-1970"), row("A4", "01/02/1970", cccd="0790")]
    good = [row("B1", "01/02/1970"), row("B2", "03/04/1971"), row("B3", "05/06/1972")]
    frame = pl.DataFrame(broken + good, schema=dict.fromkeys(broken[0], pl.String))

    out = add_hard_cases(frame, ward=None, elsewhere=None).to_dicts()  # type: ignore[arg-type]

    by_code = {r["Mã đảng viên"]: r for r in out}
    assert [by_code[c]["Ngày sinh"] for c in ("A1", "A2", "A3", "A4")] == [
        "1970",
        "",
        "31-12-1970",
        "01/02/1970",
    ]
    assert by_code["B2"]["Ngày sinh"] == "03/04/1972"  # the paper case: one year off the CCCD's
    assert by_code["B3"]["Số điện thoại"] == LANDLINE  # the warning-only row
    assert by_code["B1B"]["Họ và tên"] == "Nguyen Van An"  # the duplicate, typed without diacritics
