"""Reading looks up the tree, managing looks down: a sibling subtree's document is a 404, file too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.accounts.models import Role
from sotay.library.access import documents_visible_to
from sotay.library.models import Reading
from tests import factories
from tests.library.conftest import make_doc, pdf_bytes, upload


@pytest.fixture
def docs(tree):
    return {
        "city": make_doc(tree.city, "Nghị quyết của Thành ủy"),
        "ward1": make_doc(tree.ward1, "Kế hoạch của phường Một"),
        "branch1": make_doc(tree.branch1, "Tài liệu sinh hoạt chi bộ khu phố 1"),
        "ward2": make_doc(
            tree.ward2,
            "Thông báo của phường Hai",
            upload=upload("thong-bao-phuong-hai.pdf", pdf_bytes("Phuong Hai")),
        ),
    }


def titles(user) -> set[str]:
    return set(documents_visible_to(user).values_list("title", flat=True))


def test_a_member_reads_their_branch_and_its_ancestors(member_user, docs):
    assert titles(member_user) == {
        "Nghị quyết của Thành ủy",
        "Kế hoạch của phường Một",
        "Tài liệu sinh hoạt chi bộ khu phố 1",
    }


def test_a_member_of_the_other_ward_reads_the_city_and_their_ward(tree, binh, docs):
    user = factories.user("binh", role=Role.MEMBER, at=tree.unit2, member=binh)
    assert titles(user) == {"Nghị quyết của Thành ủy", "Thông báo của phường Hai"}


def test_unit_staff_manage_their_subtree_and_read_above(unit_staff, docs):
    assert titles(unit_staff) == {
        "Nghị quyết của Thành ủy",
        "Kế hoạch của phường Một",
        "Tài liệu sinh hoạt chi bộ khu phố 1",
    }


def test_nobody_without_a_role_reads_anything(no_role, docs):
    assert titles(no_role) == set()


@pytest.mark.parametrize("name", ["document_detail", "library_file"])
def test_a_sibling_subtrees_document_is_a_404(client, member_user, docs, name):
    client.force_login(member_user)
    assert client.get(reverse(name, args=[docs["ward2"].pk])).status_code == 404
    assert not Reading.objects.exists()


def test_the_file_is_served_to_readers_only(client, tree, binh, docs):
    user = factories.user("binh", role=Role.MEMBER, at=tree.unit2, member=binh)
    client.force_login(user)
    response = client.get(reverse("library_file", args=[docs["ward2"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert Reading.objects.get(user=user, document=docs["ward2"]).times == 1


def test_stored_names_say_nothing(docs):
    name = docs["ward2"].file.name
    assert name.startswith("library/")
    # Neither the uploaded file's name nor any part of it (a two-letter fragment such as "p2" would turn
    # up in a random name now and then).
    assert "phuong" not in name.lower()
    assert "thong-bao" not in name
    assert len(name) > 30


def test_bookmark_of_a_sibling_document_is_a_404(client, member_user, docs):
    client.force_login(member_user)
    response = client.post(reverse("bookmark_toggle", args=[docs["ward2"].pk]), {"keep": "1"})
    assert response.status_code == 404
    assert not member_user.bookmarks.exists()


def test_reading_counts_each_open(client, member_user, docs):
    client.force_login(member_user)
    for _ in range(2):
        assert client.get(reverse("document_detail", args=[docs["city"].pk])).status_code == 200
    assert Reading.objects.get(user=member_user, document=docs["city"]).times == 2
