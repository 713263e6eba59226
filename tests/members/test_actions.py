import datetime

import pytest

from sotay.audit.models import AuditAction, AuditEvent
from sotay.core.errors import ActionError
from sotay.members import actions
from sotay.members.models import EventKind, Member, MemberStatus, TransferState
from tests import factories

TODAY = datetime.date.today()


def _messages(exc: pytest.ExceptionInfo[ActionError]) -> str:
    return " ".join(m for msgs in exc.value.message_dict.values() for m in msgs)


def test_create_member_stores_clean_values_and_audits(tree):
    m = factories.member(tree.branch1, full_name="  NGUYỄN  văn hoà ", cccd="079 080.012 345")
    assert m.full_name == "Nguyễn Văn Hòa"
    assert m.name_key == "nguyen van hoa"
    assert len(m.cccd) == 12
    assert m.events.get().kind == EventKind.CREATED
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="member")
    assert event.org_path == tree.branch1.path
    assert "*" in event.changes["cccd"][1]  # identifiers are masked in the log


def test_duplicate_cccd_refused_and_nothing_written(tree, hoa):
    before = Member.objects.count()
    with pytest.raises(ActionError) as exc:
        factories.member(tree.branch2, cccd=hoa.cccd, birth_date=hoa.birth_date)
    assert "CCCD" in _messages(exc)
    assert Member.objects.count() == before


def test_duplicate_card_number_refused(tree, hoa):
    with pytest.raises(ActionError, match="thẻ"):
        factories.member(tree.branch2, card_number=hoa.card_number)


def test_member_must_be_in_a_branch(tree):
    with pytest.raises(ActionError) as exc:
        factories.member(tree.unit1)
    assert "chi bộ" in _messages(exc)


def test_official_date_before_admission_refused(tree):
    with pytest.raises(ActionError) as exc:
        factories.member(
            tree.branch1, admission_date=datetime.date(2010, 5, 1), official_date=datetime.date(2010, 1, 1)
        )
    assert "Ngày chính thức phải sau ngày vào Đảng" in _messages(exc)


def test_admission_under_18_refused(tree):
    with pytest.raises(ActionError, match="18 tuổi"):
        factories.member(
            tree.branch1, birth_date=datetime.date(1990, 6, 1), admission_date=datetime.date(2008, 5, 31)
        )


def test_cccd_gender_digit_must_match(tree):
    birth = datetime.date(1980, 1, 1)
    with pytest.raises(ActionError, match="giới tính"):
        factories.member(tree.branch1, gender="Nam", birth_date=birth, cccd=factories.make_cccd(birth, "Nữ"))


def test_cccd_birth_year_must_match(tree):
    with pytest.raises(ActionError, match="năm sinh"):
        factories.member(
            tree.branch1,
            birth_date=datetime.date(1980, 1, 1),
            cccd=factories.make_cccd(datetime.date(1981, 1, 1), "Nam"),
        )


def test_nine_digit_cmnd_refused(tree):
    with pytest.raises(ActionError, match="12 chữ số"):
        factories.member(tree.branch1, cccd="024123456")


def test_probationary_member_has_no_card_or_official_date(tree):
    with pytest.raises(ActionError):
        factories.member(tree.branch1, status=MemberStatus.DU_BI, card_number="12345678")


def test_recognise_official_exactly_twelve_months_after_admission(tree):
    admitted = TODAY.replace(day=1) - datetime.timedelta(days=400)
    m = factories.member(tree.branch1, status=MemberStatus.DU_BI, admission_date=admitted)
    actions.recognise_official(member=m, by=None, decision_ref="123-QĐ/ĐU")
    m.refresh_from_db()
    assert m.status == MemberStatus.CHINH_THUC
    assert m.official_date == datetime.date(admitted.year + 1, admitted.month, admitted.day)
    assert m.events.filter(kind=EventKind.RECOGNISED_OFFICIAL, decision_ref="123-QĐ/ĐU").exists()


def test_recognise_official_before_twelve_months_refused(tree):
    m = factories.member(
        tree.branch1, status=MemberStatus.DU_BI, admission_date=TODAY - datetime.timedelta(days=100)
    )
    with pytest.raises(ActionError, match="Chưa hết 12 tháng"):
        actions.recognise_official(member=m, by=None, decision_ref="x")
    m.refresh_from_db()
    assert m.status == MemberStatus.DU_BI


def test_exempt_and_reinstate(tree, hoa):
    actions.exempt_member(member=hoa, by=None, on=TODAY, decision_ref="QĐ 1")
    hoa.refresh_from_db()
    assert hoa.status == MemberStatus.MIEN_SINH_HOAT
    actions.reinstate_member(member=hoa, by=None, on=TODAY)
    hoa.refresh_from_db()
    assert hoa.status == MemberStatus.CHINH_THUC


def test_probationary_cannot_be_exempted(tree):
    m = factories.member(
        tree.branch1, status=MemberStatus.DU_BI, admission_date=TODAY - datetime.timedelta(days=30)
    )
    with pytest.raises(ActionError):
        actions.exempt_member(member=m, by=None, on=TODAY, decision_ref="x")


