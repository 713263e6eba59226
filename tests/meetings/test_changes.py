"""Cancelling a meeting, reordering and deleting agenda items and documents; files follow transactions."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import Role
from sotay.audit.models import AuditEvent
from sotay.core.errors import ActionError
from sotay.meetings import checkin, files
from sotay.meetings.actions.agenda import delete_agenda_item, delete_document, move_agenda_item
from sotay.meetings.actions.attendance import check_in
from sotay.meetings.actions.before import add_comment, answer_invitation
from sotay.meetings.actions.cancel import cancel_meeting
from sotay.meetings.actions.meetings import add_agenda_item, attach_document
from sotay.meetings.actions.minutes import finalise_minutes, save_minutes
from sotay.meetings.actions.votes import open_motion
from sotay.meetings.compliance import facts_for
from sotay.meetings.models import AgendaItem, Document, Meeting, MeetingState
from tests import factories
from tests.meetings.conftest import make_meeting, pdf


def _titles(meeting):
    return list(
        AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("title", flat=True)
    )


def _files():
    return sorted(p.name for p in files.folder().glob("*")) if files.folder().exists() else []


# --- cancel -------------------------------------------------------------------------------------------


def test_cancelling_a_published_meeting_notifies_the_invitees_with_the_reason(
    tree, meeting, secretary, member_user, sent
):
    sent.clear()
    assert cancel_meeting(by=secretary, meeting=meeting, reason="Bão số 9, mưa lớn") is True
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED
    assert meeting.cancel_reason == "Bão số 9, mưa lớn"
    [notice] = sent
    assert notice["kind"] == "meetings.cancelled"
    assert member_user.pk in notice["users"]
    assert "Bão số 9" in notice["body"]
    assert AuditEvent.objects.filter(object_type="meeting", summary__startswith="Hủy buổi").count() == 1
    # twice: nothing more
    assert cancel_meeting(by=secretary, meeting=meeting, reason="lại") is False
    assert len(sent) == 1
    assert AuditEvent.objects.filter(object_type="meeting", summary__startswith="Hủy buổi").count() == 1


def test_cancelling_a_draft_notifies_nobody_and_members_never_see_it(
    client, tree, secretary, member_user, sent
):
    draft = make_meeting(tree.branch1)
    sent.clear()
    cancel_meeting(by=secretary, meeting=draft, reason="Đổi kế hoạch")
    assert sent == []
    client.force_login(member_user)
    assert client.get(reverse("meeting_detail", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize("reason", ["", "   ", "x" * 256])
def test_cancel_needs_a_short_reason(meeting, secretary, reason):
    with pytest.raises(ActionError):
        cancel_meeting(by=secretary, meeting=meeting, reason=reason)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PUBLISHED


def test_a_cancelled_meeting_takes_no_answer_check_in_comment_or_vote(tree, meeting, secretary, member_user):
    cancel_meeting(by=secretary, meeting=meeting, reason="Hoãn")
    meeting.refresh_from_db()
    item = meeting.agenda.get()
    for attempt in (
        lambda: answer_invitation(by=member_user, meeting=meeting, answer="attending"),
        lambda: add_comment(by=member_user, item=item, body="Ý kiến"),
        lambda: check_in(by=member_user, token=checkin.make_token(meeting.pk)),
        lambda: open_motion(by=secretary, meeting=meeting, title="Nghị quyết", secret=False, by_hands=False),
        lambda: add_agenda_item(by=secretary, meeting=meeting, title="Thêm"),
    ):
        with pytest.raises(ActionError, match="đã bị hủy"):
            attempt()
    assert not meeting.rsvps.exists()
    assert not meeting.attendance.exists()
    assert not meeting.motions.exists()


def test_a_cancelled_meeting_is_not_the_months_regular_meeting(tree, meeting, secretary):
    now = timezone.now()
    assert [f.id for f in facts_for([tree.branch1.pk], now=now)[tree.branch1.pk]] == [meeting.pk]
    cancel_meeting(by=secretary, meeting=meeting, reason="Hoãn")
    assert facts_for([tree.branch1.pk], now=now)[tree.branch1.pk] == []


def test_member_sees_the_cancelled_meeting_marked_as_cancelled(client, meeting, secretary, member_user):
    cancel_meeting(by=secretary, meeting=meeting, reason="Trùng lịch của phường")
    client.force_login(member_user)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "đã bị hủy" in page
    assert "Trùng lịch của phường" in page
    assert "Tôi tham dự" not in page


def test_cancel_view_double_submit_and_outsider(client, tree, meeting, secretary, sent):
    client.force_login(secretary)
    url = reverse("meeting_cancel", args=[meeting.pk])
    assert client.post(url, {"reason": ""}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.PUBLISHED
    sent.clear()
    client.post(url, {"reason": "<script>alert(1)</script>"})
    client.post(url, {"reason": "<script>alert(1)</script>"})
    assert len(sent) == 1
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "<script>alert(1)" not in page
    other = factories.user("bithu2", role=Role.BRANCH_SECRETARY, at=tree.branch2)
    second = make_meeting(tree.branch1, days=5, publish=True)
    client.force_login(other)
    assert client.post(reverse("meeting_cancel", args=[second.pk]), {"reason": "x"}).status_code == 404
    assert Meeting.objects.get(pk=second.pk).state == MeetingState.PUBLISHED


# --- agenda and documents -----------------------------------------------------------------------------


def test_move_agenda_items_up_and_down(tree, secretary):
    meeting = make_meeting(tree.branch1)
    add_agenda_item(by=secretary, meeting=meeting, title="Hai")
    third = add_agenda_item(by=secretary, meeting=meeting, title="Ba")
    assert move_agenda_item(by=secretary, item=third, direction="up") is True
    assert _titles(meeting) == ["Đánh giá tình hình tháng", "Ba", "Hai"]
    first = meeting.agenda.get(title="Đánh giá tình hình tháng")
    assert move_agenda_item(by=secretary, item=first, direction="up") is False  # already first
    assert move_agenda_item(by=secretary, item=first, direction="down") is True
    assert _titles(meeting) == ["Ba", "Đánh giá tình hình tháng", "Hai"]
    assert list(meeting.agenda.order_by("position").values_list("position", flat=True)) == [1, 2, 3]
    with pytest.raises(ActionError):
        move_agenda_item(by=secretary, item=first, direction="sideways")
    assert AuditEvent.objects.filter(object_type="agenda_item", action="update").count() == 2


def test_delete_agenda_item_renumbers_and_a_second_delete_does_nothing(tree, meeting, secretary, member_user):
    second = add_agenda_item(by=secretary, meeting=meeting, title="Hai")
    add_agenda_item(by=secretary, meeting=meeting, title="Ba")
    add_comment(by=member_user, item=second, body="Ý kiến")
    assert delete_agenda_item(by=secretary, item=second) is True
    assert delete_agenda_item(by=secretary, item=second) is False
    assert _titles(meeting) == ["Đánh giá tình hình tháng", "Ba"]
    assert list(meeting.agenda.order_by("position").values_list("position", flat=True)) == [1, 2]
    assert AuditEvent.objects.filter(object_type="agenda_item", action="delete").count() == 1


def _finalised(meeting, secretary):
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=2),
    )
    meeting.refresh_from_db()
    save_minutes(by=secretary, meeting=meeting, content="Diễn biến", conclusions="Kết luận")
    finalise_minutes(by=secretary, meeting=meeting)


def test_after_finalised_minutes_agenda_and_documents_stay(tree, meeting, secretary):
    doc = attach_document(by=secretary, meeting=meeting, title="Báo cáo", upload=pdf())
    _finalised(meeting, secretary)
    item = meeting.agenda.get()
    for attempt in (
        lambda: delete_agenda_item(by=secretary, item=item),
        lambda: move_agenda_item(by=secretary, item=item, direction="down"),
        lambda: delete_document(by=secretary, document=doc),
    ):
        with pytest.raises(ActionError, match="Biên bản đã hoàn tất"):
            attempt()
    assert Document.objects.filter(pk=doc.pk).exists()
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    with pytest.raises(ActionError):
        cancel_meeting(by=secretary, meeting=meeting, reason="Muộn")


def test_sibling_secretary_cannot_change_the_agenda_or_documents(client, tree, meeting, secretary):
    doc = attach_document(by=secretary, meeting=meeting, title="Báo cáo", upload=pdf())
    item = meeting.agenda.get()
    add_agenda_item(by=secretary, meeting=meeting, title="Hai")
    other = factories.user("bithu2", role=Role.BRANCH_SECRETARY, at=tree.branch2)
    with pytest.raises(ActionError):
        delete_document(by=other, document=doc)
    client.force_login(other)
    assert client.post(reverse("agenda_move", args=[item.pk]), {"direction": "down"}).status_code == 404
    assert client.post(reverse("agenda_delete", args=[item.pk])).status_code == 404
    assert client.post(reverse("document_delete", args=[doc.pk])).status_code == 404
    assert _titles(meeting) == ["Đánh giá tình hình tháng", "Hai"]
    assert Document.objects.filter(pk=doc.pk).exists()


def test_reorder_works_without_js_and_with_htmx(client, tree, meeting, secretary):
    second = add_agenda_item(by=secretary, meeting=meeting, title="Hai")
    client.force_login(secretary)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert reverse("agenda_move", args=[second.pk]) in page
    response = client.post(reverse("agenda_move", args=[second.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith("#noi-dung")
    assert _titles(meeting) == ["Hai", "Đánh giá tình hình tháng"]
    response = client.post(
        reverse("agenda_move", args=[second.pk]),
        {"direction": "down"},
        headers={"HX-Request": "true"},
        follow=True,
    )
    assert response.status_code == 200
    assert 'id="chuong-trinh"' in response.content.decode()
    assert _titles(meeting) == ["Đánh giá tình hình tháng", "Hai"]


def _messages_region(page: str) -> str:
    """The page's message region (base.html), which htmx swaps out of band."""
    return page.split('<div id="tin-nhan" role="status">')[1].split("</div>")[0]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain-form", "htmx"])
