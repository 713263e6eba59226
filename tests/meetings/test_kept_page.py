"""The members' copy of a meeting's agenda, comments, documents and motions (meetings/views/detail.py,
ADR 0013): read once per change, and every change through the actions shows on the next page."""

import pytest
from django.urls import reverse

from sotay.accounts.models import Role
from sotay.meetings.actions.agenda import delete_agenda_item, delete_document, move_agenda_item
from sotay.meetings.actions.attendance import mark_attendance
from sotay.meetings.actions.before import add_comment, hide_comment, record_read
from sotay.meetings.actions.meetings import add_agenda_item, attach_document
from sotay.meetings.actions.votes import cast_vote, close_motion, open_motion
from tests import factories
from tests.meetings.conftest import make_meeting, pdf
from tests.queries import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_member(tree):
    return factories.user("dv-khac", role=Role.MEMBER, at=tree.branch1, member=factories.member(tree.branch1))


def _page(client, user, meeting) -> str:
    client.force_login(user)
    return client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()


def test_the_second_member_reads_the_kept_copy(client, member_user, other_member, meeting):
    url = reverse("meeting_detail", args=[meeting.pk])
    client.force_login(member_user)
    first = page_queries(client, url)
    client.force_login(other_member)
    # Agenda, latest comments, documents and motions come from the copy: four queries fewer.
    assert page_queries(client, url) == first - 4


def test_each_change_shows_on_the_next_members_page(
    client, tree, secretary, member_user, other_member, meeting
):
    item = meeting.agenda.get()
    assert "Đánh giá tình hình tháng" in _page(client, member_user, meeting)

    comment = add_comment(by=other_member, item=item, body="Ý kiến về tình hình")
    assert "Ý kiến về tình hình" in _page(client, member_user, meeting)
    hide_comment(by=secretary, comment=comment, reason="Không đúng nội dung")
    assert "Ý kiến về tình hình" not in _page(client, member_user, meeting)
    assert "Ý kiến về tình hình" in _page(client, secretary, meeting)  # the secretary still sees it

    second = add_agenda_item(by=secretary, meeting=meeting, title="Phương hướng tháng tới")
    page = _page(client, member_user, meeting)
    assert page.index("Đánh giá tình hình tháng") < page.index("Phương hướng tháng tới")
    assert move_agenda_item(by=secretary, item=second, direction="up")
    page = _page(client, member_user, meeting)
    assert page.index("Phương hướng tháng tới") < page.index("Đánh giá tình hình tháng")
    assert delete_agenda_item(by=secretary, item=second)
    assert "Phương hướng tháng tới" not in _page(client, member_user, meeting)

    document = attach_document(by=secretary, meeting=meeting, title="Dự thảo nghị quyết", upload=pdf())
    page = _page(client, member_user, meeting)
    assert "Dự thảo nghị quyết" in page
    assert "chưa mở" in page
    assert record_read(by=member_user, document=document)
    assert "đã mở" in _page(client, member_user, meeting)  # the member's own reading is never kept
    assert "chưa mở" in _page(client, other_member, meeting)
    assert delete_document(by=secretary, document=document)
    assert "Dự thảo nghị quyết" not in _page(client, member_user, meeting)

    motion = open_motion(
        by=secretary, meeting=meeting, title="Kết nạp đảng viên", secret=False, by_hands=False
    )
    assert "Kết nạp đảng viên" in _page(client, member_user, meeting)
    mark_attendance(by=None, meeting=meeting, member=member_user.member, presence="present")
    assert cast_vote(by=member_user, motion=motion, choice="for")
    assert "Đồng chí đã biểu quyết" in _page(client, member_user, meeting)
    assert "Đồng chí đã biểu quyết" not in _page(client, other_member, meeting)
    close_motion(by=secretary, motion=motion)
    assert "Kết quả: <strong>1</strong> tán thành" in _page(client, member_user, meeting)


def test_two_meetings_never_share_a_copy(client, tree, member_user, meeting):
    other = make_meeting(tree.branch1, days=10, publish=True, title="Sinh hoạt chuyên đề")
    add_agenda_item(by=None, meeting=other, title="Học tập chuyên đề Bác Hồ")
    assert "Học tập chuyên đề Bác Hồ" not in _page(client, member_user, meeting)
    assert "Học tập chuyên đề Bác Hồ" in _page(client, member_user, other)
