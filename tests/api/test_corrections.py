"""Corrections through the API: the report form's and the action's rules, the steps and who may take
them; a refusal is a 422 problem in Vietnamese and writes nothing."""

from __future__ import annotations

import pytest

from sotay.audit.models import AuditEvent
from sotay.corrections.actions import forward_correction, submit_correction
from sotay.corrections.models import Correction
from sotay.members.models import Member
from tests import factories
from tests.api.bearer import bearer


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"field": "status", "value": "Dự bị"}, "không sửa bằng báo sai"),
        ({"field": "org", "value": "1"}, "không sửa bằng báo sai"),
        ({"field": "code", "value": "1"}, "không sửa được"),
        ({"field": "<script>", "value": "x"}, "không sửa được"),
        ({"field": "birth_date", "value": "31/02/1962"}, "dd/mm/yyyy"),
        ({"field": "birth_date", "value": ""}, "Xin ghi giá trị đúng"),
        ({"field": "gender", "value": "Khác"}, "Nam hoặc Nữ"),
        ({"field": "cccd", "value": "12345"}, "12 chữ số"),
        ({"field": "full_name", "value": "Nguyễn Văn Hòa"}, "giống giá trị đang có"),
        ({"field": "hometown", "value": "x" * 256}, "không hợp lệ: data.value"),
        ({"field": "hometown"}, "Xin ghi giá trị đúng"),
    ],
)
def test_a_refused_report_is_a_422_and_sends_nothing(client, hoa, member_user, body, says):
    me = bearer(client, member_user)
    r = me("post", "/me/corrections", body)
    assert r.status_code == 422, r.content
    assert r["Content-Type"].startswith("application/problem+json")
    assert says in r.json()["detail"]
    assert not Correction.objects.exists()


def test_only_a_member_with_the_handbook_reports(client, tree, secretary, unit_staff):
    for user in (secretary, unit_staff):
        r = bearer(client, user)("post", "/me/corrections", {"field": "hometown", "value": "Huế"})
        assert r.status_code == 404
        assert bearer(client, user)("get", "/me/corrections").status_code == 404
    assert not Correction.objects.exists()


def test_a_member_reads_only_their_own_reports(client, tree, hoa, member_user, lan):
    other = submit_correction(member=lan, by=None, field="hometown", value="Quê của Lan")
    me = bearer(client, member_user)
    assert me("get", f"/me/corrections/{other.pk}").status_code == 404
    assert me("get", "/me/corrections").json() == {"items": [], "next": None}


def test_the_committee_cannot_apply_and_unit_staff_apply_through_the_registry(
    client, tree, hoa, secretary, unit_staff
):
    c = submit_correction(member=hoa, by=None, field="hometown", value="Xã Mới")
    sec, staff = bearer(client, secretary), bearer(client, unit_staff)
    r = sec("post", f"/corrections/{c.pk}/apply")
    assert r.status_code == 422
    assert "Không thực hiện được bước này" in r.json()["detail"]
    assert sec("post", f"/corrections/{c.pk}/forward").json()["state"] == "forwarded"
    assert sec("post", f"/corrections/{c.pk}/forward").json()["state"] == "forwarded"  # again: nothing
    assert AuditEvent.objects.filter(object_type="correction", object_id=str(c.pk)).count() == 2
    assert sec("post", f"/corrections/{c.pk}/apply").status_code == 422
    queue = staff("get", "/corrections?queue=staff").json()["items"]
    assert [q["id"] for q in queue] == [c.pk]
    r = staff("post", f"/corrections/{c.pk}/apply")
    assert r.status_code == 200, r.content
    assert (r.json()["state"], r.json()["record_value"]) == ("applied", "Xã Mới")
    assert Member.objects.get(pk=hoa.pk).hometown == "Xã Mới"
    assert staff("post", f"/corrections/{c.pk}/apply").json()["state"] == "applied"


def test_a_rejection_needs_a_reason_and_the_member_reads_it(client, tree, hoa, member_user, secretary):
    c = submit_correction(member=hoa, by=None, field="hometown", value="Xã Mới")
    sec = bearer(client, secretary)
    for reason in ("", "   "):
        r = sec("post", f"/corrections/{c.pk}/reject", {"reason": reason})
        assert r.status_code == 422
        assert "lý do" in r.json()["detail"]
    assert sec("post", f"/corrections/{c.pk}/reject", {"reason": "x" * 256}).status_code == 422
    assert Correction.objects.get(pk=c.pk).state == "submitted"
    r = sec("post", f"/corrections/{c.pk}/reject", {"reason": "<b>Không có giấy tờ</b>"})
    assert r.json()["state"] == "rejected"
    mine = bearer(client, member_user)("get", f"/me/corrections/{c.pk}").json()
    assert (mine["reason"], mine["rejected_by"]) == ("<b>Không có giấy tờ</b>", "committee")
    assert sec("post", f"/corrections/{c.pk}/forward").status_code == 422


def test_nobody_handles_a_report_on_their_own_record(client, tree, hoa):
    account = factories.user("bithu_hoa", role="branch_secretary", at=tree.branch1, member=hoa)
    c = submit_correction(member=hoa, by=account, field="hometown", value="Xã Mới")
    r = bearer(client, account)("post", f"/corrections/{c.pk}/forward")
    assert r.status_code == 403
    assert "chính mình" in r.json()["detail"]
    assert Correction.objects.get(pk=c.pk).state == "submitted"


def test_outside_the_subtree_is_a_404_and_the_queue_filters(client, tree, hoa, binh, outsider, unit_staff):
    c = submit_correction(member=hoa, by=None, field="hometown", value="Xã Mới")
    far = submit_correction(member=binh, by=None, field="residence", value="Nơi ở của Bình")
    forward_correction(correction=far, by=None)
    out = bearer(client, outsider)
    for step in ("", "/forward", "/apply"):
        method = "post" if step else "get"
        assert out(method, f"/corrections/{c.pk}{step}").status_code == 404
    assert out("post", f"/corrections/{c.pk}/reject", {"reason": "x"}).status_code == 404
    assert Correction.objects.get(pk=c.pk).state == "submitted"
    assert [q["id"] for q in out("get", "/corrections").json()["items"]] == [far.pk]
    staff = bearer(client, unit_staff)
    assert [q["id"] for q in staff("get", "/corrections").json()["items"]] == [c.pk]
    assert staff("get", "/corrections?queue=staff").json()["items"] == []
    assert staff("get", "/corrections?overdue=true").json()["items"] == []
    assert staff("get", "/corrections?queue=other").status_code == 422
    assert "Nơi ở của Bình" not in staff("get", "/corrections").content.decode()
