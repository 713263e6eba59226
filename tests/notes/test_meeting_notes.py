"""A note on a meeting: only on one the author sees, shown on the meeting page to its author only."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from sotay.audit.models import AuditEvent
from sotay.core.errors import ActionError
from sotay.notes.actions import KEEP, edit_note, write_note
from sotay.notes.models import Note
from tests.library.conftest import make_doc
from tests.meetings.conftest import make_meeting

SECRET = "Riêng tư: hỏi lại về kinh phí mục 2"


@pytest.fixture
def meeting(tree):
    return make_meeting(tree.branch1, title="Sinh hoạt thường kỳ tháng Mười Một", publish=True)


@pytest.fixture
def note(member_user, meeting):
    return write_note(by=member_user, body=SECRET, meeting=meeting)


def test_write_from_the_meeting_page_then_detach(client, member_user, meeting):
    client.force_login(member_user)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    new = f"{reverse('note_new')}?sinh-hoat={meeting.pk}"
    assert f'href="{new}"'.replace("&", "&amp;") in page
    form = client.get(new).content.decode()
    assert "Sinh hoạt thường kỳ tháng Mười Một" in form
    assert client.post(new, {"body": SECRET}).status_code == 302
    note = Note.objects.get(user=member_user)
    assert note.meeting == meeting
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="ghi-chu"' in page
    assert SECRET in page
    listing = client.get(reverse("notes")).content.decode()
    assert "về buổi sinh hoạt" in listing
    assert reverse("meeting_detail", args=[meeting.pk]) in listing

    client.post(reverse("note_edit", args=[note.pk]), {"body": SECRET, "bo-sinh-hoat": "1"})
    note.refresh_from_db()
    assert note.meeting is None
    assert note.body == SECRET
    assert SECRET not in client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    rows = AuditEvent.objects.filter(object_type="note")
    assert rows.count() == 2
    assert not any("Riêng tư" in f"{r.summary} {r.changes}" for r in rows)


def test_editing_the_text_keeps_the_meeting(member_user, note, meeting):
    edit_note(by=member_user, note=note, body="Đã hỏi", meeting=KEEP)
    note.refresh_from_db()
    assert (note.body, note.meeting) == ("Đã hỏi", meeting)


def test_a_sibling_branch_meeting_is_refused_and_nothing_written(client, tree, member_user):
    other = make_meeting(tree.branch2, title="Sinh hoạt chi bộ 2", publish=True)
    draft = make_meeting(tree.branch1, title="Bản nháp", days=5)
    client.force_login(member_user)
    for m in (other, draft):
        assert client.post(f"{reverse('note_new')}?sinh-hoat={m.pk}", {"body": "x"}).status_code == 404
        assert client.get(f"{reverse('note_new')}?sinh-hoat={m.pk}").status_code == 404
        with pytest.raises(ActionError, match="Không tìm thấy buổi sinh hoạt"):
            write_note(by=member_user, body="x", meeting=m)
    for raw in ("abc", "-1", "9" * 40):
        assert client.get(f"{reverse('note_new')}?sinh-hoat={raw}").status_code == 404
    assert not Note.objects.exists()
    assert not AuditEvent.objects.filter(object_type="note").exists()


def test_attaching_an_existing_note_to_a_sibling_meeting_is_refused(tree, member_user, note):
    other = make_meeting(tree.branch2, title="Sinh hoạt chi bộ 2", publish=True)
    with pytest.raises(ActionError):
        edit_note(by=member_user, note=note, body="đổi", meeting=other)
    fresh = Note.objects.get(pk=note.pk)
    assert (fresh.body, fresh.meeting_id) == (SECRET, note.meeting_id)


def test_a_note_is_on_a_document_or_a_meeting_not_both(client, tree, member_user, meeting):
    doc = make_doc(tree.city, "Nghị quyết học tập")
    with pytest.raises(ActionError, match="không gắn cả hai"):
        write_note(by=member_user, body="x", document=doc, meeting=meeting)
    client.force_login(member_user)
    response = client.post(f"{reverse('note_new')}?van-ban={doc.pk}&sinh-hoat={meeting.pk}", {"body": "x"})
    assert "không gắn cả hai" in response.content.decode()
    on_doc = write_note(by=member_user, body="x", document=doc)
    with pytest.raises(ActionError, match="không gắn cả hai"):
        edit_note(by=member_user, note=on_doc, body="x", meeting=meeting)
    assert Note.objects.get().meeting is None


@pytest.mark.parametrize("who", ["secretary", "unit_staff", "sysadmin"])
def test_the_committee_and_staff_never_see_a_members_meeting_note(client, request, note, meeting, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200
    assert SECRET not in page.content.decode()
    assert 'id="ghi-chu"' not in page.content.decode()
    for url in (reverse("notes"), reverse("notes_export")):
        assert SECRET not in client.get(url).content.decode()


def test_another_member_of_the_branch_sees_only_their_own(client, tree, note, meeting):
    from sotay.accounts.models import Role
    from tests import factories

    other = factories.user("dv2", role=Role.MEMBER, at=tree.branch1, member=factories.member(tree.branch1))
    client.force_login(other)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="ghi-chu"' in page
    assert SECRET not in page


def test_the_export_names_the_meeting(client, member_user, note):
    client.force_login(member_user)
    rows = list(csv.reader(io.StringIO(client.get(reverse("notes_export")).content.decode("utf-8-sig"))))
    assert rows[0][3] == "Buổi sinh hoạt"
    assert rows[1][3].startswith("Sinh hoạt thường kỳ tháng Mười Một (")
    assert rows[1][4] == SECRET


def test_a_double_submit_writes_one_note(member_user, meeting):
    first = write_note(by=member_user, body="Nhớ nộp đảng phí quý IV", meeting=meeting)
    assert write_note(by=member_user, body="Nhớ nộp đảng phí quý IV", meeting=meeting).pk == first.pk
    assert write_note(by=member_user, body="Nhớ nộp đảng phí quý IV").pk != first.pk  # not on the meeting
    assert Note.objects.filter(user=member_user).count() == 2