def test_a_refused_reorder_shows_its_message_on_both_paths(client, tree, meeting, secretary, htmx):
    second = add_agenda_item(by=secretary, meeting=meeting, title="Hai")
    client.force_login(secretary)
    stale = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    # The agenda's htmx form also takes the message region from the response (hx-select-oob).
    assert 'hx-select="#chuong-trinh" hx-select-oob="#tin-nhan"' in stale
    _finalised(meeting, secretary)
    response = client.post(
        reverse("agenda_move", args=[second.pk]),
        {"direction": "up"},
        headers={"HX-Request": "true"} if htmx else {},
        follow=True,
    )
    assert response.status_code == 200
    assert "Biên bản đã hoàn tất" in _messages_region(response.content.decode())
    assert _titles(meeting) == ["Đánh giá tình hình tháng", "Hai"]


# --- files follow the transaction ---------------------------------------------------------------------


def test_a_document_whose_transaction_rolls_back_leaves_no_file(tree, meeting, secretary, monkeypatch):
    from sotay.meetings.actions import meetings as actions

    def broken_audit(**kwargs):
        raise RuntimeError("the audit row could not be written")

    monkeypatch.setattr(actions, "audit", broken_audit)
    with pytest.raises(RuntimeError):
        attach_document(by=secretary, meeting=meeting, title="Báo cáo", upload=pdf())
    assert _files() == []
    assert not Document.objects.exists()


def test_an_outer_rollback_removes_the_file_too(tree, meeting, secretary):
    stored = []

    def attach_then_fail():
        with transaction.atomic():
            attach_document(by=secretary, meeting=meeting, title="Báo cáo", upload=pdf())
            stored.extend(_files())
            raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        attach_then_fail()
    assert len(stored) == 1
    assert _files() == []


def test_a_committed_document_keeps_its_file_and_deleting_it_removes_the_file_after_commit(
    tree, meeting, secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        doc = attach_document(by=secretary, meeting=meeting, title="Báo cáo", upload=pdf())
    assert _files() == [doc.stored_name]
    with django_capture_on_commit_callbacks(execute=False) as pending:
        delete_document(by=secretary, document=doc)
    assert _files() == [doc.stored_name]  # not before the commit
    for callback in pending:
        callback()
    assert _files() == []
    assert AuditEvent.objects.filter(object_type="meeting_document", action="delete").count() == 1
