"""Notes through the API: the author's only. Anyone else, staff included, gets a 404 and changes nothing."""

from __future__ import annotations

import csv
import io

import pytest

from sotay.audit.models import AuditEvent
from sotay.notes.actions import write_note
from sotay.notes.models import Note
from tests.api.bearer import bearer
from tests.library.conftest import make_doc

SECRET = "Suy nghĩ riêng: cần hỏi thêm về mục 3"


@pytest.mark.parametrize("who", ["secretary", "unit_staff", "city_staff", "sysadmin", "outsider"])
def test_nobody_else_opens_a_note(client, request, member_user, who):
    note = write_note(by=member_user, body=SECRET)
    other = bearer(client, request.getfixturevalue(who))
    assert other("get", f"/notes/{note.pk}").status_code == 404
    assert other("put", f"/notes/{note.pk}", {"body": "đè"}).status_code == 404
    assert other("delete", f"/notes/{note.pk}").status_code == 404
    for path in ("/notes", "/notes/export"):
        assert SECRET not in other("get", path).content.decode()
    assert Note.objects.get(pk=note.pk).body == SECRET


def test_the_owner_writes_on_a_document_edits_exports_and_deletes(client, tree, member_user):
    doc = make_doc(tree.city, "Nghị quyết học tập", number="12-NQ/TU")
    me = bearer(client, member_user)
    r = me("post", "/notes", {"body": "  <b>Đọc kỹ</b> ", "document_id": doc.pk})
    assert r.status_code == 201, r.content
    note = r.json()
    assert (note["body"], note["document"]) == (
        "<b>Đọc kỹ</b>",
        {"id": doc.pk, "number": "12-NQ/TU", "title": "Nghị quyết học tập"},
    )
    assert me("put", f"/notes/{note['id']}", {"body": "Đọc kỹ mục 3"}).json()["body"] == "Đọc kỹ mục 3"
    assert [n["id"] for n in me("get", "/notes").json()["items"]] == [note["id"]]
    r = me("get", "/notes/export")
    assert r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[1][2:] == ["12-NQ/TU Nghị quyết học tập", "", "Đọc kỹ mục 3"]
    assert me("delete", f"/notes/{note['id']}").status_code == 204
    assert me("delete", f"/notes/{note['id']}").status_code == 404
    assert not Note.objects.exists()
    rows = AuditEvent.objects.filter(object_type="note")
    assert rows.count() == 3
    assert not any("Đọc kỹ" in row.summary for row in rows)


def test_bad_notes_are_refused(client, tree, member_user):
    me = bearer(client, member_user)
    ward2_doc = make_doc(tree.ward2, "Văn bản phường Hai")
    for body, status, says in [
        ({"body": "   "}, 422, "trống"),
        ({"body": "x" * 10_001}, 422, "body"),
        ({"body": "x", "document_id": ward2_doc.pk}, 404, "Không tìm thấy"),
        ({"body": "x", "document_id": 0}, 422, "document_id"),
        ({"body": 5}, 422, "body"),
    ]:
        r = me("post", "/notes", body)
        assert r.status_code == status, (body, r.content)
        assert says in r.json()["detail"]
    assert not Note.objects.exists()
    note = write_note(by=member_user, body=SECRET)
    assert me("put", f"/notes/{note.pk}", {"body": ""}).status_code == 422
    assert Note.objects.get(pk=note.pk).body == SECRET


def test_a_note_on_a_meeting_attached_and_detached(client, tree, member_user):
    from tests.meetings.conftest import make_meeting

    meeting = make_meeting(tree.branch1, title="Sinh hoạt tháng Mười Một", publish=True)
    me = bearer(client, member_user)
    r = me("post", "/notes", {"body": "Hỏi về kinh phí", "meeting_id": meeting.pk})
    assert r.status_code == 201, r.content
    note = r.json()
    assert note["meeting"]["id"] == meeting.pk
    assert note["meeting"]["title"] == "Sinh hoạt tháng Mười Một"
    assert me("get", f"/notes/{note['id']}").json()["meeting"]["id"] == meeting.pk
    assert me("put", f"/notes/{note['id']}", {"body": "Đã hỏi"}).json()["meeting"]["id"] == meeting.pk
    assert me("put", f"/notes/{note['id']}", {"body": "Đã hỏi", "meeting_id": None}).json()["meeting"] is None
    r = me("put", f"/notes/{note['id']}", {"body": "Đã hỏi", "meeting_id": meeting.pk})
    assert r.json()["meeting"]["id"] == meeting.pk
    rows = list(csv.reader(io.StringIO(me("get", "/notes/export").content.decode("utf-8-sig"))))
    assert rows[1][3].startswith("Sinh hoạt tháng Mười Một (")


def test_a_meeting_the_caller_cannot_see_is_refused(client, tree, member_user):
    from tests.meetings.conftest import make_meeting

    other = make_meeting(tree.branch2, title="Sinh hoạt chi bộ 2", publish=True)
    draft = make_meeting(tree.branch1, title="Bản nháp", days=5)
    mine = make_meeting(tree.branch1, title="Sinh hoạt tháng sau", days=7, publish=True)
    doc = make_doc(tree.city, "Nghị quyết học tập")
    me = bearer(client, member_user)
    for body, says in [
        ({"body": "x", "meeting_id": other.pk}, "Không tìm thấy buổi sinh hoạt"),
        ({"body": "x", "meeting_id": draft.pk}, "Không tìm thấy buổi sinh hoạt"),
        ({"body": "x", "meeting_id": 2**52}, "Không tìm thấy buổi sinh hoạt"),
        ({"body": "x", "meeting_id": 0}, "meeting_id"),
        ({"body": "x", "meeting_id": other.pk, "document_id": doc.pk}, "buổi sinh hoạt"),
        ({"body": "x", "meeting_id": mine.pk, "document_id": doc.pk}, "không gắn cả hai"),
    ]:
        r = me("post", "/notes", body)
        assert r.status_code == 422, (body, r.content)
        assert says in r.json()["detail"]
    assert not Note.objects.exists()
    note = write_note(by=member_user, body=SECRET)
    r = me("put", f"/notes/{note.pk}", {"body": "đổi", "meeting_id": other.pk})
    assert r.status_code == 422
    assert "Không tìm thấy buổi sinh hoạt" in r.json()["detail"]
    fresh = Note.objects.get(pk=note.pk)
    assert (fresh.body, fresh.meeting_id) == (SECRET, None)
