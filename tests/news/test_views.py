"""The pages: writing through the form, hostile input, reviewing, the feed and its unread marks."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from sotay.news.models import NewsItem, NewsRead, NewsStatus
from sotay.news.queries import feed_page, unread_count
from tests import factories
from tests.news.conftest import published


def _post_new(client, tree, **overrides):
    data = {"target": tree.ward1.pk, "title": "Tin mới", "body": "Nội dung tin."}
    data.update(overrides)
    return client.post("/tin-tuc/moi/", data)


def test_html_in_title_and_body_is_shown_as_text(client, tree, ward_editor, editor, member_user):
    client.force_login(ward_editor)
    response = _post_new(
        client,
        tree,
        title="<script>alert('t')</script>",
        body="<b onclick=x>đậm</b><script>alert(2)</script>",
    )
    item = NewsItem.objects.get()
    assert response.status_code == 302
    page = client.get(f"/tin-tuc/{item.pk}/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;t&#x27;)" in page
    assert "onclick" not in page


def test_a_5000_character_title_is_refused_with_a_message(client, tree, ward_editor):
    client.force_login(ward_editor)
    response = _post_new(client, tree, title="T" * 5000)
    assert response.status_code == 200
    assert "tối đa 200" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_an_image_that_is_not_an_image_is_refused_in_the_form(client, tree, ward_editor):
    client.force_login(ward_editor)
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 this is an exe", content_type="image/jpeg")
    response = _post_new(client, tree, image=fake)
    assert response.status_code == 200
    assert "không phải ảnh" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_posting_for_another_units_org_is_refused(client, tree, ward_editor):
    client.force_login(ward_editor)
    response = _post_new(client, tree, target=tree.ward2.pk)
    assert response.status_code == 200
    assert not NewsItem.objects.exists()
    assert client.post("/tin-tuc/moi/", {"target": "abc", "title": "x", "body": "y"}).status_code == 200
    assert (
        client.post(
            "/tin-tuc/moi/", {"target": tree.ward1.pk, "title": "x", "body": "y", "publish_at": "hôm qua"}
        ).status_code
        == 200
    )
    assert not NewsItem.objects.exists()


def test_review_pages_and_own_item_note(client, tree, ward_editor, editor):
    client.force_login(ward_editor)
    _post_new(client, tree)
    item = NewsItem.objects.get()
    client.post(f"/tin-tuc/{item.pk}/gui-duyet/")
    client.post(f"/tin-tuc/{item.pk}/gui-duyet/")
    assert client.get("/tin-tuc/bien-tap/").status_code == 200
    client.force_login(editor)
    desk = client.get("/tin-tuc/bien-tap/").content.decode()
    assert "Chờ đồng chí duyệt (1)" in desk
    client.post(f"/tin-tuc/{item.pk}/duyet/")
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED
    # The city editor's own item: the page says why there is no approve button.
    client.post("/tin-tuc/moi/", {"target": tree.city.pk, "title": "Tin của thành phố", "body": "B"})
    own = NewsItem.objects.get(title="Tin của thành phố")
    client.post(f"/tin-tuc/{own.pk}/gui-duyet/")
    page = client.get(f"/tin-tuc/{own.pk}/").content.decode()
    assert "Không ai tự duyệt tin của mình" in page
    client.post(f"/tin-tuc/{own.pk}/duyet/")
    own.refresh_from_db()
    assert own.status == NewsStatus.SUBMITTED


def test_feed_shows_branch_up_to_the_centre_pinned_first_with_unread_marks(
    client, tree, ward_editor, editor, member_user, unit_staff
):
    second_city_editor = factories.user("bientap.tp2", role="editor", at=tree.city)
    city = published(editor, second_city_editor, tree.city, "Tin thành phố")
    ward = published(ward_editor, editor, tree.ward1, "Tin phường Một")
    branch = published(unit_staff, ward_editor, tree.branch1, "Tin chi bộ 1")
    published(unit_staff, ward_editor, tree.branch2, "Tin chi bộ 2")  # another branch: not in the feed
    staff2 = factories.user("bantochuc2", role="unit_staff", at=tree.ward2)
    ward2_editor = factories.user("bientap.p2", role="editor", at=tree.ward2)
    published(staff2, ward2_editor, tree.ward2, "Tin phường Hai")
    city.pinned = True
    city.save()
    page = feed_page(member_user)
    assert [i.title for i in page.pinned] == ["Tin thành phố"]
    assert [i.title for i in page.items] == ["Tin chi bộ 1", "Tin phường Một"]
    assert unread_count(member_user) == 3
    client.force_login(member_user)
    feed = client.get("/tin-tuc/").content.decode()
    assert "3 tin chưa đọc" in feed
    assert "Tin phường Hai" not in feed
    assert "Tin chi bộ 2" not in feed
    client.get(f"/tin-tuc/{ward.pk}/")
    client.get(f"/tin-tuc/{ward.pk}/")
    assert NewsRead.objects.filter(user=member_user).count() == 1
    assert unread_count(member_user) == 2
    assert "2 tin chưa đọc" in client.get("/").content.decode()
    assert branch.pk


def test_feed_is_keyset_paginated(client, tree, ward_editor, editor, member_user):
    for n in range(23):
        published(ward_editor, editor, tree.ward1, f"Tin số {n}")
    first = feed_page(member_user)
    assert len(first.items) == 20
    assert first.next_cursor
    second = feed_page(member_user, first.next_cursor)
    assert [i.title for i in second.items] == ["Tin số 2", "Tin số 1", "Tin số 0"]
    assert not second.next_cursor
    client.force_login(member_user)
    assert client.get("/tin-tuc/", {"sau": first.next_cursor}).status_code == 200
    for junk in ("x", "nan:1", "1e308:2", ":", "9" * 100, f"{10**30}:1", "-5:x"):
        assert client.get("/tin-tuc/", {"sau": junk}).status_code == 200


def test_editors_page_grants_within_scope(client, tree, unit_staff, outsider):
    person = factories.user("nguoimoi")
    client.force_login(unit_staff)
    assert (
        client.post("/tin-tuc/bien-tap-vien/", {"username": "nguoimoi", "org": tree.ward2.pk}).status_code
        == 200
    )
    assert not person.roles.exists()
    assert (
        client.post("/tin-tuc/bien-tap-vien/", {"username": "khongco", "org": tree.ward1.pk}).status_code
        == 200
    )
    response = client.post("/tin-tuc/bien-tap-vien/", {"username": "nguoimoi", "org": tree.unit1.pk})
    assert response.status_code == 302
    assert person.roles.filter(role="editor", org=tree.unit1).exists()
    assert "nguoimoi" in client.get("/tin-tuc/bien-tap-vien/").content.decode()


def test_an_account_without_a_role_sees_an_empty_feed(client, no_role):
    client.force_login(no_role)
    response = client.get("/tin-tuc/")
    assert response.status_code == 200
    assert "Chưa có tin nào." in response.content.decode()
    assert client.get("/").status_code == 200
