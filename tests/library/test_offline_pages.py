"""The list of pages the service worker keeps offline: the member's own bookmarks, with their files."""

from __future__ import annotations

from django.urls import reverse

from sotay.library.actions import bookmark_document, withdraw_document
from tests.library.conftest import make_doc, pdf_bytes, upload


def urls(client, user):
    client.force_login(user)
    response = client.get(reverse("library_offline_pages"))
    assert response["Cache-Control"] == "private, no-store"
    return response.json()["urls"]


def test_the_list_holds_the_bookmarked_documents_and_their_files(client, tree, member_user, secretary):
    with_file = make_doc(tree.city, "Có tệp", upload=upload("a.pdf", pdf_bytes("Noi dung")))
    without = make_doc(tree.ward1, "Không tệp")
    make_doc(tree.branch1, "Không lưu")
    bookmark_document(by=member_user, document=with_file, keep=True)
    bookmark_document(by=member_user, document=without, keep=True)
    assert urls(client, member_user) == [
        f"/thu-vien/{without.pk}/",
        f"/thu-vien/{with_file.pk}/",
        f"/thu-vien/{with_file.pk}/tep/",
    ]
    assert urls(client, secretary) == []  # someone else's bookmarks are not theirs


def test_an_unbookmarked_or_withdrawn_document_leaves_the_list(client, tree, member_user, unit_staff):
    doc = make_doc(tree.ward1, "Văn bản")
    bookmark_document(by=member_user, document=doc, keep=True)
    withdraw_document(by=unit_staff, document=doc, reason="Ban hành nhầm")
    assert urls(client, member_user) == []
    other = make_doc(tree.ward1, "Văn bản khác")
    bookmark_document(by=member_user, document=other, keep=True)
    bookmark_document(by=member_user, document=other, keep=False)
    assert urls(client, member_user) == []


def test_the_list_is_cut_to_the_most_recent(client, tree, member_user):
    from sotay.library.views.bookmarks import OFFLINE_BOOKMARKS

    for i in range(OFFLINE_BOOKMARKS + 2):
        bookmark_document(by=member_user, document=make_doc(tree.city, f"Văn bản {i}"), keep=True)
    assert len(urls(client, member_user)) == OFFLINE_BOOKMARKS
