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


def test_edit_is_checked_at_once_with_its_consequences(tree, ward1_unit, unit_staff, tmp_path):
    cccd_a, cccd_b = make_cccd(BIRTH, "Nam"), make_cccd(BIRTH, "Nam")
    path = write_members(
        tmp_path / "p1.csv",
        [
            row("D1", "Lê Văn Một", "05/03/1962", "Nam", cccd_a, "79.P1.U1.B1", card="00000951"),
            row("D1", "Lê Văn Hai", "05/03/1962", "Nam", cccd_b, "79.P1.U1.B1", card="00000952"),
        ],
    )
    batch = _import(ward1_unit, path, unit_staff)
    dup = batch.findings.filter(rule="member_code_duplicate").order_by("record__row")
    assert dup.count() == 2
    first, partner = dup
    review.edit_value(record=first.record, field="member_code", text="D2", finding=first, by=unit_staff)
    partner.refresh_from_db()
    assert partner.state == FindingState.RESOLVED  # the partner's finding follows in the same request

    # A CCCD encoding the wrong gender and century is not "fixed": its finding is open again at once.
    wrong = make_cccd(datetime.date(2001, 1, 1), "Nữ")
    review.edit_value(record=first.record, field="cccd", text=wrong, by=unit_staff)
    assert queries.open_errors(batch).filter(record=first.record, field="cccd").exists()


def test_eight_identical_paper_confirmations_make_one_decision(ward1_unit, unit_staff, tmp_path):
    wrong_year = make_cccd(datetime.date(1963, 1, 1), "Nam")
    path = write_members(
        tmp_path / "p1.csv", [row("E1", "Lê Văn Một", "05/03/1962", "Nam", wrong_year, "79.P1.U1.B1")]
    )
    batch = _import(ward1_unit, path, unit_staff)
    finding = batch.findings.get(rule="cccd_birth_year_mismatch")
    stale = [batch.findings.get(pk=finding.pk) for _ in range(8)]  # each read before any decision
    outcomes = []
    for copy in stale:
        try:
            review.confirm_paper(finding=copy, note="Lý lịch", by=unit_staff)
            outcomes.append("ok")
        except ActionError:
            outcomes.append("refused")
    assert outcomes.count("ok") == 1
    assert finding.decisions.count() == 1


def test_no_decision_on_a_promoted_batch(ward1_unit, unit_staff, tmp_path):
    path = write_members(
        tmp_path / "p1.csv", [_clean_row("F1", "00000961", **{"Số điện thoại": "0283812345"})]
    )
    batch = _import(ward1_unit, path, unit_staff)
    warning = batch.findings.get(rule="phone_invalid")
    promote.promote_batch(batch=batch, by=unit_staff)
    with pytest.raises(ActionError, match="đã được chuyển lên"):
        review.confirm_paper(finding=warning, note="Lý lịch", by=unit_staff)


def test_reupload_keeps_decisions_by_code_and_field(ward1_unit, unit_staff, tmp_path):
    wrong_year = make_cccd(datetime.date(1963, 1, 1), "Nam")
    rows = [
        row("G1", "Lê Văn Một", "05/03/1962", "Nam", wrong_year, "79.P1.U1.B1", card="00000971"),
        row("G2", "Lê Văn Hai", "31/02/1975", "Nam", make_cccd(BIRTH, "Nam"), "79.P1.U1.B1", card="00000972"),
    ]
    first = _import(ward1_unit, write_members(tmp_path / "v1.csv", rows), unit_staff)
    review.confirm_paper(
        finding=first.findings.get(rule="cccd_birth_year_mismatch"), note="Lý lịch trang 2", by=unit_staff
    )
    bad_date = first.findings.get(rule="date_invalid", record__member_code="G2")
    review.edit_value(
        record=bad_date.record, field="birth_date", text="28/02/1962", finding=bad_date, by=unit_staff
    )
    assert queries.open_errors(first).count() == 0

    rows.append(_clean_row("G3", "00000973"))
    outcome = imports.import_file(
        unit=ward1_unit,
        source=write_members(tmp_path / "v2.csv", rows),
        original_name="v2.csv",
        by=unit_staff,
    )
    second = outcome.batch
    assert outcome.carried.kept == 2
    assert queries.open_errors(second).count() == 0
    assert second.findings.get(rule="cccd_birth_year_mismatch").note.startswith("Lý lịch trang 2")

    # Going back to the first file, replaced since, is a new upload, not "already imported".
    again = imports.import_file(
        unit=ward1_unit,
        source=write_members(tmp_path / "v1b.csv", rows[:2]),
        original_name="v1.csv",
        by=unit_staff,
    )
    assert again.created
    assert queries.open_errors(again.batch).count() == 0
