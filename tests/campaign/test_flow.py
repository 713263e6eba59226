"""The whole review flow on a small messy file, through the service layer."""

import pytest

from sotay.campaign import queries
from sotay.campaign.actions import imports, merge, promote, review
from sotay.campaign.models import (
    BatchState,
    DuplicatePair,
    FindingState,
    ImportBatch,
    PairState,
    StagedRecord,
    StepKind,
    StepState,
)
from sotay.core.errors import ActionError
from sotay.members.models import Member


def _finding(batch, rule, code):
    return batch.findings.get(rule=rule, record__member_code=code)


def test_import_stages_records_and_findings(ward1_unit, messy_file, unit_staff):
    outcome = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="phuong1.csv", by=unit_staff
    )
    batch = outcome.batch
    assert outcome.created
    assert batch.rows == 4
    assert batch.records.count() == 4
    a1 = batch.records.get(member_code="A1")
    assert a1.full_name == "Nguyễn Văn Hòa"
    assert a1.raw["Họ và tên"] == "nguyễn  văn hoà"  # the raw input is kept
    rules = set(batch.findings.values_list("rule", flat=True))
    assert {"name_not_normalized", "cccd_gender_mismatch", "cccd_duplicate", "date_invalid"} <= rules
    assert DuplicatePair.objects.filter(batch=batch).count() == 1
    assert ward1_unit.step_states.get(step__kind=StepKind.CLEAN).state == StepState.IN_PROGRESS


def test_same_file_twice_changes_nothing(ward1_unit, messy_file, unit_staff):
    first = imports.import_file(unit=ward1_unit, source=messy_file, original_name="a.csv", by=unit_staff)
    counts = (ImportBatch.objects.count(), StagedRecord.objects.count())
    again = imports.import_file(unit=ward1_unit, source=messy_file, original_name="b.csv", by=unit_staff)
    assert not again.created
    assert again.batch.pk == first.batch.pk
    assert (ImportBatch.objects.count(), StagedRecord.objects.count()) == counts


def test_file_of_another_unit_is_refused(ward2_unit, messy_file, unit_staff):
    with pytest.raises(imports.ImportRefused, match="ngoài"):
        imports.import_file(unit=ward2_unit, source=messy_file, original_name="x.csv", by=unit_staff)
    assert not ImportBatch.objects.exists()


def test_unreadable_file_is_refused_in_vietnamese(ward1_unit, tmp_path, unit_staff):
    bad = tmp_path / "bad.csv"
    bad.write_bytes("Mã đảng viên;Họ và tên\nA1;Nguyễn Văn A\n".encode("utf-16"))
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_file(unit=ward1_unit, source=bad, original_name="bad.csv", by=unit_staff)
    assert "UTF-8" in exc.value.message or "mã hóa" in exc.value.message
    assert not ImportBatch.objects.exists()


def test_whole_flow_to_zero_unexplained_differences(ward1_unit, messy_file, unit_staff, tree):
    batch = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff
    ).batch
    # Automatic fixes accepted in bulk.
    assert review.bulk_accept(batch=batch, rules={"name_not_normalized"}, by=unit_staff) >= 1
    # A gender that disagrees with the CCCD: the CCCD digit says Nữ; the paper file agrees: fix the gender.
    mismatch = _finding(batch, "cccd_gender_mismatch", "A2")
    review.edit_value(record=mismatch.record, field="gender", text="nữ", by=unit_staff, finding=mismatch)
    # An impossible date, corrected from the paper file.
    bad_date = batch.findings.get(rule="date_invalid", record__member_code="A4")
    review.edit_value(
        record=bad_date.record, field="birth_date", text="28/02/1975", by=unit_staff, finding=bad_date
    )
    # Promotion is refused while errors remain (the duplicate person's shared CCCD and card).
    with pytest.raises(ActionError, match="lỗi chưa xử lý"):
        promote.promote_batch(batch=batch, by=unit_staff)
    # Merge the duplicate: A1 survives; the phone only A3 had is kept.
    pair = DuplicatePair.objects.get(batch=batch)
    survivor = merge.merge_pair(pair=pair, by=unit_staff)
    assert survivor.member_code == "A1"
    assert survivor.phone == "0912345678"
    assert survivor.provenance["phone"].startswith("merge:")
    review.recheck(batch=batch, by=unit_staff)
    assert not queries.open_errors(batch).exists()
    counts = promote.promote_batch(batch=batch, by=unit_staff)
    assert counts == {"created": 3, "updated": 0}
    assert set(Member.objects.values_list("code", flat=True)) == {"A1", "A2", "A4"}
    assert Member.objects.get(code="A2").gender == "Nữ"
    batch.refresh_from_db()
    assert batch.state == BatchState.PROMOTED
    outcome = promote.reconcile_batch(batch=batch, by=unit_staff)
    assert outcome["unexplained_count"] == 0, outcome["unexplained"]
    assert outcome["explained"] >= 3
    assert ward1_unit.step_states.get(step__kind=StepKind.MIGRATE).state == StepState.DONE
    assert ward1_unit.step_states.get(step__kind=StepKind.CLEAN).state == StepState.DONE


