"""The meeting page and the branch's list run a bounded number of queries, whatever the branch's size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import Role
from sotay.meetings.actions.attendance import mark_attendance
from sotay.meetings.actions.before import add_comment, answer_invitation, record_read
from sotay.meetings.actions.meetings import add_agenda_item, attach_document
from sotay.meetings.models import Answer, Meeting, Presence
from tests import factories
from tests.meetings.conftest import make_meeting, pdf
from tests.queries import assert_flat, page_queries

pytestmark = pytest.mark.usefixtures("no_n_plus_one")
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lan", "Mai", "Nam", "Phúc"]


def name(i):
    return f"{SURNAMES[i % 8]} Văn {GIVEN[(i // 8) % 10]} {GIVEN[i % 10]}"


def _grow_meeting(tree, meeting, *, members=60, documents=10, comments=100):
    def grow():
        people = [factories.member(tree.branch1, full_name=name(i)) for i in range(members)]
        users = [
            factories.user(f"dv{i}", role=Role.MEMBER, at=tree.branch1, member=m)
            for i, m in enumerate(people[:10])
        ]
        items = [add_agenda_item(by=None, meeting=meeting, title=f"Nội dung {i}") for i in range(4)]
        docs = [
            attach_document(by=None, meeting=meeting, title=f"Tài liệu {i}", upload=pdf())
            for i in range(documents)
        ]
        for i in range(comments):
            add_comment(by=users[i % 10], item=items[i % 4], body=f"Ý kiến {i}")
        for d in docs:
            for u in users:
                record_read(by=u, document=d)
        for m in people[:30]:
            mark_attendance(by=None, meeting=meeting, member=m, presence="present")

    return grow


def test_meeting_page_for_the_secretary(client, tree, secretary, member_user, meeting):
    client.force_login(secretary)
    assert_flat(
        client, reverse("meeting_detail", args=[meeting.pk]), _grow_meeting(tree, meeting), at_most=30
    )


# Session; the account with its member record and the unread count; the meeting with the minutes' state
# and the member's answer, attendance, reads and ballots; roles; agenda, comments, documents, motions; the
# member's own notes on the meeting (issue 12). The agenda, comments, documents and motions come from the
# members' kept copy once it is read (test_kept_page.py): four fewer then.
MEMBER_PAGE_QUERIES = 9


def test_meeting_page_for_a_member(client, tree, member_user, meeting):
    client.force_login(member_user)
    url = reverse("meeting_detail", args=[meeting.pk])
    assert_flat(client, url, _grow_meeting(tree, meeting), at_most=MEMBER_PAGE_QUERIES)


def test_meeting_page_with_60_members_10_documents_100_comments(client, tree, secretary, meeting):
    _grow_meeting(tree, meeting)()
    client.force_login(secretary)
    assert meeting.agenda.count() == 5
    assert meeting.documents.count() == 10
    n = page_queries(client, reverse("meeting_detail", args=[meeting.pk]))
    assert n <= 16


def test_branch_list(client, tree, secretary, sent):
    make_meeting(tree.branch1, publish=True)
    client.force_login(secretary)

    def grow():
        for days in (10, 20, 30):
            m = make_meeting(tree.branch1, days=days, publish=True)
            for i in range(3):
                mark_attendance(
                    by=None,
                    meeting=m,
                    member=factories.member(tree.branch1, full_name=name(days + i)),
                    presence="present",
                )

    assert_flat(client, reverse("branch_meetings", args=[tree.branch1.pk]), grow, at_most=15)


def test_meetings_home_for_unit_staff(client, tree, unit_staff, sent):
    client.force_login(unit_staff)

    def grow():
        from sotay.orgs.models import OrgType

        for i in range(3):
            branch = factories.org(f"79.P1.U1.B{i + 5}", OrgType.CHI_BO, tree.unit1)
            make_meeting(branch, publish=True)

    assert_flat(client, reverse("meeting_home"), grow, at_most=12)


def test_attendance_list(client, tree, secretary, meeting):
    client.force_login(secretary)
    url = reverse("attendance_list", args=[meeting.pk])

    def grow():
        for i in range(8):
            m = factories.member(tree.branch1, full_name=name(i))
            mark_attendance(by=None, meeting=meeting, member=m, presence="present")

    assert_flat(client, url, grow, at_most=15)


def test_minutes_page(client, tree, secretary, meeting):
    client.force_login(secretary)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    url = reverse("meeting_minutes", args=[meeting.pk])

    def grow():
        for i in range(8):
            m = factories.member(tree.branch1, full_name=name(i))
            mark_attendance(by=None, meeting=meeting, member=m, presence="present" if i % 2 else "absent")

    assert_flat(client, url, grow, at_most=20)


def test_a_members_meeting_page_costs_no_query_more_when_the_meeting_holds_a_vote(
    client, tree, secretary, member_user, meeting
):
    """The member's ballots come with the motions (one query), and the page still says they voted."""
    from sotay.meetings.actions.votes import cast_vote, open_motion

    client.force_login(member_user)
    url = reverse("meeting_detail", args=[meeting.pk])
    bare = page_queries(client, url)
    motion = open_motion(by=secretary, meeting=meeting, title="Nghị quyết", secret=False, by_hands=False)
    assert page_queries(client, url) == bare
    assert "Đồng chí đã biểu quyết" not in client.get(url).content.decode()
    mark_attendance(by=None, meeting=meeting, member=member_user.member, presence="present")
    assert cast_vote(by=member_user, motion=motion, choice="for")
    assert page_queries(client, url) == bare
    assert "Đồng chí đã biểu quyết" in client.get(url).content.decode()


