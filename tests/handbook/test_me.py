"""A member's copy of their own data ("Tải dữ liệu của tôi"): theirs only, complete, actors by role."""

import csv
import io

import pytest
from django.urls import reverse

from sotay.audit.models import AuditAction, AuditEvent
from tests import factories

URL = "/ho-so/du-lieu/"


def test_the_profile_page_offers_the_download(client, member_user):
    client.force_login(member_user)
    body = client.get(reverse("my_profile")).content.decode()
    assert "Tải dữ liệu của tôi" in body
    assert reverse("my_data_export") == URL


def test_json_holds_the_record_events_and_who_read_it_by_role(client, member_user, secretary, hoa):
    client.force_login(secretary)
    client.get(reverse("member_detail", args=[hoa.pk]))
    client.force_login(member_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = response.json()
    assert data["hồ sơ"]["số CCCD"] == hoa.cccd  # their own, in full
    assert data["hồ sơ"]["họ và tên"] == hoa.full_name
    assert [e["sự kiện"] for e in data["quá trình"]]
    readers = [e["người thực hiện"] for e in data["nhật ký truy cập"] if e["hành động"] == "Xem"]
    assert "Bí thư chi bộ — Chi bộ khu phố 1" in readers
    assert "bithu1" not in response.content.decode()  # staff are named by role, not by account
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_type="member", object_id=str(hoa.pk), actor=member_user
    ).exists()


def test_csv_has_the_same_content_with_formulas_neutralised(client, tree, hoa):
    evil = factories.member(tree.branch1, full_name="Nguyễn Văn Tư", residence="=cmd|' /C calc'!A0")
    user = factories.user("tu", member=evil)
    client.force_login(user)
    response = client.get(URL, {"dinh-dang": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Phần", "Mục", "Giá trị", "Thời điểm", "Người thực hiện"]
    values = {r[1]: r[2] for r in rows if r[0] == "Hồ sơ"}
    assert values["nơi thường trú"] == "'=cmd|' /C calc'!A0"
    assert values["số CCCD"] == evil.cccd
    assert hoa.cccd not in response.content.decode()


@pytest.mark.parametrize("persona", ["secretary", "unit_staff", "outsider", "sysadmin", "no_role"])
def test_nobody_without_a_member_record_gets_anything(client, request, persona, hoa):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"dinh-dang": "csv"}).status_code == 404


def test_another_member_gets_only_their_own(client, tree, hoa, lan):
    user = factories.user("lan", member=lan)
    client.force_login(user)
    body = client.get(URL, {"member": hoa.pk, "pk": hoa.pk}).content.decode()
    assert lan.cccd in body
    assert hoa.cccd not in body
    assert hoa.full_name not in body


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_reading_ones_own_record_is_not_logged_a_secretarys_read_is(client, member_user, secretary, hoa):
    client.force_login(member_user)
    assert client.get(reverse("my_profile")).status_code == 200
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="member", object_id=str(hoa.pk))
    assert not reads.exists()
    client.force_login(secretary)
    client.get(reverse("member_detail", args=[hoa.pk]))
    assert reads.get().actor == secretary
