"""Editing and withdrawing a document: scope, audit, the text read again, the record kept."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sotay.audit.models import AuditEvent
from sotay.core.errors import ActionError
from sotay.library.access import documents_visible_to
from sotay.library.actions import edit_document, supersede_document, withdraw_document
from sotay.library.models import Category, Document
from sotay.library.search import search
from sotay.library.searchtext import parse_query
from tests.library.conftest import docx_bytes, make_doc, pdf_bytes, upload

FIELDS = {
    "title": "Hướng dẫn học tập nghị quyết",
    "number": "12-HD/ĐU",
    "category": Category.HUONG_DAN,
    "issued_on": datetime.date(2025, 3, 1),
    "issuer": "Đảng ủy phường Một",
    "summary": "",
}


@pytest.fixture
def doc(tree):
    return make_doc(
        tree.ward1,
        "Hướng dẫn học tập",
        number="12-HD/ĐU",
        category=Category.HUONG_DAN,
        issuer="Đảng ủy phường Một",
        upload=upload("cu.docx", docx_bytes("Nội dung cũ về phòng cháy")),
    )


def audit_rows(doc):
    return AuditEvent.objects.filter(object_type="document", object_id=str(doc.pk)).order_by("id")


def found(q):
    return search(parse_query(q), Document.objects.all(), limit=10).ids


def test_editing_changes_the_metadata_and_is_audited(doc, unit_staff):
    before = audit_rows(doc).count()
    changed, unreadable = edit_document(by=unit_staff, document=doc, **FIELDS)
    assert changed
    assert not unreadable
    doc.refresh_from_db()
    assert doc.title == "Hướng dẫn học tập nghị quyết"
    row = audit_rows(doc).last()
    assert audit_rows(doc).count() == before + 1
    assert row.action == "update"
    assert row.changes["title"] == ["Hướng dẫn học tập", "Hướng dẫn học tập nghị quyết"]
    assert found("hoc tap nghi quyet") == [doc.pk]


def test_the_same_edit_twice_changes_nothing_the_second_time(doc, unit_staff):
    edit_document(by=unit_staff, document=doc, **FIELDS)
    count = audit_rows(doc).count()
    assert edit_document(by=unit_staff, document=doc, **FIELDS) == (False, False)
    assert audit_rows(doc).count() == count


def test_replacing_the_file_reads_its_text_again(doc, unit_staff, settings):
    old_file = doc.file.name
    assert found("phong chay") == [doc.pk]
    changed, _ = edit_document(
        by=unit_staff,
        document=doc,
        **{**FIELDS, "title": doc.title},
        upload=upload("moi.pdf", pdf_bytes("Noi dung moi ve chuyen doi so")),
    )
    assert changed
    doc.refresh_from_db()
    assert doc.file_kind == "pdf"
    assert doc.file_name == "moi.pdf"
    assert "chuyen doi so" in doc.text
    assert found("phong chay") == []
    assert found("chuyen doi so") == [doc.pk]
    assert audit_rows(doc).last().changes["file"] == ["cu.docx", "moi.pdf"]
    assert doc.file.name != old_file


def test_a_bad_file_changes_nothing(doc, unit_staff):
    with pytest.raises(ActionError, match="không phải PDF"):
        edit_document(by=unit_staff, document=doc, **FIELDS, upload=upload("x.pdf", b"<script>x</script>"))
    doc.refresh_from_db()
    assert doc.title == "Hướng dẫn học tập"
    assert doc.file_name == "cu.docx"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "   ", "Hãy nhập trích yếu"),
        ("title", "x" * 501, "dài quá"),
        ("category", "khong_co", "Hãy chọn loại"),
        ("issued_on", datetime.date(2999, 1, 1), "tương lai"),
    ],
)
def test_bad_input_is_refused_with_a_message(doc, unit_staff, field, value, message):
    with pytest.raises(ActionError, match=message):
        edit_document(by=unit_staff, document=doc, **{**FIELDS, field: value})
    doc.refresh_from_db()
    assert doc.title == "Hướng dẫn học tập"


def test_only_those_who_manage_it_edit_it(doc, outsider, member_user):
    for user in (outsider, member_user, None):
        with pytest.raises(ActionError):
            edit_document(by=user, document=doc, **FIELDS)


def test_a_superseded_document_cannot_be_edited(tree, doc, unit_staff):
    new = make_doc(tree.ward1, "Hướng dẫn mới", issued_on=datetime.date(2025, 4, 1))
    supersede_document(by=unit_staff, old=doc, new=new)
    with pytest.raises(ActionError, match="đã được thay thế"):
        edit_document(by=unit_staff, document=doc, **FIELDS)


def test_withdrawing_hides_it_from_members_and_keeps_it(doc, unit_staff, member_user):
    assert doc in documents_visible_to(member_user)
    assert withdraw_document(by=unit_staff, document=doc, reason="Ban hành nhầm")
    assert not withdraw_document(by=unit_staff, document=doc, reason="Lần nữa")  # a double submit
    doc.refresh_from_db()
    assert doc.withdrawn_at
    assert doc.withdrawal_reason == "Ban hành nhầm"
    assert doc not in documents_visible_to(member_user)
    assert doc in documents_visible_to(unit_staff)  # kept for the record, shown to those who manage it
    assert audit_rows(doc).filter(action="status").count() == 1
    with pytest.raises(ActionError, match="thu hồi"):
        edit_document(by=unit_staff, document=doc, **FIELDS)


def test_a_withdrawal_needs_a_reason(doc, unit_staff):
    with pytest.raises(ActionError, match="lý do"):
        withdraw_document(by=unit_staff, document=doc, reason="  ")
    doc.refresh_from_db()
    assert doc.withdrawn_at is None


def test_a_member_gets_a_404_for_a_withdrawn_document_and_its_file(client, doc, unit_staff, member_user):
    withdraw_document(by=unit_staff, document=doc, reason="Ban hành nhầm")
    client.force_login(member_user)
    assert client.get(reverse("document_detail", args=[doc.pk])).status_code == 404
    assert client.get(reverse("library_file", args=[doc.pk])).status_code == 404
    assert doc.title not in client.get(reverse("library")).content.decode()
    client.force_login(unit_staff)
    page = client.get(reverse("document_detail", args=[doc.pk])).content.decode()
    assert "đã bị thu hồi" in page


def test_the_edit_page_saves_and_shows_messages(client, doc, unit_staff):
    client.force_login(unit_staff)
    url = reverse("document_edit", args=[doc.pk])
    assert client.get(url).status_code == 200
    data = {**FIELDS, "issued_on": "2025-03-01", "title": "<script>alert(1)</script>"}
    response = client.post(url, data, follow=True)
    assert "Đã lưu các thay đổi" in response.content.decode()
    assert "<script>alert(1)</script>" not in response.content.decode()
    doc.refresh_from_db()
    assert doc.title == "<script>alert(1)</script>"
    response = client.post(url, {**data, "issued_on": "không phải ngày"})
    assert response.status_code == 200
    doc.refresh_from_db()
    assert doc.issued_on == datetime.date(2025, 3, 1)


def test_the_edit_page_of_a_superseded_document_says_why(client, tree, doc, unit_staff):
    new = make_doc(tree.ward1, "Hướng dẫn mới", issued_on=datetime.date(2025, 4, 1))
    supersede_document(by=unit_staff, old=doc, new=new)
    client.force_login(unit_staff)
    url = reverse("document_edit", args=[doc.pk])
    assert "không sửa được" in client.get(url).content.decode()
    client.post(url, {**FIELDS, "issued_on": "2025-03-01"})
    doc.refresh_from_db()
    assert doc.title == "Hướng dẫn học tập"


def test_the_withdraw_button_without_a_reason_says_so(client, doc, unit_staff):
    client.force_login(unit_staff)
    response = client.post(reverse("document_withdraw", args=[doc.pk]), {"reason": ""}, follow=True)
    assert "Hãy ghi lý do thu hồi" in response.content.decode()
    doc.refresh_from_db()
    assert doc.withdrawn_at is None


@pytest.mark.parametrize("name", ["document_edit", "document_withdraw"])
def test_a_member_and_a_sibling_get_a_404(client, doc, member_user, outsider, name):
    for user in (member_user, outsider):
        client.force_login(user)
        assert client.post(reverse(name, args=[doc.pk]), {"reason": "x", **FIELDS}).status_code == 404
    doc.refresh_from_db()
    assert doc.withdrawn_at is None
    assert doc.title == "Hướng dẫn học tập"
