"""The report form on the member's side, the queues and one report on the staff side; scope (404)."""

import pytest
from django.urls import reverse

from sotay.corrections.actions import forward_correction, submit_correction
from sotay.corrections.models import Correction, CorrectionState
from tests import factories

REPORT = "/ho-so/bao-sai/"


def _report(hoa, member_user, field="hometown", value="Nam Định"):
    return submit_correction(member=hoa, by=member_user, field=field, value=value)


def test_member_reports_a_field_and_sees_where_it_stands(client, member_user, hoa):
    client.force_login(member_user)
    page = client.get(REPORT, {"truong": "hometown"}).content.decode()
    assert "Báo sai thông tin: Quê quán" in page
    response = client.post(REPORT, {"truong": "hometown", "value": "Nam Định", "note": "Theo giấy khai sinh"})
    assert response.status_code == 302
    record = client.get(reverse("my_profile")).content.decode()
    assert "Chờ cấp ủy chi bộ xem xét" in record
    assert "Nam Định" in record
    assert Correction.objects.get().note == "Theo giấy khai sinh"


def test_a_bad_value_shows_the_reason_and_writes_nothing(client, member_user, hoa):
    client.force_login(member_user)
    wrong = factories.make_cccd(hoa.birth_date, "Nữ")
    response = client.post(REPORT, {"truong": "cccd", "value": wrong})
    assert response.status_code == 200
    assert "khác giới tính" in response.content.decode()
    assert not Correction.objects.exists()


@pytest.mark.parametrize("field", ["status", "org"])
def test_status_and_branch_point_to_the_committee(client, member_user, hoa, field):
    client.force_login(member_user)
    body = client.get(REPORT, {"truong": field}).content.decode()
    assert "chuyển sinh hoạt" in body
    client.post(REPORT, {"truong": field, "value": "x"})
    assert not Correction.objects.exists()


@pytest.mark.parametrize("persona", ["secretary", "unit_staff", "no_role"])
def test_accounts_without_handbook_access_cannot_report(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(REPORT, {"truong": "hometown"}).status_code == 404


def test_the_queues_count_and_flag_overdue(client, member_user, hoa, secretary, unit_staff):
    c = _report(hoa, member_user)
    Correction.objects.filter(pk=c.pk).update(due_at=c.created_at.replace(year=2020))
    client.force_login(secretary)
    body = client.get(reverse("correction_queue")).content.decode()
    assert "Chờ cấp ủy chi bộ: 1" in body
    assert "quá hạn" in body
    assert hoa.full_name in body
    client.force_login(unit_staff)
    body = client.get(reverse("correction_queue")).content.decode()
    assert "Chờ Ban Tổ chức cập nhật: 0" in body


def test_secretary_forwards_and_staff_apply_through_the_page(client, member_user, hoa, secretary, unit_staff):
    c = _report(hoa, member_user)
    url = reverse("correction_detail", args=[c.pk])
    client.force_login(unit_staff)
    client.post(url, {"buoc": "cap-nhat"})  # not forwarded yet: refused
    c.refresh_from_db()
    assert c.state == CorrectionState.SUBMITTED
    client.force_login(secretary)
    assert client.post(url, {"buoc": "chuyen"}).status_code == 302
    client.force_login(unit_staff)
    assert client.post(url, {"buoc": "cap-nhat"}).status_code == 302
    hoa.refresh_from_db()
    assert hoa.hometown == "Nam Định"


def test_rejecting_needs_a_reason(client, member_user, hoa, secretary):
    c = _report(hoa, member_user)
    url = reverse("correction_detail", args=[c.pk])
    client.force_login(secretary)
    response = client.post(url, {"buoc": "tu-choi", "reason": ""})
    assert "Xin ghi lý do" in response.content.decode()
    client.post(url, {"buoc": "tu-choi", "reason": "Không đúng với hồ sơ gốc"})
    c.refresh_from_db()
    assert c.state == CorrectionState.REJECTED
    client.force_login(member_user)
    assert "Không đúng với hồ sơ gốc" in client.get(reverse("my_profile")).content.decode()


def test_the_secretary_cannot_apply_and_nobody_handles_their_own(client, tree, member_user, hoa, secretary):
    c = _report(hoa, member_user)
    forward_correction(correction=c, by=secretary)
    client.force_login(secretary)
    client.post(reverse("correction_detail", args=[c.pk]), {"buoc": "cap-nhat"})
    c.refresh_from_db()
    assert c.state == CorrectionState.FORWARDED
    # A secretary reporting on their own record cannot forward it.
    own = factories.member(tree.branch1, full_name="Trần Văn Bí")
    chief = factories.user("bithu-tu", role="branch_secretary", at=tree.branch1, member=own)
    from sotay.accounts.actions import grant_role

    grant_role(by=None, user=chief, role="member", org=tree.branch1)
    mine = submit_correction(member=own, by=chief, field="hometown", value="Huế")
    client.force_login(chief)
    assert client.post(reverse("correction_detail", args=[mine.pk]), {"buoc": "chuyen"}).status_code == 403
    mine.refresh_from_db()
    assert mine.state == CorrectionState.SUBMITTED


@pytest.mark.parametrize("persona", ["outsider", "sibling_secretary", "lan_user"])
def test_outside_the_branch_or_subtree_is_404_and_posts_change_nothing(
    client, request, tree, lan, member_user, hoa, persona
):
    c = _report(hoa, member_user)
    users = {
        "outsider": lambda: request.getfixturevalue("outsider"),
        "sibling_secretary": lambda: factories.user("bithu2", role="branch_secretary", at=tree.branch2),
        "lan_user": lambda: factories.user("lan", role="member", at=tree.branch2, member=lan),
    }
    client.force_login(users[persona]())
    url = reverse("correction_detail", args=[c.pk])
    assert client.get(url).status_code == 404
    for step in ("chuyen", "cap-nhat", "tu-choi"):
        assert client.post(url, {"buoc": step, "reason": "x"}).status_code == 404
    c.refresh_from_db()
    assert c.state == CorrectionState.SUBMITTED
    body = client.get(reverse("correction_queue")).content.decode() if persona != "lan_user" else ""
    assert hoa.full_name not in body


def test_open_reports_show_on_the_units_campaign_page(client, tree, member_user, hoa, unit_staff):
    import datetime

    from sotay.campaign.actions.campaigns import create_campaign
    from sotay.campaign.models import CampaignUnit, StepKind

    today = datetime.date.today()
    campaign = create_campaign(
        root=tree.city,
        name="15 ngày đêm",
        deadlines={k: today + datetime.timedelta(days=5) for k in StepKind},
        by=None,
        check_permission=False,
    )
    unit = CampaignUnit.objects.get(campaign=campaign, org=tree.ward1)
    client.force_login(unit_staff)
    assert (
        "Đảng viên báo sai thông tin (đang xử lý): 0"
        in client.get(reverse("unit_home", args=[unit.pk])).content.decode()
    )
    _report(hoa, member_user)
    body = client.get(reverse("unit_home", args=[unit.pk])).content.decode()
    assert "Đảng viên báo sai thông tin (đang xử lý): 1" in body
    assert hoa.full_name in body