def test_transfer_keeps_member_counted_once(tree, hoa):
    transfer = actions.start_transfer(member=hoa, to=tree.unit2, by=None, on=TODAY, decision_ref="CV 9")
    hoa.refresh_from_db()
    # In transit: still on the sending branch's list, nowhere else.
    assert Member.objects.active().in_subtree(tree.branch1).filter(pk=hoa.pk).exists()
    assert not Member.objects.active().in_subtree(tree.unit2).filter(pk=hoa.pk).exists()
    assert Member.objects.active().in_subtree(tree.city).filter(pk=hoa.pk).count() == 1
    assert hoa.in_transit_to == tree.unit2
    actions.receive_transfer(transfer=transfer, by=None, on=TODAY)
    hoa.refresh_from_db()
    transfer.refresh_from_db()
    assert hoa.org == tree.unit2
    assert hoa.in_transit_to is None
    assert transfer.state == TransferState.RECEIVED
    assert Member.objects.active().in_subtree(tree.city).filter(pk=hoa.pk).count() == 1


def test_transfer_to_a_non_branch_refused(tree, hoa):
    with pytest.raises(ActionError, match="chi bộ"):
        actions.start_transfer(member=hoa, to=tree.ward2, by=None, on=TODAY)
    hoa.refresh_from_db()
    assert hoa.in_transit_to is None
    assert not hoa.transfers.exists()


def test_second_transfer_while_in_transit_refused(tree, hoa):
    actions.start_transfer(member=hoa, to=tree.unit2, by=None, on=TODAY)
    with pytest.raises(ActionError, match="chưa hoàn tất"):
        actions.start_transfer(member=hoa, to=tree.branch2, by=None, on=TODAY)


def test_cancel_transfer_keeps_member_home(tree, hoa):
    transfer = actions.start_transfer(member=hoa, to=tree.unit2, by=None, on=TODAY)
    actions.cancel_transfer(transfer=transfer, by=None)
    hoa.refresh_from_db()
    assert hoa.org == tree.branch1
    assert hoa.in_transit_to is None
    with pytest.raises(ActionError):
        actions.receive_transfer(transfer=transfer, by=None, on=TODAY)


def test_receive_before_sent_refused(tree, hoa):
    transfer = actions.start_transfer(member=hoa, to=tree.unit2, by=None, on=TODAY)
    with pytest.raises(ActionError):
        actions.receive_transfer(transfer=transfer, by=None, on=TODAY - datetime.timedelta(days=1))
    hoa.refresh_from_db()
    assert hoa.org == tree.branch1


def test_deceased_is_terminal_and_dated_after_everything(tree, hoa):
    with pytest.raises(ActionError, match="Ngày từ trần"):
        actions.end_membership(member=hoa, by=None, status=MemberStatus.TU_TRAN, on=hoa.admission_date)
    actions.end_membership(member=hoa, by=None, status=MemberStatus.TU_TRAN, on=TODAY)
    hoa.refresh_from_db()
    assert hoa.status == MemberStatus.TU_TRAN
    assert not Member.objects.active().filter(pk=hoa.pk).exists()
    with pytest.raises(ActionError):
        actions.exempt_member(member=hoa, by=None, on=TODAY, decision_ref="x")


def test_end_membership_while_in_transit_refused(tree, hoa):
    actions.start_transfer(member=hoa, to=tree.unit2, by=None, on=TODAY)
    with pytest.raises(ActionError, match="đang chuyển"):
        actions.end_membership(member=hoa, by=None, status=MemberStatus.XOA_TEN, on=TODAY)


def test_future_event_date_refused(tree, hoa):
    with pytest.raises(ActionError):
        actions.exempt_member(member=hoa, by=None, on=TODAY + datetime.timedelta(days=3), decision_ref="x")


def test_update_member_logs_changed_fields_only(tree, hoa):
    actions.update_member(member=hoa, by=None, phone="+84 912 345 678")
    hoa.refresh_from_db()
    assert hoa.phone == "0912345678"
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE).get()
    assert set(event.changes) == {"phone"}
    actions.update_member(member=hoa, by=None, phone="0912345678")
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE).count() == 1


def test_update_member_with_bad_value_changes_nothing(tree, hoa):
    with pytest.raises(ActionError):
        actions.update_member(member=hoa, by=None, birth_date=datetime.date(2099, 1, 1))
    hoa.refresh_from_db()
    assert hoa.birth_date == datetime.date(1962, 3, 5)


def test_request_transfer_in_opens_a_transfer_the_holder_confirms(tree, hoa, outsider):
    from sotay.members.actions import receive_transfer, request_transfer_in
    from sotay.members.models import EventKind, Member, TransferState

    transfer = request_transfer_in(member=hoa, to_branch=tree.unit2, by=outsider, note="Tìm thấy khi rà soát")
    assert transfer.requested_by_receiver
    assert transfer.state == TransferState.IN_TRANSIT
    assert transfer.confirming_org_id == tree.branch1.pk
    # Counted once: still the holder's until confirmed.
    assert Member.objects.in_subtree(tree.ward1).filter(pk=hoa.pk).exists()
    ev = hoa.events.get(kind=EventKind.TRANSFER_STARTED)
    assert "Bên nhận đề nghị" in ev.note
    receive_transfer(transfer=transfer, by=None, on=transfer.sent_on)
    hoa.refresh_from_db()
    assert hoa.org == tree.unit2


def test_request_transfer_in_refuses_a_member_already_in_transit(tree, hoa):
    import datetime

    import pytest

    from sotay.core.errors import ActionError
    from sotay.members.actions import request_transfer_in, start_transfer

    start_transfer(member=hoa, to=tree.branch2, by=None, on=datetime.date.today())
    with pytest.raises(ActionError):
        request_transfer_in(member=hoa, to_branch=tree.unit2, by=None)
