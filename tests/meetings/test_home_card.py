"""The member's home page leads with the branch's next meeting and the member's answer to it."""

from django.urls import reverse

from sotay.meetings.actions.before import answer_invitation
from tests import factories
from tests.meetings.conftest import make_meeting
from tests.queries import assert_flat


def test_home_shows_the_next_meeting_and_the_answer(client, tree, member_user, sent, no_n_plus_one):
    later = make_meeting(tree.branch1, days=9, title="Sinh hoạt chuyên đề quý", publish=True)
    first = make_meeting(tree.branch1, days=2, title="Sinh hoạt thường kỳ tháng này", publish=True)
    make_meeting(tree.branch1, days=1, title="Bản nháp chưa gửi")  # a draft is not shown
    client.force_login(member_user)

    body = client.get(reverse("home")).content.decode()
    assert "Sinh hoạt thường kỳ tháng này" in body
    assert reverse("meeting_detail", args=[first.pk]) in body
    assert later.title not in body
    assert "Bản nháp chưa gửi" not in body
    assert "chưa trả lời" in body

    answer_invitation(by=member_user, meeting=first, answer="absent", reason="Đi công tác")
    body = client.get(reverse("home")).content.decode()
    assert "vắng mặt" in body
    assert "chưa trả lời" not in body


def test_another_branch_meeting_is_not_on_the_home(client, tree, sent):
    make_meeting(tree.branch2, title="Họp chi bộ bên cạnh", publish=True)
    user = factories.user("hoa2", role="member", at=tree.branch1, member=factories.member(tree.branch1))
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert "Họp chi bộ bên cạnh" not in body
    assert "Chi bộ chưa thông báo buổi sinh hoạt tới" in body


def test_staff_without_a_member_record_get_no_meeting_card(client, tree, unit_staff, sent):
    make_meeting(tree.branch1, publish=True)
    client.force_login(unit_staff)
    body = client.get(reverse("home")).content.decode()
    assert "Buổi sinh hoạt tới" not in body


def test_home_queries_do_not_grow_with_meetings(client, tree, member_user, sent):
    client.force_login(member_user)
    make_meeting(tree.branch1, days=2, publish=True)
    assert_flat(
        client,
        reverse("home"),
        lambda: [make_meeting(tree.branch1, days=3 + i, publish=True) for i in range(3)],
        at_most=20,
    )
