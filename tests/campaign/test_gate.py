"""One rule set from the queue to promotion: whatever promotion refuses, the queue shows first; what the
queue accepted (a paper check, a warning) promotion accepts and keeps."""

import datetime

import pytest

from sotay.campaign import queries
from sotay.campaign.actions import imports, promote, review
from sotay.campaign.gate import HELD_RULE
from sotay.campaign.models import BatchState, FindingState
from sotay.core.errors import ActionError
from sotay.members.models import Member
from tests import factories
from tests.campaign.conftest import row, write_members
from tests.factories import make_cccd

BIRTH = datetime.date(1962, 3, 5)


def _import(unit, path, by):
    return imports.import_file(unit=unit, source=path, original_name=path.name, by=by).batch


def _clean_row(code, card, **extra):
    cccd = make_cccd(BIRTH, "Nam")
    return row(code, "Trần Văn Năm", "05/03/1962", "Nam", cccd, "79.P1.U1.B1", card=card, **extra)


def test_jumped_member_is_a_finding_naming_the_other_unit_not_a_500(tree, ward1_unit, unit_staff, tmp_path):
    other = factories.member(tree.unit2, full_name="Phạm Thị Khác", gender="Nữ", card_number="00000777")
    path = write_members(tmp_path / "p1.csv", [_clean_row("B1", "00000777")])
    batch = _import(ward1_unit, path, unit_staff)

    finding = batch.findings.get(rule=HELD_RULE)
    assert finding.severity == "error"
    assert finding.field == "card_number"
    assert "Chi bộ cơ sở Hai" in finding.message
    assert "chuyển sinh hoạt" in finding.message
    assert other.full_name not in finding.message
    assert other.cccd not in finding.message
    with pytest.raises(ActionError, match="1 lỗi"):
        promote.promote_batch(batch=batch, by=unit_staff)
    # The failed promotion leaves the queue as it said: the finding is still open, nothing written.
    assert queries.open_errors(batch).count() == 1
    assert not Member.objects.filter(code="B1").exists()


def test_queue_edit_inventing_a_used_code_is_a_finding(tree, ward1_unit, unit_staff, tmp_path):
    factories.member(tree.unit2, code="DVKHAC01")
    path = write_members(tmp_path / "p1.csv", [_clean_row("B1", "")])
    batch = _import(ward1_unit, path, unit_staff)
    record = batch.records.get()
    review.edit_value(record=record, field="member_code", text="DVKHAC01", by=unit_staff)
    review.recheck(batch=batch, by=unit_staff)
    assert batch.findings.filter(rule=HELD_RULE, field="member_code", state=FindingState.OPEN).exists()
    with pytest.raises(ActionError):
        promote.promote_batch(batch=batch, by=unit_staff)


def test_paper_confirmed_and_warning_rows_promote_and_keep_values(tree, ward1_unit, unit_staff, tmp_path):
    wrong_year = make_cccd(datetime.date(1963, 1, 1), "Nam")
    path = write_members(
        tmp_path / "p1.csv",
        [
            row("C1", "Lê Văn Một", "05/03/1962", "Nam", wrong_year, "79.P1.U1.B1", card="00000901"),
            row(
                "C2",
                "Lê Văn Hai",
                "05/03/1962",
                "Nam",
                make_cccd(BIRTH, "Nam"),
                "79.P1.U1.B1",
                card="00000902",
                **{"Dân tộc": "Khác", "Số điện thoại": "0283812345"},
            ),
        ],
    )
    batch = _import(ward1_unit, path, unit_staff)
    c2 = batch.records.get(member_code="C2")
    assert c2.ethnicity == "Khác"  # only a warning: kept as read, not emptied
    mismatch = batch.findings.get(rule="cccd_birth_year_mismatch")
    review.confirm_paper(finding=mismatch, note="Lý lịch đảng viên trang 1", by=unit_staff)
    assert queries.open_errors(batch).count() == 0

    promote.promote_batch(batch=batch, by=unit_staff)

    batch.refresh_from_db()
    assert batch.state == BatchState.PROMOTED
    assert Member.objects.get(code="C1").cccd == wrong_year
    kept = Member.objects.get(code="C2")
    assert (kept.ethnicity, kept.phone) == ("Khác", "0283812345")
