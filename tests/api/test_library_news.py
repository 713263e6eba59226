"""The library and news through the API: the page's search and filters, files, bookmarks, the feed's
unread marks, the editorial desk's round trip; bad input gets a Vietnamese problem and changes nothing."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sotay.api.actions import issue_token
from sotay.audit.models import AuditEvent
from sotay.library.actions import publish_document, supersede_document
from sotay.library.models import Bookmark, Reading
from sotay.news.models import NewsItem, NewsStatus
from tests.api.content import content_of, pdf
from tests.queries import assert_flat


def _auth(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user, device='test')[1]}"}


def _doc(org, title: str, *, on: datetime.date, number: str = "", summary: str = "", upload=None):
    return publish_document(
        by=None,
        issued_at=org,
        title=title,
        number=number,
        category="nghi_quyet",
        issued_on=on,
        issuer="Ban Chấp hành",
        summary=summary,
        upload=upload,
        check_permission=False,
    )[0]


@pytest.fixture
def docs(tree):
    old = _doc(tree.city, "Nghị quyết về công tác cán bộ", on=datetime.date(2024, 3, 1), number="01-NQ/TU")
    new = _doc(
        tree.ward1,
        "Nghị quyết về phát triển đảng viên",
        on=datetime.date(2025, 6, 1),
        number="02-NQ/ĐU",
        summary="Kết nạp đảng viên trong thanh niên",
        upload=SimpleUploadedFile("nq.pdf", pdf()),
    )
    other = _doc(tree.ward2, "Nghị quyết phường hai", on=datetime.date(2025, 1, 1))
    supersede_document(by=None, old=old, new=new, check_permission=False)
    return old, new, other


def test_search_ranks_filters_and_snippets(client, member_user, docs):
    old, new, _other = docs
    auth = _auth(member_user)
    r = client.get("/api/v1/library", {"q": "dang vien"}, **auth)
    assert r.status_code == 200, r.content
    items = r.json()["items"]
    assert [d["id"] for d in items] == [new.pk]  # the other ward's document is not searched
    assert any(p["hit"] and p["text"].lower() == "đảng" for p in items[0]["snippet"])
    browse = client.get("/api/v1/library", {"year": 2024}, **auth).json()["items"]
    assert [d["id"] for d in browse] == [old.pk]
    assert browse[0]["superseded_by"] == {"id": new.pk, "number": new.number, "title": new.title}
    assert client.get("/api/v1/library", {"level": "tinh"}, **auth).json()["items"][0]["id"] == old.pk
    bad = client.get("/api/v1/library", {"cursor": base64.urlsafe_b64encode(b"x:y").decode()}, **auth)
    assert bad.status_code == 400
    assert "Con trỏ" in bad.json()["detail"]


def test_browse_pages_with_a_cursor(client, member_user, tree):
    for i in range(23):
        _doc(tree.branch1, f"Hướng dẫn số {i}", on=datetime.date(2025, 1, 1 + i % 28))
    auth = _auth(member_user)
    first = client.get("/api/v1/library", **auth).json()
    second = client.get("/api/v1/library", {"cursor": first["next"]}, **auth).json()
    seen = [d["id"] for d in first["items"] + second["items"]]
    assert len(seen) == len(set(seen)) == 23
    assert second["next"] is None


def test_detail_file_bookmarks_and_reading(client, member_user, docs):
    old, new, _ = docs
    auth = _auth(member_user)
    detail = client.get(f"/api/v1/library/{new.pk}", **auth).json()
    assert detail["supersedes"] == [{"id": old.pk, "number": old.number, "title": old.title}]
    assert detail["file"] == f"/api/v1/library/{new.pk}/file"
    r = client.get(detail["file"], **auth)
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert "nq.pdf" in r["Content-Disposition"]
    assert Reading.objects.get(user=member_user, document=new).times == 2
    for _ in range(2):  # a double tap keeps one bookmark and one audit row
        r = client.put(f"/api/v1/library/{new.pk}/bookmark", **auth)
    assert r.json() == {"id": new.pk, "kept": True, "changed": False}
    assert AuditEvent.objects.filter(object_type="bookmark").count() == 1
    kept = client.get("/api/v1/library/bookmarks", **auth).json()["items"]
    assert [d["id"] for d in kept] == [new.pk]
    assert kept[0]["kept"]
    assert client.delete(f"/api/v1/library/{new.pk}/bookmark", **auth).json()["changed"] is True
    assert not Bookmark.objects.exists()
    assert client.post(f"/api/v1/library/{old.pk}/read", **auth).status_code == 204


def test_a_document_of_another_ward_is_a_404(client, member_user, docs):
    other = docs[2]
    auth = _auth(member_user)
    for path in (f"/library/{other.pk}", f"/library/{other.pk}/file", f"/library/{other.pk}/bookmark"):
        method = client.put if path.endswith("bookmark") else client.get
        r = method(f"/api/v1{path}", **auth)
        assert r.status_code == 404
        assert r.json()["detail"].startswith("Không tìm thấy")
    assert not Bookmark.objects.exists()
    assert not Reading.objects.exists()


def test_list_queries_stay_flat(client, member_user, tree, no_n_plus_one):
    auth = _auth(member_user)
    client.defaults.update(auth)
    n = iter(range(100))

    def grow() -> None:
        for _ in range(3):
            i = next(n)
            doc = _doc(tree.branch1, f"Văn bản {i}", on=datetime.date(2025, 2, 1 + i))
            Bookmark.objects.create(user=member_user, document=doc)
            NewsItem.objects.create(
                title=f"Tin {i}",
                body="<p>x</p>",
                target=tree.branch1,
                status="published",
                published_at=doc.created_at,
            )

    grow()
    client.get("/api/v1/library")  # the token's first use of the day is noted once
    for url in ("/api/v1/library", "/api/v1/library?q=van", "/api/v1/library/bookmarks", "/api/v1/news"):
        assert_flat(client, url, grow, at_most=12)


def test_feed_pinned_first_and_unread_marks(client, member_user, tree, hoa):
    objects = content_of("Một", tree.branch1, hoa)
    pinned = NewsItem.objects.create(
        title="Tin ghim", body="<p>a</p>", target=tree.city, status="published", pinned=True
    )
    NewsItem.objects.filter(pk=pinned.pk).update(
        published_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )
    NewsItem.objects.create(title="Tin phường hai", body="<p>b</p>", target=tree.ward2, status="published")
    auth = _auth(member_user)
    feed = client.get("/api/v1/news", **auth).json()
    assert [i["title"] for i in feed["items"]] == ["Tin ghim", "Tin Một"]
    assert feed["unread"] == 2
    item = client.get(f"/api/v1/news/{objects['news']}", **auth).json()
    assert item["body"] == "<p>Nội dung tin</p>"
    assert item["can_manage"] is False
    feed = client.get("/api/v1/news", **auth).json()
    assert feed["unread"] == 1
    assert [i["unread"] for i in feed["items"]] == [True, False]
    assert client.get(f"/api/v1/news/{objects['draft']}", **auth).status_code == 404


def test_desk_write_submit_return_approve(client, unit_staff, editor, tree):
    staff = _auth(unit_staff)
    body = {
        "target_id": tree.branch1.pk,
        "title": "Lịch tiếp dân",
        "body": "<script>x()</script><p>Thứ hai</p>",
    }
    r = client.post("/api/v1/news", body, content_type="application/json", **staff)
    assert r.status_code == 201, r.content
    item = r.json()
    assert "<script>" not in item["body"]
    assert item["status"] == "draft"
    again = client.post("/api/v1/news", body, content_type="application/json", **staff)
    assert again.json()["id"] == item["id"]  # a double submit is kept once
    outside = client.post(
        "/api/v1/news", body | {"target_id": tree.ward2.pk}, content_type="application/json", **staff
    )
    assert outside.status_code == 422
    assert "không có quyền" in outside.json()["detail"]
    assert client.post(f"/api/v1/news/{item['id']}/submit", **staff).json()["status"] == "submitted"
    own = client.post(f"/api/v1/news/{item['id']}/approve", **staff)
    assert own.status_code == 422  # unit staff are not the editorial board
    ed = _auth(editor)
    empty = client.post(
        f"/api/v1/news/{item['id']}/return", {"comment": " "}, content_type="application/json", **ed
    )
    assert empty.status_code == 422
    assert NewsItem.objects.get(pk=item["id"]).status == NewsStatus.SUBMITTED
    r = client.post(
        f"/api/v1/news/{item['id']}/return", {"comment": "Thêm giờ"}, content_type="application/json", **ed
    )
    assert r.json()["status"] == "returned"
    assert r.json()["return_comment"] == "Thêm giờ"
    client.post(f"/api/v1/news/{item['id']}/submit", **staff)
    assert client.post(f"/api/v1/news/{item['id']}/approve", **ed).json()["status"] == "published"
    desk = client.get("/api/v1/news/desk", {"status": "published"}, **staff).json()["items"]
    assert [i["id"] for i in desk] == [item["id"]]