def test_meeting_page_for_a_member_with_notes(client, tree, member_user, meeting):
    """The member's own notes on the meeting cost one query, however many there are."""
    from sotay.notes.actions import write_note

    def grow():
        _grow_meeting(tree, meeting)()
        for i in range(15):
            write_note(by=member_user, body=f"Ghi chú {i}", meeting=meeting)

    client.force_login(member_user)
    write_note(by=member_user, body="Ghi chú đầu", meeting=meeting)
    assert_flat(client, reverse("meeting_detail", args=[meeting.pk]), grow, at_most=MEMBER_PAGE_QUERIES)


def test_older_comments(client, tree, member_user, meeting):
    item = add_agenda_item(by=None, meeting=meeting, title="Nội dung")
    users = [
        factories.user(f"gy{i}", role=Role.MEMBER, at=tree.branch1, member=factories.member(tree.branch1))
        for i in range(3)
    ]
    newest = add_comment(by=member_user, item=item, body="Mới nhất")
    client.force_login(member_user)

    def grow():
        for i in range(12):
            add_comment(by=users[i % 3], item=item, body=f"Ý kiến {i}")
        # older than the cursor: moved before it
        item.comments.exclude(pk=newest.pk).update(created_at=newest.created_at - datetime.timedelta(hours=1))

    url = reverse("comment_older", args=[item.pk]) + f"?truoc={newest.pk}"
    assert_flat(client, url, grow, at_most=12)


def test_meeting_page_reads_the_minutes_and_the_readers_own_answers_with_the_meeting(
    client, tree, member_user, meeting
):
    answer_invitation(by=member_user, meeting=meeting, answer=Answer.ABSENT, reason="Đi công tác <b>xa</b>")
    mark_attendance(by=None, meeting=meeting, member=member_user.member, presence=Presence.EXCUSED)
    # Another member of the branch, who answered nothing: the page shows each reader their own answers.
    other = factories.user("dvkhac", role=Role.MEMBER, at=tree.branch1, member=factories.member(tree.branch1))
    url = reverse("meeting_detail", args=[meeting.pk])
    client.force_login(member_user)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(url).content.decode()
    assert "Đồng chí đã trả lời: <strong>Vắng mặt</strong> (Đi công tác &lt;b&gt;xa&lt;/b&gt;)" in body
    assert "Điểm danh: <strong>Vắng có lý do</strong>" in body
    minutes_reads = [q["sql"] for q in ctx.captured_queries if "meetings_minutes" in q["sql"]]
    assert len(minutes_reads) == 1
    assert 'FROM "meetings_meeting" INNER JOIN "orgs_org"' in minutes_reads[0]  # the meeting's own read
    client.force_login(other)
    body = client.get(url).content.decode()
    assert "Đồng chí đã trả lời" not in body
    assert "Điểm danh:" not in body


def test_a_secretary_whose_member_record_is_in_another_branch_sees_the_managers_page(
    client, tree, lan, meeting
):
    """Read with the secretary's own answers (their record is in branch 2), shown as the manager's page of
    branch 1: none of those answers, and the minutes' state still from the one read."""
    secretary = factories.user("bithu-kiem", role=Role.BRANCH_SECRETARY, at=tree.branch1, member=lan)
    client.force_login(secretary)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Trả lời giấy mời: <strong>" in body  # the manager's summary
    assert "Đồng chí đã trả lời" not in body
    assert len([q for q in ctx.captured_queries if "meetings_minutes" in q["sql"]]) == 1
