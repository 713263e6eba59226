"""Publishing: scope, files checked by content, bad input refused with a message and nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sotay.audit.models import AuditEvent
from sotay.core.errors import ActionError
from sotay.library.actions import bookmark_document, publish_document, supersede_document
from sotay.library.models import Category, Document
from tests.library.conftest import docx_bytes, make_doc, pdf_bytes, upload
from tests.races import at_once, postgresql_only

TODAY = datetime.date(2025, 5, 1)


def publish(by, org, **extra):
    fields = {"title": "Hướng dẫn học tập", "category": Category.HUONG_DAN, "issued_on": TODAY}
    fields["issuer"] = "Ban Tuyên giáo"
    fields.update(extra)
    return publish_document(by=by, issued_at=org, **fields)


def test_an_editor_publishes_in_their_subtree_only(tree, editor, outsider):
    doc, unreadable = publish(editor, tree.ward1)
    assert doc.pk
    assert not unreadable
    assert AuditEvent.objects.filter(object_type="document", object_id=str(doc.pk)).count() == 1
    with pytest.raises(ActionError):
        publish(outsider, tree.ward1, title="Khác")  # ward 2's staff in ward 1


def test_a_member_cannot_publish(tree, member_user):
    with pytest.raises(ActionError):
        publish(member_user, tree.branch1)
    assert not Document.objects.exists()


def test_a_double_submit_publishes_once(tree, unit_staff):
    publish(unit_staff, tree.ward1, number="12-HD/BTG")
    with pytest.raises(ActionError, match="đã có"):
        publish(unit_staff, tree.ward1, number="12-HD/BTG")
    assert Document.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_identical_documents_sent_together_publish_once(tree, unit_staff):
    postgresql_only()
    first, second = at_once(
        lambda: publish(unit_staff, tree.ward1, number="12-HD/BTG"),
        lambda: publish(unit_staff, tree.ward1, number="12-HD/BTG"),
    )
    assert isinstance(first, tuple)  # published
    assert isinstance(second, ActionError)  # refused, once the first one committed
    assert Document.objects.count() == 1


def test_pdf_text_is_extracted_and_searchable(tree, unit_staff):
    doc, unreadable = publish(
        unit_staff, tree.ward1, upload=upload("a.pdf", pdf_bytes("Phong chong tham nhung"))
    )
    assert not unreadable
    assert "Phong chong tham nhung" in doc.text
    assert "phong chong tham nhung" in doc.search_body


def test_docx_text_is_extracted(tree, unit_staff):
    doc, _ = publish(unit_staff, tree.ward1, upload=upload("a.docx", docx_bytes("Chuyển đổi số\nCải cách")))
    assert doc.file_kind == "docx"
    assert "Chuyển đổi số" in doc.text
    assert "chuyen doi so" in doc.search_body


def test_an_image_only_pdf_is_accepted_with_a_warning(tree, unit_staff):
    doc, unreadable = publish(unit_staff, tree.ward1, upload=upload("scan.pdf", pdf_bytes(None)))
    assert unreadable
    assert doc.text_unreadable
    assert doc.text == ""


def test_an_encrypted_pdf_is_accepted_with_a_warning(tree, unit_staff):
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes("Mat"))))
    writer.encrypt("mat-khau", algorithm="RC4-40")
    out = io.BytesIO()
    writer.write(out)
    doc, unreadable = publish(unit_staff, tree.ward1, upload=upload("mat.pdf", out.getvalue()))
    assert unreadable
    assert doc.text == ""


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.pdf", b"", "trống"),
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "không phải PDF"),
        ("fake.docx", b"PK\x03\x04 not a zip", "không phải PDF"),
        ("broken.pdf", b"%PDF-1.7\n garbage", "hỏng"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "không phải PDF"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(tree, unit_staff, name, data, message):
    with pytest.raises(ActionError, match=message):
        publish(unit_staff, tree.ward1, upload=upload(name, data))
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused(tree, unit_staff, settings):
    settings.SOTAY_LIBRARY_MAX_FILE_MB = 1
    with pytest.raises(ActionError, match="quá lớn"):
        publish(unit_staff, tree.ward1, upload=upload("big.pdf", b"%PDF-" + b"0" * (1024 * 1024)))


def test_supersede_links_old_to_new_and_refuses_cycles(tree, unit_staff, outsider):
    old = make_doc(tree.ward1, "Quy chế cũ")
    new = make_doc(tree.ward1, "Quy chế mới")
    supersede_document(by=unit_staff, old=old, new=new)
    old.refresh_from_db()
    assert old.superseded_by == new
    with pytest.raises(ActionError):
        supersede_document(by=unit_staff, old=new, new=old)
    with pytest.raises(ActionError):
        supersede_document(by=outsider, old=new, new=make_doc(tree.ward1, "Khác"))


def test_bookmark_twice_keeps_one(tree, member_user):
    doc = make_doc(tree.city, "Nghị quyết")
    assert bookmark_document(by=member_user, document=doc, keep=True)
    assert not bookmark_document(by=member_user, document=doc, keep=True)
    assert member_user.bookmarks.count() == 1
    assert bookmark_document(by=member_user, document=doc, keep=False)
    assert not member_user.bookmarks.exists()


def test_the_form_shows_html_as_text_and_explains_bad_files(client, tree, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("document_new"),
        {
            "issued_at": tree.ward1.pk,
            "category": Category.THONG_BAO,
            "title": "<script>alert(1)</script>",
            "issued_on": "2025-05-01",
            "issuer": "Đảng ủy",
            "file": upload("x.pdf", b"MZ not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "không phải PDF" in response.content.decode()
    assert not Document.objects.exists()
    response = client.post(
        reverse("document_new"),
        {
            "issued_at": tree.ward1.pk,
            "category": Category.THONG_BAO,
            "title": "<script>alert(1)</script>",
            "issued_on": "2025-05-01",
            "issuer": "Đảng ủy",
        },
        follow=True,
    )
    body = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body


def test_the_form_refuses_an_org_outside_the_scope(client, tree, unit_staff):
    client.force_login(unit_staff)
    response = client.post(
        reverse("document_new"),
        {
            "issued_at": tree.ward2.pk,
            "category": "thong_bao",
            "title": "X",
            "issued_on": "2025-05-01",
            "issuer": "Y",
        },
    )
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_a_publication_that_rolls_back_leaves_no_file(tree, unit_staff, settings, monkeypatch):
    from pathlib import Path

    from sotay.library.actions import publishing

    def broken_record(**kwargs):
        raise RuntimeError("the audit row could not be written")

    monkeypatch.setattr(publishing, "record", broken_record)
    with pytest.raises(RuntimeError):
        publish(unit_staff, tree.ward1, upload=upload("a.pdf", pdf_bytes("Mat")))
    assert not Document.objects.exists()
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == []
