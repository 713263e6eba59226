"""Correction steps: submitted → forwarded (or rejected) → applied through the registry (or rejected);
the registry's rules on the proposed value; deadlines; double submits."""

import datetime

import pytest
from django.utils import timezone

from sotay.audit.models import AuditEvent
from sotay.core.errors import ActionError
from sotay.corrections.actions import (
    apply_correction,
    forward_correction,
    reject_correction,
    submit_correction,
)
from sotay.corrections.models import Correction, CorrectionState
from sotay.members.models import EventKind, Member
from tests import factories


def _submit(member, user, field, value, note=""):
    return submit_correction(member=member, by=user, field=field, value=value, note=note)


def test_a_report_walks_to_the_record(hoa, member_user, secretary, unit_staff):
    c = _submit(hoa, member_user, "residence", "Số 5 Hàng Bạc, Hoàn Kiếm", "Đã chuyển nhà")
    assert (c.state, c.current_value) == (CorrectionState.SUBMITTED, "")
    assert c.due_at > timezone.now() + datetime.timedelta(days=6)
    forward_correction(correction=c, by=secretary)
    apply_correction(correction=c, by=unit_staff)
    c.refresh_from_db()
    hoa.refresh_from_db()
    assert c.state == CorrectionState.APPLIED
    assert hoa.residence == "Số 5 Hàng Bạc, Hoàn Kiếm"
    assert hoa.events.filter(kind=EventKind.EDITED).exists()  # the registry's own event and audit row
    assert AuditEvent.objects.filter(
        object_type="member", object_id=str(hoa.pk), summary__startswith="Sửa"
    ).exists()
    assert AuditEvent.objects.filter(object_type="correction", object_id=str(c.pk)).count() == 3


def test_a_wrong_gender_is_corrected_when_the_cccd_agrees(tree, member_user, hoa, secretary, unit_staff):
    # A record carried over from the old database with the gender mistyped (the CCCD says Nữ).
    Member.objects.filter(pk=hoa.pk).update(cccd=factories.make_cccd(hoa.birth_date, "Nữ"))
    hoa.refresh_from_db()
    c = _submit(hoa, member_user, "gender", "Nữ")
    forward_correction(correction=c, by=secretary)
    apply_correction(correction=c, by=unit_staff)
    hoa.refresh_from_db()
    assert hoa.gender == "Nữ"


def test_a_cccd_contradicting_gender_or_birth_year_is_refused_with_the_reason(hoa, member_user):
    wrong_gender = factories.make_cccd(hoa.birth_date, "Nữ")
    with pytest.raises(ActionError) as e:
        _submit(hoa, member_user, "cccd", wrong_gender)
    assert "giới tính" in str(e.value.message_dict["value"])
    wrong_year = factories.make_cccd(hoa.birth_date.replace(year=1975), "Nam")
    with pytest.raises(ActionError) as e:
        _submit(hoa, member_user, "cccd", wrong_year)
    assert "năm sinh" in str(e.value.message_dict["value"])
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth_date", "31/02/1962", "dd/mm/yyyy"),
        ("birth_date", "05/03/2090", "sau ngày hôm nay"),
        ("phone", "12345", "di động"),
        ("full_name", "<script>alert(1)</script>", "ký tự"),
        ("status", "xoa_ten", "cấp ủy"),
        ("org", "79.P2.U2", "chuyển sinh hoạt"),
        ("code", "DV1", "không sửa được"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(hoa, member_user, field, value, message):
    with pytest.raises(ActionError) as e:
        _submit(hoa, member_user, field, value)
    assert message in " ".join(e.value.messages)
    assert not Correction.objects.exists()


def test_the_same_value_as_now_is_refused(hoa, member_user):
    with pytest.raises(ActionError):
        _submit(hoa, member_user, "full_name", hoa.full_name)


def test_a_double_submit_adds_nothing(hoa, member_user):
    first = _submit(hoa, member_user, "hometown", "Nam Định")
    again = _submit(hoa, member_user, "hometown", "Hà Nam")
    assert again.pk == first.pk
    assert Correction.objects.count() == 1


def test_steps_are_idempotent_and_ordered(hoa, member_user, secretary, unit_staff):
    c = _submit(hoa, member_user, "hometown", "Nam Định")
    with pytest.raises(ActionError, match="chuyển lên trước"):
        apply_correction(correction=c, by=unit_staff)
    forward_correction(correction=c, by=secretary)
    forward_correction(correction=c, by=secretary)
    apply_correction(correction=c, by=unit_staff)
    apply_correction(correction=c, by=unit_staff)
    assert hoa.events.filter(kind=EventKind.EDITED).count() == 1
    with pytest.raises(ActionError):
        reject_correction(correction=c, by=unit_staff, reason="muộn")


def test_rejection_needs_a_reason_and_says_who(hoa, member_user, secretary):
    c = _submit(hoa, member_user, "hometown", "Nam Định")
    with pytest.raises(ActionError):
        reject_correction(correction=c, by=secretary, reason="   ")
    reject_correction(correction=c, by=secretary, reason="Giấy khai sinh ghi Hà Nam")
    c.refresh_from_db()
    assert (c.state, c.rejected_at_step, c.reason) == ("rejected", "submitted", "Giấy khai sinh ghi Hà Nam")
    # Rejected: the member may report the field again.
    assert _submit(hoa, member_user, "hometown", "Hà Nam").pk != c.pk


def test_the_registry_refuses_at_apply_time_and_nothing_changes(
    tree, hoa, lan, member_user, secretary, unit_staff
):
    # Someone else's card number: the member is not told whose at submission; staff learn it when applying.
    c = _submit(hoa, member_user, "card_number", lan.card_number)
    forward_correction(correction=c, by=secretary)
    with pytest.raises(ActionError, match="đảng viên khác"):
        apply_correction(correction=c, by=unit_staff)
    c.refresh_from_db()
    hoa.refresh_from_db()
    assert c.state == CorrectionState.FORWARDED
    assert hoa.card_number != lan.card_number


def test_overdue_follows_the_setting(settings, hoa, member_user):
    settings.SOTAY_CORRECTION_DAYS = 3
    c = _submit(hoa, member_user, "hometown", "Nam Định")
    assert not c.is_overdue
    Correction.objects.filter(pk=c.pk).update(due_at=timezone.now() - datetime.timedelta(minutes=1))
    c.refresh_from_db()
    assert c.is_overdue
    assert list(Correction.objects.overdue()) == [c]


def test_each_step_notifies_who_acts_next_and_the_member(tree, hoa, member_user, secretary, unit_staff):
    from sotay.notifications.models import Notification

    city_staff = factories.user("bantochuctp", role="unit_staff", at=tree.city)
    c = _submit(hoa, member_user, "hometown", "Nam Định")
    assert list(Notification.objects.values_list("user__username", "kind")) == [
        ("bithu1", "corrections.submitted")
    ]
    forward_correction(correction=c, by=secretary)
    forwarded = set(
        Notification.objects.filter(kind="corrections.forwarded").values_list("user__username", flat=True)
    )
    assert forwarded == {unit_staff.username, member_user.username}  # the nearest staff, not the city's
    assert not Notification.objects.filter(user=city_staff).exists()
    apply_correction(correction=c, by=unit_staff)
    applied = Notification.objects.get(kind="corrections.applied")
    assert applied.user == member_user
    assert "Nam Định" in applied.body
