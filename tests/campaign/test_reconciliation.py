"""Reconciliation after promotion: the unit's own decisions explain their differences, including a
corrected member code; values only warned about are kept in the registry as the file had them."""

from django.urls import reverse

from sotay.campaign.actions import imports, merge, promote, review
from sotay.campaign.models import DuplicatePair, StepKind, StepState
from sotay.members.models import Member
from tests.campaign.conftest import row, write_members


def _file(tmp_path, **first):
    return write_members(
        tmp_path / "p1.csv",
        [
            row(
                "A1", "Nguyễn Văn Hòa", "05/03/1962", "Nam", "079062000101", "79.P1.U1.B1", card="00000101",
                **first,
            ),
            row("A2", "Lê Thị Lan", "09/01/1965", "Nữ", "079165000102", "79.P1.U1.B2", card="00000102"),
        ],
    )  # fmt: skip


def _import(unit, path, by):
    return imports.import_file(unit=unit, source=path, original_name=path.name, by=by).batch


def test_a_corrected_member_code_is_one_explained_difference(ward1_unit, tmp_path, unit_staff):
    batch = _import(ward1_unit, _file(tmp_path), unit_staff)
    # The code and the CCCD both corrected: the member cannot be matched by either without the decision.
    rec = batch.records.get(member_code="A2")
    review.edit_value(record=rec, field="member_code", text="HCM-000102", by=unit_staff)
    review.edit_value(record=rec, field="cccd", text="079165000112", by=unit_staff)
    promote.promote_batch(batch=batch, by=unit_staff)
    outcome = promote.reconcile_batch(batch=batch, by=unit_staff)
    assert outcome["unexplained_count"] == 0, outcome["unexplained"]
    changes = {(d["member_code"], d["field"], d["reason"]) for d in outcome["explained_items"]}
    assert changes == {
        ("A2", "member_code", "Mã đảng viên đã sửa trong hàng đợi"),
        ("A2", "cccd", "Đã sửa trong hàng đợi"),
    }
    assert ward1_unit.step_states.get(step__kind=StepKind.MIGRATE).state == StepState.DONE


def test_a_code_change_not_made_in_the_queue_stays_unexplained(ward1_unit, tmp_path, unit_staff):
    batch = _import(ward1_unit, _file(tmp_path), unit_staff)
    promote.promote_batch(batch=batch, by=unit_staff)
    Member.objects.filter(code="A2").update(code="X9")
    outcome = promote.reconcile_batch(batch=batch, by=unit_staff)
    assert [(d["member_code"], d["field"]) for d in outcome["unexplained"]] == [("A2", "member_code")]


def test_warned_values_are_kept_in_the_registry_as_the_file_had_them(ward1_unit, tmp_path, unit_staff):
    batch = _import(
        ward1_unit, _file(tmp_path, **{"Số điện thoại": "028 3812 3456", "Dân tộc": "Khác"}), unit_staff
    )
    rules = dict(batch.findings.values_list("rule", "severity"))
    assert rules == {"phone_invalid": "warning", "ethnicity_unknown": "warning"}
    promote.promote_batch(batch=batch, by=unit_staff)
    member = Member.objects.get(code="A1")
    assert (member.phone, member.ethnicity) == ("02838123456", "Khác")
    outcome = promote.reconcile_batch(batch=batch, by=unit_staff)
    assert outcome["differences"] == 0


def test_the_page_shows_labels_and_day_first_dates(client, ward1_unit, tmp_path, unit_staff):
    batch = _import(ward1_unit, _file(tmp_path), unit_staff)
    promote.promote_batch(batch=batch, by=unit_staff)
    Member.objects.filter(code="A2").update(birth_date="1965-01-19", phone="0912345678")
    promote.reconcile_batch(batch=batch, by=unit_staff)
    client.force_login(unit_staff)
    page = client.get(reverse("unit_reconciliation", args=[ward1_unit.pk])).content.decode()
    for shown in ("Ngày sinh", "09/01/1965", "19/01/1965", "Số điện thoại"):
        assert shown in page
    for hidden in ("so_dien_thoai", "ngay_sinh", "1965-01-19"):
        assert hidden not in page


def test_a_merge_keeping_the_second_rows_code_is_explained_by_the_merge(ward1_unit, messy_file, unit_staff):
    batch = _import(ward1_unit, messy_file, unit_staff)
    review.bulk_accept(batch=batch, rules={"name_not_normalized", "phone_renumbered"}, by=unit_staff)
    f = batch.findings.get(rule="cccd_gender_mismatch", record__member_code="A2")
    review.edit_value(record=f.record, field="gender", text="Nữ", by=unit_staff, finding=f)
    f = batch.findings.get(rule="date_invalid", record__member_code="A4")
    review.edit_value(record=f.record, field="birth_date", text="28/02/1975", by=unit_staff, finding=f)
    pair = DuplicatePair.objects.get(batch=batch)
    kept, absorbed = pair.a.member_code, pair.b.member_code
    survivor = merge.merge_pair(pair=pair, by=unit_staff, choices={"member_code": "b"})
    assert survivor.member_code == absorbed
    review.recheck(batch=batch, by=unit_staff)
    promote.promote_batch(batch=batch, by=unit_staff)
    outcome = promote.reconcile_batch(batch=batch, by=unit_staff)
    assert outcome["unexplained_count"] == 0, outcome["unexplained"]
    reasons = {(d["member_code"], d["kind"], d["field"]): d["reason"] for d in outcome["explained_items"]}
    assert reasons[(kept, "changed", "member_code")] == "Mã đảng viên lấy từ bản ghi trùng khi gộp"
    assert reasons[(absorbed, "missing", "")] == "Đã gộp vào bản ghi trùng của cùng người"
    assert ward1_unit.step_states.get(step__kind=StepKind.MIGRATE).state == StepState.DONE
