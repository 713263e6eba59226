"""Registry management pages: correcting a record and the life-cycle steps, with their permissions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sotay.accounts.models import Role
from sotay.audit.models import AuditAction, AuditEvent
from sotay.members.actions import update_member
from sotay.members.forms import MemberEditForm
from sotay.members.models import EventKind, Member, MemberStatus
from tests import factories


def _form_data(member: Member, **changes: str) -> dict[str, str]:
    data = {}
    for name, value in MemberEditForm.initial_of(member).items():
        if isinstance(value, datetime.date):
            data[name] = value.strftime("%d/%m/%Y")
        else:
            data[name] = "" if value is None else str(value)
    data.update(changes)
    return data


def test_unit_staff_edits_a_record(client, unit_staff, hoa):
    client.force_login(unit_staff)
    assert client.get(reverse("member_edit", args=[hoa.pk])).status_code == 200
    response = client.post(reverse("member_edit", args=[hoa.pk]), _form_data(hoa, residence="12 Lê Lợi"))
    assert response.status_code == 302
    hoa.refresh_from_db()
    assert hoa.residence == "12 Lê Lợi"
    assert hoa.events.filter(kind=EventKind.EDITED).exists()
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(hoa.pk)).exists()
    body = client.get(reverse("member_detail", args=[hoa.pk])).content.decode()
    assert "Đã sửa: Nơi thường trú" in body


def test_cccd_contradicting_gender_is_refused_with_the_reason(client, unit_staff, hoa):
    client.force_login(unit_staff)
    female_cccd = hoa.cccd[:3] + "1" + hoa.cccd[4:]
    response = client.post(reverse("member_edit", args=[hoa.pk]), _form_data(hoa, cccd=female_cccd))
    assert response.status_code == 400
    assert "khác giới tính" in response.content.decode()
    hoa.refresh_from_db()
    assert hoa.cccd != female_cccd


def test_duplicate_cccd_names_the_unit_only_when_visible(client, unit_staff, hoa, lan, binh, tree):
    client.force_login(unit_staff)
    body = client.post(reverse("member_edit", args=[hoa.pk]), _form_data(hoa, cccd=lan.cccd)).content.decode()
    assert tree.branch2.name in body
    # Binh belongs to the sibling ward: neither the unit nor any of his data is named.
    response = client.post(reverse("member_edit", args=[hoa.pk]), _form_data(hoa, cccd=binh.cccd))
    body = response.content.decode()
    assert response.status_code == 400
    assert "đơn vị khác" in body
    assert tree.unit2.name not in body
    assert binh.full_name not in body


@pytest.mark.parametrize("persona", ["outsider", "secretary", "member_user"])
def test_edit_is_404_for_those_without_edit_rights_here(client, request, hoa, persona):
    client.force_login(request.getfixturevalue(persona))
    before = Member.objects.get(pk=hoa.pk).residence
    assert client.get(reverse("member_edit", args=[hoa.pk])).status_code == 404
    response = client.post(reverse("member_edit", args=[hoa.pk]), _form_data(hoa, residence="Đổi"))
    assert response.status_code == 404
    assert Member.objects.get(pk=hoa.pk).residence == before


def test_staff_cannot_act_on_their_own_record(client, tree, hoa):
    staff = factories.user("bantochuc_hoa", role=Role.UNIT_STAFF, at=tree.ward1, member=hoa)
    client.force_login(staff)
    response = client.post(reverse("member_edit", args=[hoa.pk]), _form_data(hoa, residence="Tự sửa"))
    assert response.status_code == 403
    response = client.post(
        reverse("member_status", args=[hoa.pk, "ra-khoi-danh-sach"]),
        {"status": "xin_ra", "on": "01/01/2024"},
    )
    assert response.status_code == 403
    hoa.refresh_from_db()
    assert hoa.status == MemberStatus.CHINH_THUC
    assert hoa.residence != "Tự sửa"
    body = client.get(reverse("member_detail", args=[hoa.pk])).content.decode()
    assert reverse("member_edit", args=[hoa.pk]) not in body


def test_only_actions_of_the_current_status_are_offered(client, unit_staff, tree):
    probationary = factories.member(tree.branch1, status=MemberStatus.DU_BI)
    client.force_login(unit_staff)
    body = client.get(reverse("member_detail", args=[probationary.pk])).content.decode()
    assert "Công nhận đảng viên chính thức" in body
    assert "Miễn công tác" not in body
    assert "Sinh hoạt trở lại" not in body


def test_exempt_then_reinstate(client, unit_staff, hoa):
    client.force_login(unit_staff)
    response = client.post(
        reverse("member_status", args=[hoa.pk, "mien-sinh-hoat"]),
        {"on": "02/01/2025", "decision_ref": "12-QĐ/ĐU", "note": "Tuổi cao"},
    )
    assert response.status_code == 302
    hoa.refresh_from_db()
    assert hoa.status == MemberStatus.MIEN_SINH_HOAT
    # A second submit of the same form changes nothing and says why.
    response = client.post(reverse("member_status", args=[hoa.pk, "mien-sinh-hoat"]), {"on": "02/01/2025"})
    assert response.status_code == 409
    assert "Không có gì thay đổi" in response.content.decode()
    response = client.post(reverse("member_status", args=[hoa.pk, "sinh-hoat-tro-lai"]), {"on": "03/02/2025"})
    assert response.status_code == 302
    hoa.refresh_from_db()
    assert hoa.status == MemberStatus.CHINH_THUC
    body = client.get(reverse("member_detail", args=[hoa.pk])).content.decode()
    assert "02/01/2025" in body
    assert "Miễn sinh hoạt" in body
    assert "Sinh hoạt trở lại" in body


def test_recognise_official_too_early_is_refused(client, unit_staff, tree):
    m = factories.member(
        tree.branch1,
        status=MemberStatus.DU_BI,
        admission_date=datetime.date.today() - datetime.timedelta(days=30),
    )
    client.force_login(unit_staff)
    response = client.post(
        reverse("member_status", args=[m.pk, "cong-nhan-chinh-thuc"]),
        {"decided_on": datetime.date.today().strftime("%d/%m/%Y")},
    )
    assert response.status_code == 400
    assert "Chưa hết 12 tháng dự bị" in response.content.decode()
    m.refresh_from_db()
    assert m.status == MemberStatus.DU_BI


def test_end_membership(client, unit_staff, hoa):
    client.force_login(unit_staff)
    response = client.post(
        reverse("member_status", args=[hoa.pk, "ra-khoi-danh-sach"]),
        {"status": "tu_tran", "on": datetime.date.today().strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    hoa.refresh_from_db()
    assert hoa.status == MemberStatus.TU_TRAN


def test_unknown_status_action_is_404(client, unit_staff, hoa):
    client.force_login(unit_staff)
    assert client.get(reverse("member_status", args=[hoa.pk, "khong-co"])).status_code == 404


def test_update_member_action_is_what_the_view_uses(hoa):
    # Guard: the form's fields are exactly the action's editable fields.
    update_member(member=hoa, by=None, **dict(MemberEditForm.initial_of(hoa).items()))
