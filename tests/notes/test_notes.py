"""Nobody but the author reads a note: not staff, not the audit log, not an export."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from sotay.audit.models import AuditEvent
from sotay.notes.actions import write_note
from sotay.notes.models import Note
from tests.library.conftest import make_doc
from tests.queries import assert_flat

SECRET = "Suy nghĩ riêng: cần hỏi thêm về mục 3"


@pytest.fixture
def note(member_user):
    return write_note(by=member_user, body=SECRET)


@pytest.mark.parametrize("who", ["secretary", "unit_staff", "sysadmin", "editor", "outsider"])
def test_nobody_else_opens_a_note(client, request, note, who):
    client.force_login(request.getfixturevalue(who))
    for name in ("note_edit", "note_delete"):
        assert client.post(reverse(name, args=[note.pk]), {"body": "x"}).status_code == 404
    for url in (reverse("notes"), reverse("notes_export")):
        assert SECRET not in client.get(url).content.decode()
    note.refresh_from_db()
    assert note.body == SECRET


def test_audit_rows_hold_no_note_text(client, member_user, note):
    client.force_login(member_user)
    client.post(reverse("note_edit", args=[note.pk]), {"body": SECRET + " (sửa)"})
    client.post(reverse("note_delete", args=[note.pk]))
    rows = AuditEvent.objects.filter(object_type="note")
    assert rows.count() == 3
    for row in rows:
        assert "Suy nghĩ" not in row.summary
        assert "Suy nghĩ" not in str(row.changes)


def test_the_owner_writes_on_a_document_exports_and_deletes(client, tree, member_user):
    doc = make_doc(tree.city, "Nghị quyết học tập")
    client.force_login(member_user)
    response = client.post(f"{reverse('note_new')}?van-ban={doc.pk}", {"body": "<b>Đọc kỹ</b>"})
    assert response.status_code == 302
    note = Note.objects.get(user=member_user)
    assert note.document == doc
    page = client.get(reverse("notes")).content.decode()
    assert "&lt;b&gt;Đọc kỹ&lt;/b&gt;" in page
    rows = list(csv.reader(io.StringIO(client.get(reverse("notes_export")).content.decode("utf-8-sig"))))
    assert rows[0][2:] == ["Văn bản", "Buổi sinh hoạt", "Ghi chú"]
    assert rows[1][2:] == ["Nghị quyết học tập", "", "<b>Đọc kỹ</b>"]
    client.post(reverse("note_delete", args=[note.pk]))
    assert not Note.objects.exists()


def test_a_note_cannot_point_at_a_document_the_member_does_not_read(client, tree, member_user):
    doc = make_doc(tree.ward2, "Văn bản phường Hai")
    client.force_login(member_user)
    assert client.post(f"{reverse('note_new')}?van-ban={doc.pk}", {"body": "x"}).status_code == 404
    assert client.get(f"{reverse('note_new')}?van-ban=abc").status_code == 404
    assert not Note.objects.exists()


@pytest.mark.parametrize(("body", "message"), [("   ", "trống"), ("x" * 10_001, "dài quá")])
def test_bad_notes_are_refused(client, member_user, body, message):
    client.force_login(member_user)
    response = client.post(reverse("note_new"), {"body": body})
    assert message in response.content.decode()
    assert not Note.objects.exists()


def test_notes_list_is_flat(client, tree, member_user, no_n_plus_one):
    def grow():
        for i in range(3):
            write_note(
                by=member_user,
                body=f"ghi chú {i}",
                document=make_doc(tree.city, f"Văn bản {i} {Note.objects.count()}"),
            )

    grow()
    client.force_login(member_user)
    assert_flat(client, reverse("notes"), grow, at_most=8)


def test_the_export_neutralises_formulas(client, member_user):
    client.force_login(member_user)
    client.post(reverse("note_new"), {"body": '=HYPERLINK("http://x","bấm")'})
    rows = list(csv.reader(io.StringIO(client.get(reverse("notes_export")).content.decode("utf-8-sig"))))
    assert rows[1][4] == '\'=HYPERLINK("http://x","bấm")'
