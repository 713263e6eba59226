"""Meetings of a đảng ủy cơ sở's executive committee (domain.md §4.5): the invitees are the committee role
holders at that node, not the members of its subtree; branch compliance rules do not apply."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import Role
from sotay.meetings import checkin
from sotay.meetings.access import invitees
from sotay.meetings.actions.attendance import check_in, tally
from sotay.meetings.actions.before import answer_invitation
from sotay.meetings.actions.meetings import create_meeting
from sotay.meetings.compliance import facts_for
from sotay.meetings.models import Meeting, MeetingAudience
from tests import factories
from tests.meetings.conftest import make_meeting, soon


@pytest.fixture
def committee(tree):
    """The unit's committee: a secretary (member of branch 1) and a committee member (branch 2)."""
    bt = factories.user(
        "bithuduc",
        role=Role.BRANCH_SECRETARY,
        at=tree.unit1,
        member=factories.member(tree.branch1, full_name="Trần Bí Thư"),
    )
    uv = factories.user(
        "uyvien",
        role=Role.BRANCH_COMMITTEE,
        at=tree.unit1,
        member=factories.member(tree.branch2, full_name="Lê Ủy Viên"),
    )
    return bt, uv


def test_committee_meeting_invites_the_committee_only(tree, committee, member_user, secretary, sent):
    bt, uv = committee
    meeting = make_meeting(tree.unit1, by=bt, title="Họp ban chấp hành tháng 12", publish=True)
    assert meeting.audience == MeetingAudience.COMMITTEE
    assert set(invitees(tree.unit1)) == {bt.member, uv.member}
    [published] = [s for s in sent if s["kind"] == "meetings.published"]
    assert published["users"] == sorted([bt.pk, uv.pk])
    assert member_user.pk not in published["users"]
    assert secretary.pk not in published["users"]


def test_a_branch_member_below_who_is_not_on_the_committee_gets_404(
    client, tree, committee, member_user, secretary, sent
):
    bt, uv = committee
    meeting = make_meeting(tree.unit1, by=bt, title="Họp ban chấp hành kín", publish=True)
    for outsider in (member_user, secretary):  # a member of a branch below; a branch secretary below
        client.force_login(outsider)
        for url in (
            reverse("meeting_detail", args=[meeting.pk]),
            reverse("branch_meetings", args=[tree.unit1.pk]),
        ):
            assert client.get(url).status_code == 404, (outsider, url)
        assert (
            client.post(reverse("meeting_rsvp", args=[meeting.pk]), {"answer": "attending"}).status_code
            == 404
        )
    assert not meeting.rsvps.exists()
    client.force_login(uv)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "Họp ban chấp hành kín" in page


def test_committee_members_answer_and_check_in(tree, committee, member_user, sent):
    bt, uv = committee
    meeting = make_meeting(tree.unit1, by=bt, title="Họp ban chấp hành", publish=True)
    answer_invitation(by=uv, meeting=meeting, answer="attending")
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now())
    assert check_in(by=uv, token=checkin.make_token(meeting.pk))[1] is True
    from sotay.core.errors import ActionError

    with pytest.raises(ActionError):
        check_in(by=member_user, token=checkin.make_token(meeting.pk))
    meeting.refresh_from_db()
    t = tally(meeting)
    assert (t.expected, t.present) == (2, 1)


def test_only_a_grassroots_committee_or_a_branch_holds_meetings(tree, sent):
    starts = soon()
    with pytest.raises(Exception, match="ban chấp hành"):
        create_meeting(
            by=None,
            branch=tree.ward1,
            kind="regular",
            title="Họp",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            place="P1",
        )


def test_committee_meetings_are_not_counted_by_the_branch_compliance_rules(tree, committee, sent):
    bt, _ = committee
    make_meeting(tree.unit1, by=bt, publish=True)
    facts = facts_for([tree.unit1.pk, tree.branch1.pk], now=timezone.now())
    assert facts == {tree.unit1.pk: [], tree.branch1.pk: []}


def test_committee_roles_sit_at_a_branch_or_a_grassroots_committee_only(tree):
    from sotay.accounts.actions import grant_role
    from sotay.core.errors import ActionError

    with pytest.raises(ActionError, match="đảng ủy cơ sở"):
        factories.user("sai", role=Role.BRANCH_COMMITTEE, at=tree.ward1)
    grant_role(by=None, user=factories.user("dung"), role=Role.BRANCH_DEPUTY, org=tree.unit1)
