"""A secretary's and a member's day through the API only: every step is a request with a bearer token.

The one thing not done through the API is time passing: the meeting is scheduled for the coming days,
and "the evening of the meeting" moves its times to now (a test cannot wait three days).
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sotay.meetings.models import Meeting
from sotay.notifications.models import Notification
from tests import factories
from tests.meetings.conftest import PDF


def _api(client, secret: str):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def call(method: str, path: str, body: dict | None = None, **extra):
        if body is not None:
            extra |= {"data": body, "content_type": "application/json"}
        return getattr(client, method)(f"/api/v1{path}", **auth, **extra)

    return call


def _sign_in(client, username: str) -> str:
    r = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": factories.PASSWORD, "device": "Điện thoại"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    return r.json()["token"]


@pytest.fixture
def day(client, tree, member_user, secretary):
    """The secretary schedules and publishes a meeting with a document: the member's evening starts."""
    sec = _api(client, _sign_in(client, "bithu1"))
    starts = timezone.now() + datetime.timedelta(days=2)
    r = sec(
        "post",
        f"/branches/{tree.branch1.pk}/meetings",
        {
            "title": "Sinh hoạt thường kỳ tháng 12",
            "starts_at": starts.isoformat(),
            "ends_at": (starts + datetime.timedelta(hours=2)).isoformat(),
            "place": "Nhà văn hóa khu phố 1",
        },
    )
    assert r.status_code == 201, r.content
    meeting_id = r.json()["id"]
    assert sec("post", f"/meetings/{meeting_id}/agenda", {"title": "Nghị quyết tháng"}).status_code == 201
    r = client.post(
        f"/api/v1/meetings/{meeting_id}/documents",
        {"title": "Dự thảo nghị quyết", "file": _pdf()},
        HTTP_AUTHORIZATION=sec.__closure__[0].cell_contents["HTTP_AUTHORIZATION"],  # type: ignore[index]
    )
    assert r.status_code == 201, r.content
    document_url = r.json()["url"]
    r = sec("post", f"/meetings/{meeting_id}/publish")
    assert r.status_code == 200, r.content
    assert r.json()["invited"] == 1
    return sec, meeting_id, document_url


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("du-thao.pdf", PDF, content_type="application/pdf")


