"""The news desk's edit and pin through the API: a draft changed field by field (what is left out
stays), refused once submitted; pin and unpin as the desk page does; outside the desk's scope: 404."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sotay.api.actions import issue_token
from sotay.audit.models import AuditEvent
from sotay.news.models import NewsItem
from tests import factories
from tests.api.content import content_of


def _auth(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user, device='test')[1]}"}


def _patch(client, pk: int, body: dict, auth: dict):
    return client.patch(f"/api/v1/news/{pk}", body, content_type="application/json", **auth)


@pytest.fixture
def objects(tree):
    return content_of("Một", tree.branch1, factories.member(tree.branch1))


def test_edit_a_draft_field_by_field(client, unit_staff, tree, objects):
    staff = _auth(unit_staff)
    pk = objects["draft"]
    later = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    r = _patch(client, pk, {"body": "<script>x()</script><p>Mới</p>", "publish_at": later.isoformat()}, staff)
    assert r.status_code == 200, r.content
    item = r.json()
    assert item["title"] == "Tin nháp Một"  # left out: kept
    assert item["body"] == "<p>Mới</p>"
    assert item["publish_at"] is not None
    r = _patch(client, pk, {"title": "Tin đã sửa", "publish_at": None, "target_id": tree.branch2.pk}, staff)
    item = r.json()
    assert (item["title"], item["publish_at"], item["target"]["id"]) == ("Tin đã sửa", None, tree.branch2.pk)
    assert item["body"] == "<p>Mới</p>"
    assert AuditEvent.objects.filter(object_type="news", object_id=pk, summary="Sửa tin").count() == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"body": "<script>x()</script>"}, "Hãy nhập nội dung"),
        ({"title": "   "}, "Hãy nhập tiêu đề"),
        ({"publish_at": "2030-01-01T00:00:00+07:00"}, "trong vòng một năm"),
        ({"target_id": 999999}, "không có quyền"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(client, unit_staff, objects, body, message):
    pk = objects["draft"]
    before = NewsItem.objects.values().get(pk=pk)
    r = _patch(client, pk, body, _auth(unit_staff))
    assert r.status_code == 422
    assert message in r.json()["detail"]
    assert NewsItem.objects.values().get(pk=pk) == before


def test_a_submitted_item_is_the_reviewers(client, unit_staff, objects):
    staff = _auth(unit_staff)
    client.post(f"/api/v1/news/{objects['draft']}/submit", **staff)
    r = _patch(client, objects["draft"], {"title": "Muộn"}, staff)
    assert r.status_code == 422
    assert "không sửa được nữa" in r.json()["detail"]


def test_pin_and_unpin(client, unit_staff, member_user, objects):
    staff, pk = _auth(unit_staff), objects["news"]
    for _ in range(2):  # a second time changes nothing
        r = client.put(f"/api/v1/news/{pk}/pin", **staff)
        assert r.json()["pinned"] is True
    feed = client.get("/api/v1/news", **_auth(member_user)).json()["items"]
    assert feed[0]["id"] == pk
    assert feed[0]["pinned"]
    assert client.delete(f"/api/v1/news/{pk}/pin", **staff).json()["pinned"] is False
    events = AuditEvent.objects.filter(object_type="news", object_id=pk, action="update")
    assert events.count() == 2  # pinned once, unpinned once


def test_outside_the_desk_scope(client, unit_staff, member_user, tree, objects):
    other = content_of("Hai", tree.unit2, factories.member(tree.unit2))
    staff = _auth(unit_staff)
    assert _patch(client, other["draft"], {"title": "Đổi"}, staff).status_code == 404
    assert client.put(f"/api/v1/news/{other['news']}/pin", **staff).status_code == 404
    # A reader of the item does not manage it.
    assert client.put(f"/api/v1/news/{objects['news']}/pin", **_auth(member_user)).status_code == 404
    assert not NewsItem.objects.filter(pinned=True).exists()
    assert NewsItem.objects.get(pk=other["draft"]).title == "Tin nháp Hai"
