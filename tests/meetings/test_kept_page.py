"""The members' copy of a meeting's agenda, comments, documents and motions (meetings/views/detail.py,
ADR 0013): read once per change, and every change through the actions shows on the next page."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from sotay.accounts.models import Role
from sotay.meetings.actions.agenda import delete_agenda_item, delete_document, move_agenda_item
from sotay.meetings.actions.attendance import mark_attendance
from sotay.meetings.actions.before import add_comment, answer_invitation, hide_comment, record_read
from sotay.meetings.actions.meetings import add_agenda_item, attach_document
from sotay.meetings.actions.votes import cast_vote, close_motion, open_motion
from sotay.meetings.models import Answer
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


def test_the_kept_agenda_carries_each_readers_own_csrf_token(member_user, other_member, meeting):
    """The agenda's HTML is kept for the branch; its comment forms must still work for whoever reads
    it, and for nobody else's session."""
    import re

    from django.test import Client

    from sotay.meetings.models import Comment
    from sotay.meetings.views import detail

    url = reverse("meeting_detail", args=[meeting.pk])
    item = meeting.agenda.get()
    tokens = {}
    for user in (member_user, other_member):  # the second reads the copy the first one rendered
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        page = client.get(url).content.decode()
        assert detail._STAND_IN not in page
        form = page[page.index(reverse("comment_add", args=[item.pk])) :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token is not None
        tokens[user.pk] = (client, token.group(1))
    for user, (client, token) in tokens.items():
        response = client.post(
            reverse("comment_add", args=[item.pk]), {"body": f"Ý kiến {user}", "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302
    assert Comment.objects.filter(item=item).count() == 2
    # A token from one reader's page is no good in another's session.
    (first_client, _), (_, second_token) = tokens[member_user.pk], tokens[other_member.pk]
    assert first_client.cookies["csrftoken"].value != tokens[other_member.pk][0].cookies["csrftoken"].value
    refused = first_client.post(
        reverse("comment_add", args=[item.pk]), {"body": "giả mạo", "csrfmiddlewaretoken": second_token}
    )
    assert refused.status_code == 403


def test_the_kept_agenda_escapes_comments_and_closes_with_the_meeting(
    client, member_user, other_member, meeting
):
    from django.utils import timezone

    from sotay.meetings.models import Meeting

    item = meeting.agenda.get()
    add_comment(by=other_member, item=item, body='<script>alert("x")</script>')
    page = _page(client, member_user, meeting)
    assert '<script>alert("x")</script>' not in page
    assert "&lt;script&gt;" in page
    assert reverse("comment_add", args=[item.pk]) in page
    # Once the meeting is over, the kept agenda has no comment form (the key says whether it is over).
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timezone.timedelta(hours=3),
        ends_at=timezone.now() - timezone.timedelta(hours=1),
    )
    assert reverse("comment_add", args=[item.pk]) not in _page(client, member_user, meeting)


def test_the_kept_copy_holds_nothing_of_its_first_reader(client, member_user, other_member, meeting):
    """The page reads the meeting with its reader's own answers (views/detail.py::meeting_for_page); the
    copy every later reader gets must not carry them, rendered or not."""
    open_motion(by=None, meeting=meeting, title="Thông qua nghị quyết tháng", secret=False, by_hands=False)
    answer_invitation(by=member_user, meeting=meeting, answer=Answer.ABSENT, reason="Nằm viện điều trị")
    cache.clear()
    _page(client, member_user, meeting)  # the first reader fills the copy
    kept = list(cache._cache.values())  # LocMemCache: each entry pickled
    assert kept, "the page kept no copy"
    assert not [v for v in kept if "Nằm viện điều trị".encode() in v or b"rsvp_reason" in v]
    assert "Nằm viện điều trị" not in _page(client, other_member, meeting)
