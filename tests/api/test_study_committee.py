"""The committee's side of a study through the API: create a draft, change it, open it (members are
told once), close it; refused input changes nothing; a study outside the caller's scope is a 404."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sotay.api.actions import issue_token
from sotay.audit.models import AuditEvent
from sotay.notifications.models import Notification
from sotay.study.models import Study, StudyStatus
from tests import factories
from tests.api.content import content_of


def _auth(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user, device='test')[1]}"}


def _send(client, method: str, path: str, body: dict | None, auth: dict):
    return getattr(client, method)(f"/api/v1{path}", body or {}, content_type="application/json", **auth)


@pytest.fixture
def objects(tree):
    return content_of("Một", tree.branch1, factories.member(tree.branch1, full_name="Trần Văn Bình"))


def _due(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def _new(tree, objects, **extra) -> dict:
    return {
        "org_id": tree.branch1.pk,
        "title": "Nghị quyết mới",
        "prompt": "Liên hệ bản thân.",
        "due_on": _due(20),
        "document_ids": [objects["document"]],
    } | extra


def test_secretary_creates_changes_opens_and_closes(client, secretary, member_user, tree, objects):
    sec = _auth(secretary)
    r = _send(client, "post", "/studies", _new(tree, objects), sec)
    assert r.status_code == 201, r.content
    study = r.json()
    again = _send(client, "post", "/studies", _new(tree, objects), sec)
    assert again.json()["id"] == study["id"]  # a double submit is kept once
    assert study["status"] == StudyStatus.DRAFT
    assert study["documents"][0]["id"] == objects["document"]
    pk = study["id"]
    # A draft is not the members' yet.
    assert client.get(f"/api/v1/studies/{pk}", **_auth(member_user)).status_code == 404
    r = _send(client, "patch", f"/studies/{pk}", {"title": "Nghị quyết đã sửa", "due_on": _due(30)}, sec)
    assert r.status_code == 200
    assert r.json()["title"] == "Nghị quyết đã sửa"
    assert r.json()["due_on"] == _due(30)
    assert r.json()["prompt"] == "Liên hệ bản thân."  # left out: kept
    for _ in range(2):  # a double submit opens it once, the members are told once
        r = _send(client, "post", f"/studies/{pk}/open", None, sec)
        assert r.status_code == 200
    assert r.json()["status"] == StudyStatus.OPEN
    told = Notification.objects.filter(kind="study.opened", user=member_user)
    assert told.count() == 1
    assert client.get(f"/api/v1/studies/{pk}", **_auth(member_user)).status_code == 200
    r = _send(client, "post", f"/studies/{pk}/close", None, sec)
    assert r.json()["status"] == StudyStatus.CLOSED
    refused = _send(client, "patch", f"/studies/{pk}", {"title": "Muộn"}, sec)
    assert refused.status_code == 422
    assert "đã kết thúc" in refused.json()["detail"]
    assert Study.objects.get(pk=pk).title == "Nghị quyết đã sửa"
    events = AuditEvent.objects.filter(object_type="study", object_id=pk)
    assert events.count() == 4  # created, changed, opened, closed: once each


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"due_on": "2020-01-01"}, "Hạn nộp đã qua"),
        ({"title": "   "}, "Hãy nhập tiêu đề"),
        ({"document_ids": [999999]}, "không được đọc"),
        ({"document_ids": [10**30]}, "không hợp lệ"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_created(
    client, secretary, tree, objects, extra, message
):
    before = Study.objects.count()
    r = _send(client, "post", "/studies", _new(tree, objects, **extra), _auth(secretary))
    assert r.status_code == 422
    assert message in r.json()["detail"]
    assert Study.objects.count() == before


def test_outside_scope(client, secretary, member_user, unit_staff, tree, objects):
    sec = _auth(secretary)
    # A target outside the caller's scope: refused as input; a member may open none: 404.
    r = _send(client, "post", "/studies", _new(tree, objects, org_id=tree.branch2.pk), sec)
    assert r.status_code == 422
    assert "không có quyền" in r.json()["detail"]
    assert _send(client, "post", "/studies", _new(tree, objects), _auth(member_user)).status_code == 404
    # Another branch's study: 404 for every write, and it stays as it was.
    other = content_of("Hai", tree.branch2, factories.member(tree.branch2))
    for method, path, body in [
        ("patch", f"/studies/{other['study']}", {"title": "Đổi"}),
        ("post", f"/studies/{other['study']}/close", None),
    ]:
        assert _send(client, method, path, body, sec).status_code == 404
    assert Study.objects.get(pk=other["study"]).status == StudyStatus.OPEN
    # A member reads the study of their branch but does not manage it.
    assert (
        _send(client, "post", f"/studies/{objects['study']}/close", None, _auth(member_user)).status_code
        == 404
    )
    # Unit staff above manage it.
    r = _send(client, "post", f"/studies/{other['study']}/close", None, _auth(unit_staff))
    assert r.json()["status"] == StudyStatus.CLOSED
