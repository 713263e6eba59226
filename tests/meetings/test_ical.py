"""The calendar feed (RFC 5545): a cancelled meeting stays, marked cancelled with a higher SEQUENCE."""

from django.urls import reverse

from sotay.meetings.actions.cancel import cancel_meeting
from sotay.meetings.actions.meetings import update_meeting
from sotay.meetings.models import Meeting
from tests.meetings.conftest import make_meeting


def _feed(client, member_user):
    client.force_login(member_user)
    page = client.post(reverse("calendar_page"), {"do": "renew"}).content.decode()
    path = page.split('<code class="url">')[1].split("</code>")[0].replace("http://testserver", "")
    client.logout()
    return lambda: client.get(path).content.decode()


def _event(body, uid):
    """The lines of one VEVENT, folded lines joined again."""
    unfolded = body.replace("\r\n ", "")
    for block in unfolded.split("BEGIN:VEVENT")[1:]:
        lines = block.split("END:VEVENT")[0].strip().split("\r\n")
        if f"UID:meeting-{uid}@testserver" in lines:
            return lines
    return None


def test_a_cancelled_meeting_stays_in_the_feed_marked_cancelled(client, meeting, member_user, secretary):
    read = _feed(client, member_user)
    before = _event(read(), meeting.pk)
    assert "STATUS:CONFIRMED" in before
    assert "SEQUENCE:0" in before

    cancel_meeting(by=secretary, meeting=meeting, reason="Trùng lịch họp của đảng ủy phường")

    after = _event(read(), meeting.pk)
    assert after is not None, "the cancelled meeting must stay in the feed"
    assert "STATUS:CANCELLED" in after
    assert "SEQUENCE:1" in after
    assert any(line.startswith("SUMMARY:[Đã hủy]") for line in after)
    assert "DESCRIPTION:Lý do hủy: Trùng lịch họp của đảng ủy phường" in after


def test_a_change_of_place_raises_the_sequence(client, meeting, member_user, secretary):
    read = _feed(client, member_user)
    update_meeting(by=secretary, meeting=meeting, place="Hội trường phường")
    lines = _event(read(), meeting.pk)
    assert "SEQUENCE:1" in lines
    assert "LOCATION:Hội trường phường" in lines


def test_drafts_and_meetings_cancelled_before_publishing_stay_out(
    client, tree, meeting, member_user, secretary
):
    draft = make_meeting(tree.branch1, days=6, title="Bản nháp chưa gửi")
    dropped = make_meeting(tree.branch1, days=8, title="Hủy trước khi gửi")
    cancel_meeting(by=secretary, meeting=dropped, reason="Đổi kế hoạch")
    body = _feed(client, member_user)()
    assert _event(body, meeting.pk) is not None
    assert _event(body, draft.pk) is None
    assert _event(body, dropped.pk) is None
    assert Meeting.objects.count() == 3