def test_branch_jump_after_migration_is_listed(ward1_unit, messy_file, unit_staff, tree):
    batch = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff
    ).batch
    _resolve_everything(batch, unit_staff)
    promote.promote_batch(batch=batch, by=unit_staff)
    # The 3.0 → 4.0 conversion put A4 in the wrong branch and flipped A1's gender.
    Member.objects.filter(code="A4").update(org=tree.branch2)
    outcome = promote.reconcile_batch(batch=batch, by=unit_staff)
    listed = {(d["member_code"], d["field"]) for d in outcome["unexplained"]}
    assert ("A4", "ma_to_chuc") in listed
    assert ward1_unit.step_states.get(step__kind=StepKind.MIGRATE).state != StepState.DONE


def _resolve_everything(batch, by):
    review.bulk_accept(batch=batch, rules={"name_not_normalized", "phone_renumbered"}, by=by)
    f = _finding(batch, "cccd_gender_mismatch", "A2")
    review.edit_value(record=f.record, field="gender", text="Nữ", by=by, finding=f)
    f = batch.findings.get(rule="date_invalid", record__member_code="A4")
    review.edit_value(record=f.record, field="birth_date", text="28/02/1975", by=by, finding=f)
    merge.merge_pair(pair=DuplicatePair.objects.get(batch=batch), by=by)


def test_unmerge_restores_both_records_exactly(ward1_unit, messy_file, unit_staff):
    batch = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff
    ).batch
    pair = DuplicatePair.objects.get(batch=batch)
    before = {r.pk: {f.name: getattr(r, f.name) for r in [] for f in []} for r in []}
    fields = ["member_code", "full_name", "phone", "org_code", "provenance", "merged_into_id", "cccd"]
    before = {r.pk: [getattr(r, f) for f in fields] for r in batch.records.all()}
    states = dict(batch.findings.values_list("pk", "state"))
    merge.merge_pair(pair=pair, by=unit_staff)
    merge.unmerge_pair(pair=pair, by=unit_staff)
    after = {r.pk: [getattr(r, f) for f in fields] for r in batch.records.all()}
    assert after == before
    assert dict(batch.findings.values_list("pk", "state")) == states
    pair.refresh_from_db()
    assert pair.state == PairState.OPEN


def test_revert_an_edit(ward1_unit, messy_file, unit_staff):
    batch = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff
    ).batch
    f = _finding(batch, "cccd_gender_mismatch", "A2")
    decision = review.edit_value(record=f.record, field="gender", text="Nữ", by=unit_staff, finding=f)
    review.revert_decision(decision=decision, by=unit_staff)
    f.refresh_from_db()
    f.record.refresh_from_db()
    assert f.record.gender == "Nam"
    assert f.state == FindingState.OPEN
    with pytest.raises(ActionError):
        review.revert_decision(decision=decision, by=unit_staff)


def test_bad_edit_is_refused_and_changes_nothing(ward1_unit, messy_file, unit_staff):
    batch = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff
    ).batch
    f = batch.findings.get(rule="date_invalid", record__member_code="A4")
    with pytest.raises(ActionError, match="Ngày không đọc được"):
        review.edit_value(record=f.record, field="birth_date", text="30/02/1975", by=unit_staff, finding=f)
    f.refresh_from_db()
    assert f.state == FindingState.OPEN
    assert not f.decisions.exists()


def test_paper_check_needs_a_note(ward1_unit, messy_file, unit_staff):
    batch = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff
    ).batch
    f = _finding(batch, "cccd_gender_mismatch", "A2")
    with pytest.raises(ActionError):
        review.confirm_paper(finding=f, note="  ", by=unit_staff)
    review.confirm_paper(finding=f, note="Lý lịch đảng viên trang 1", by=unit_staff)
    f.refresh_from_db()
    assert f.state == FindingState.PAPER


def test_import_command(ward1_unit, messy_file, capsys):
    from django.core.management import CommandError, call_command

    call_command("import", str(messy_file), org="79.P1")
    assert "Imported 4 rows" in capsys.readouterr().out
    call_command("import", str(messy_file), org="79.P1")
    assert "nothing changed" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No campaign has a unit"):
        call_command("import", str(messy_file), org="79.P9")
    with pytest.raises(CommandError, match="was not imported"):
        call_command("import", str(messy_file), org="79.P2")
    assert ImportBatch.objects.count() == 1


def test_letters_typed_into_the_cccd_are_refused_not_saved_as_blank(ward1_unit, messy_file, unit_staff):
    batch = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff
    ).batch
    f = _finding(batch, "cccd_gender_mismatch", "A2")
    with pytest.raises(ActionError, match="12 chữ số"):
        review.edit_value(record=f.record, field="cccd", text="Nữ", by=unit_staff, finding=f)
    f.record.refresh_from_db()
    assert f.record.cccd == "079165000102"
