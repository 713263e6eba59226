"""Documents, comments, answers, attendance, check-in, votes, minutes."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sotay.accounts.models import Role
from sotay.audit.models import AuditEvent
from sotay.core.errors import ActionError
from sotay.meetings import checkin
from sotay.meetings.actions.attendance import check_in, mark_attendance, tally
from sotay.meetings.actions.before import add_comment, answer_invitation, hide_comment
from sotay.meetings.actions.meetings import attach_document
from sotay.meetings.actions.minutes import amend_minutes, finalise_minutes, save_minutes
from sotay.meetings.actions.votes import cast_vote, close_motion, open_motion
from sotay.meetings.models import Attendance, Ballot, Document, Meeting, Presence
from sotay.members.models import MemberStatus
from tests import factories
from tests.meetings.conftest import PDF, pdf


def _started(meeting):
    """Move the meeting to now (the tests run "during" it)."""
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - datetime.timedelta(minutes=10), ends_at=now + datetime.timedelta(minutes=50)
    )
    meeting.refresh_from_db()
    return meeting


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("rong.pdf", b"", "rỗng"),
        ("gia.pdf", b"MZ\x90\x00 not a pdf", "Chỉ nhận"),
        ("script.pdf", b"<script>alert(1)</script>", "Chỉ nhận"),
        ("fake.docx", b"PK\x03\x04garbage", "Chỉ nhận"),
    ],
)
def test_document_type_is_checked_by_content(meeting, secretary, name, data, message):
    with pytest.raises(ActionError) as e:
        attach_document(by=secretary, meeting=meeting, title="", upload=SimpleUploadedFile(name, data))
    assert message in str(e.value)
    assert not Document.objects.exists()


def test_document_size_limit_is_a_setting(meeting, secretary, settings):
    settings.SOTAY_MEETING_FILE_MAX_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ActionError) as e:
        attach_document(by=secretary, meeting=meeting, title="", upload=pdf(data=big))
    assert "quá lớn" in str(e.value)


def test_document_is_stored_under_a_random_name_outside_media(meeting, secretary, settings):
    doc = attach_document(by=secretary, meeting=meeting, title="Nghị quyết", upload=pdf("nghi-quyet.pdf"))
    assert doc.content_type == "application/pdf"
    assert doc.original_name == "nghi-quyet.pdf"
    assert "nghi" not in doc.stored_name
    assert len(doc.stored_name) > 30
    assert (settings.SOTAY_MEETING_FILES_DIR / doc.stored_name).read_bytes() == PDF
    assert not str(settings.SOTAY_MEETING_FILES_DIR).startswith(str(settings.MEDIA_ROOT))


def test_docx_and_xlsx_are_recognised_by_their_parts(meeting, secretary, tmp_path):
    import io
    import zipfile

    for part, kind in (("word/document.xml", "wordprocessingml"), ("xl/workbook.xml", "spreadsheetml")):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr(part, "<x/>")
        doc = attach_document(
            by=secretary, meeting=meeting, title=part, upload=SimpleUploadedFile("a.bin", buffer.getvalue())
        )
        assert kind in doc.content_type


def test_member_comments_and_the_committee_hides_with_a_reason(meeting, member_user, secretary):
    item = meeting.agenda.get()
    comment = add_comment(by=member_user, item=item, body="  Đề nghị bổ sung <b>số liệu</b>  ")
    assert comment.body == "Đề nghị bổ sung <b>số liệu</b>"
    with pytest.raises(ActionError):
        hide_comment(by=secretary, comment=comment, reason=" ")
    with pytest.raises(ActionError):
        hide_comment(by=member_user, comment=comment, reason="Không phù hợp")
    hide_comment(by=secretary, comment=comment, reason="Trùng lặp")
    comment.refresh_from_db()
    assert comment.hidden_reason == "Trùng lặp"
    assert comment.hidden_by == secretary
    assert (
        AuditEvent.objects.filter(object_type="meeting_comment", summary__contains="Ẩn ý kiến").count() == 1
    )


def test_empty_or_huge_comment_is_refused(meeting, member_user):
    item = meeting.agenda.get()
    for body in ("", "x" * 2001):
        with pytest.raises(ActionError):
            add_comment(by=member_user, item=item, body=body)


def test_answer_absent_needs_a_reason(meeting, member_user):
    with pytest.raises(ActionError):
        answer_invitation(by=member_user, meeting=meeting, answer="absent")
    answer_invitation(by=member_user, meeting=meeting, answer="absent", reason="Đi công tác")
    rsvp = answer_invitation(by=member_user, meeting=meeting, answer="attending")
    assert rsvp.answer == "attending"
    assert rsvp.reason == ""


def test_member_of_another_branch_cannot_answer(meeting, tree):
    lan = factories.member(tree.branch2, full_name="Lê Thị Lan")
    user = factories.user("lan", role=Role.MEMBER, at=tree.branch2, member=lan)
    with pytest.raises(ActionError):
        answer_invitation(by=user, meeting=meeting, answer="attending")


def test_qr_check_in_once_and_only_with_a_fresh_token_of_own_branch(meeting, member_user, tree):
    meeting = _started(meeting)
    token = checkin.make_token(meeting.pk)
    assert check_in(by=member_user, token=token) == (meeting, True)
    assert check_in(by=member_user, token=token) == (meeting, False)
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    old = checkin.make_token(meeting.pk, now=timezone.now().timestamp() - 180)
    with pytest.raises(ActionError, match="hết hạn"):
        check_in(by=member_user, token=old)
    with pytest.raises(ActionError, match="hết hạn"):
        check_in(by=member_user, token=token + "x")
    lan = factories.member(tree.branch2, full_name="Lê Thị Lan")
    lan_user = factories.user("lan", role=Role.MEMBER, at=tree.branch2, member=lan)
    with pytest.raises(ActionError, match="không dành cho chi bộ"):
        check_in(by=lan_user, token=token)
    assert Attendance.objects.count() == 1


def test_previous_window_token_is_still_accepted(meeting, member_user):
    previous = checkin.make_token(meeting.pk, now=timezone.now().timestamp() - 60)
    assert check_in(by=member_user, token=previous)[1] is True


def test_tally_counts_official_and_probationary_apart(meeting, member_user, secretary, tree, settings):
    probationary = factories.member(
        tree.branch1, full_name="Võ Thị Dự", gender="Nữ", status=MemberStatus.DU_BI
    )
    mark_attendance(by=secretary, meeting=meeting, member=probationary, presence=Presence.PRESENT)
    mark_attendance(by=secretary, meeting=meeting, member=member_user.member, presence=Presence.EXCUSED)
    t = tally(meeting)
    assert (t.expected_official, t.expected_probationary, t.present_official, t.present_probationary) == (
        1,
        1,
        0,
        1,
    )
    assert not t.quorum  # 1 of 2 is not more than half
    settings.SOTAY_MEETING_QUORUM_PERCENT = 40
    assert tally(meeting).quorum


def test_secretary_cannot_mark_a_member_of_another_branch(meeting, secretary, tree):
    lan = factories.member(tree.branch2, full_name="Lê Thị Lan")
    with pytest.raises(ActionError):
        mark_attendance(by=secretary, meeting=meeting, member=lan, presence=Presence.PRESENT)


def test_vote_once_present_members_only_and_secret_keeps_no_choice(meeting, member_user, secretary):
    motion = open_motion(
        by=secretary, meeting=meeting, title="Thông qua nghị quyết tháng", secret=True, by_hands=False
    )
    with pytest.raises(ActionError, match="có mặt"):
        cast_vote(by=member_user, motion=motion, choice="for")
    mark_attendance(by=secretary, meeting=meeting, member=member_user.member, presence=Presence.PRESENT)
    assert cast_vote(by=member_user, motion=motion, choice="for") is True
    assert cast_vote(by=member_user, motion=motion, choice="against") is False
    assert Ballot.objects.get().choice == ""
    motion = close_motion(by=secretary, motion=motion)
    assert (motion.votes_for, motion.votes_against, motion.present) == (1, 0, 1)
    with pytest.raises(ActionError):
        cast_vote(by=member_user, motion=motion, choice="for")


def test_show_of_hands_tally_cannot_exceed_present(meeting, secretary, member_user):
    mark_attendance(by=secretary, meeting=meeting, member=member_user.member, presence=Presence.PRESENT)
    motion = open_motion(by=secretary, meeting=meeting, title="Kết nạp", secret=False, by_hands=True)
    with pytest.raises(ActionError, match="vượt"):
        close_motion(by=secretary, motion=motion, votes_for=2, votes_against=0, votes_abstain=0)
    with pytest.raises(ActionError):
        cast_vote(by=member_user, motion=motion, choice="for")
    motion = close_motion(by=secretary, motion=motion, votes_for=1, votes_against=0, votes_abstain=0)
    assert motion.votes_for == 1
    assert not motion.is_open


def test_finalised_minutes_change_only_by_amendment(meeting, secretary, sent, member_user):
    meeting = _started(meeting)
    with pytest.raises(ActionError):
        finalise_minutes(by=secretary, meeting=meeting)
    save_minutes(by=secretary, meeting=meeting, content="Diễn biến", conclusions="Kết luận")
    finalise_minutes(by=secretary, meeting=meeting)
    assert sent[-1]["kind"] == "meetings.minutes"
    assert sent[-1]["users"] == [member_user.pk]
    with pytest.raises(ActionError, match="đính chính"):
        save_minutes(by=secretary, meeting=meeting, content="Sửa lén", conclusions="")
    with pytest.raises(ActionError):
        amend_minutes(by=secretary, meeting=meeting, field="conclusions", text="Kết luận mới", reason="")
    amend_minutes(
        by=secretary, meeting=meeting, field="conclusions", text="Kết luận mới", reason="Sai chính tả"
    )
    meeting.minutes.refresh_from_db()
    assert meeting.minutes.conclusions == "Kết luận mới"
    assert meeting.minutes.amendments.get().before == "Kết luận"


def test_minutes_of_a_future_meeting_are_refused(meeting, secretary):
    with pytest.raises(ActionError):
        save_minutes(by=secretary, meeting=meeting, content="x", conclusions="")


def test_probationary_members_do_not_vote_and_are_not_counted(meeting, secretary, member_user, tree):
    probationary = factories.member(
        tree.branch1, full_name="Võ Thị Dự", gender="Nữ", status=MemberStatus.DU_BI
    )
    user = factories.user("du", role=Role.MEMBER, at=tree.branch1, member=probationary)
    for m in (probationary, member_user.member):
        mark_attendance(by=secretary, meeting=meeting, member=m, presence=Presence.PRESENT)
    motion = open_motion(by=secretary, meeting=meeting, title="Nghị quyết", secret=False, by_hands=False)
    with pytest.raises(ActionError, match="dự bị"):
        cast_vote(by=user, motion=motion, choice="for")
    assert close_motion(by=secretary, motion=motion).present == 1


def test_a_past_meetings_title_can_still_be_corrected(meeting, secretary):
    from sotay.meetings.actions.meetings import update_meeting

    meeting = _started(meeting)
    update_meeting(by=secretary, meeting=meeting, title="Chủ đề đã sửa")
    meeting.refresh_from_db()
    assert meeting.title == "Chủ đề đã sửa"
    with pytest.raises(ActionError, match="quá khứ"):
        update_meeting(
            by=secretary, meeting=meeting, starts_at=meeting.starts_at - datetime.timedelta(hours=1)
        )