def test_a_member_and_a_secretary_through_the_api(client, tree, hoa, member_user, day):
    sec, meeting_id, document_url = day
    me = _api(client, _sign_in(client, "hoa"))

    # The invitation arrived; the member reads it and marks it read.
    r = me("get", "/notifications?unread=true")
    assert r.status_code == 200
    assert [n["kind"] for n in r.json()["items"]] == ["meetings.published"]
    assert me("post", f"/notifications/{r.json()['items'][0]['id']}/read").status_code == 200
    assert me("get", "/notifications?unread=true").json()["items"] == []

    # The next meeting, its agenda and document; the download is the read receipt.
    r = me("get", "/meetings")
    assert [m["id"] for m in r.json()["items"]] == [meeting_id]
    detail = me("get", f"/meetings/{meeting_id}").json()
    assert detail["agenda"][0]["title"] == "Nghị quyết tháng"
    assert detail["my_answer"] is None
    r = client.get(document_url, HTTP_AUTHORIZATION=me.__closure__[0].cell_contents["HTTP_AUTHORIZATION"])  # type: ignore[index]
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r.content == PDF

    # RSVP; a comment on the agenda item.
    assert me("put", f"/meetings/{meeting_id}/rsvp", {"answer": "attending"}).json()["answer"] == "attending"
    r = me("post", f"/meetings/agenda/{detail['agenda'][0]['id']}/comments", {"body": "Tôi đồng ý."})
    assert r.status_code == 201, r.content

    # The evening of the meeting: the QR code on the secretary's screen, the member checks in (twice).
    now = timezone.now()
    Meeting.objects.filter(pk=meeting_id).update(starts_at=now, ends_at=now + datetime.timedelta(hours=2))
    token = sec("get", f"/meetings/{meeting_id}/check-in-token").json()["token"]
    assert me("post", "/check-in", {"token": token}).json() == {
        "meeting_id": meeting_id,
        "checked_in": True,
    }
    assert me("post", "/check-in", {"token": token}).json()["checked_in"] is False
    r = me("post", "/check-in", {"token": token + "x"})
    assert r.status_code == 422
    assert "Mã điểm danh" in r.json()["detail"]

    # A vote by phone; the secretary closes it.
    motion = sec("post", f"/meetings/{meeting_id}/motions", {"title": "Thông qua nghị quyết"}).json()
    assert me("post", f"/meetings/motions/{motion['id']}/vote", {"choice": "for"}).json() == {"counted": True}
    assert me("post", f"/meetings/motions/{motion['id']}/vote", {"choice": "for"}).json() == {
        "counted": False
    }
    closed = sec("post", f"/meetings/motions/{motion['id']}/close", {}).json()
    assert closed["votes_for"] == 1
    assert closed["open"] is False

    # Minutes: a draft the member cannot see, then finalised and read.
    r = sec("put", f"/meetings/{meeting_id}/minutes", {"content": "Diễn biến.", "conclusions": "Thông qua."})
    assert r.status_code == 200, r.content
    assert me("get", f"/meetings/{meeting_id}/minutes").status_code == 404
    assert sec("post", f"/meetings/{meeting_id}/minutes/finalise").json()["finalised_at"]
    assert me("get", f"/meetings/{meeting_id}/minutes").json()["conclusions"] == "Thông qua."

    # All read at the end of the day.
    assert me("post", "/notifications/read").status_code == 200
    assert not Notification.objects.of(member_user).unread().exists()

    # Last: the record shows a wrong hometown; the member reports it (a double submit adds nothing).
    assert me("get", "/me").json()["id"] == hoa.pk
    report = {"field": "hometown", "value": "Xã Tân Phú, tỉnh Đồng Nai", "note": "Theo giấy khai sinh."}
    r = me("post", "/me/corrections", report)
    assert r.status_code == 201, r.content
    correction = r.json()
    assert (correction["field_label"], correction["state"]) == ("Quê quán", "submitted")
    assert me("post", "/me/corrections", report).json()["id"] == correction["id"]
    assert [c["id"] for c in me("get", "/me/corrections").json()["items"]] == [correction["id"]]

    # The secretary's day ends with forwarding it to unit staff; the member sees where it stands.
    queue = sec("get", "/corrections?queue=committee").json()["items"]
    assert [(c["id"], c["member"]["id"]) for c in queue] == [(correction["id"], hoa.pk)]
    detail = sec("get", f"/corrections/{correction['id']}").json()
    assert (detail["proposed_value"], detail["may_forward"], detail["may_apply"]) == (
        "Xã Tân Phú, tỉnh Đồng Nai",
        True,
        False,
    )
    r = sec("post", f"/corrections/{correction['id']}/forward")
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "forwarded"
    assert sec("get", "/corrections?queue=committee").json()["items"] == []
    assert me("get", f"/me/corrections/{correction['id']}").json()["state"] == "forwarded"


def test_the_secretary_marks_attendance_and_the_member_cannot(client, tree, hoa, member_user, day):
    sec, meeting_id, _ = day
    me = _api(client, _sign_in(client, "hoa"))
    r = sec("put", f"/meetings/{meeting_id}/attendance/{hoa.pk}", {"presence": "excused"})
    assert r.json() == {"member_id": hoa.pk, "presence": "excused"}
    assert (
        me("put", f"/meetings/{meeting_id}/attendance/{hoa.pk}", {"presence": "present"}).status_code == 404
    )
    assert me("post", f"/meetings/{meeting_id}/publish").status_code == 404


def test_bad_input_changes_nothing(client, tree, day):
    sec, _meeting_id, _ = day
    starts = timezone.now() - datetime.timedelta(days=1)
    body = {"title": "<script>x</script>", "starts_at": starts.isoformat(), "ends_at": starts.isoformat()}
    r = sec("post", f"/branches/{tree.branch1.pk}/meetings", body)
    assert r.status_code == 422
    assert r["Content-Type"].startswith("application/problem+json")
    assert "quá khứ" in r.json()["detail"]
    assert Meeting.objects.count() == 1
