"""The demo seeds every branch, and the first branch shows a compliance flag."""

from django.utils import timezone

from sotay.meetings.access import invitees
from sotay.meetings.compliance import flags_for
from sotay.meetings.demo import (
    CANCEL_REASON,
    CANCELLED_TITLE,
    COMMITTEE_TITLE,
    load_meeting_changes,
    load_meeting_demo,
)
from sotay.meetings.models import Meeting, MeetingAudience, Minutes
from tests import factories


def test_demo_meetings(tree, hoa, member_user, sent):
    assert load_meeting_demo() == 3
    branch1 = Meeting.objects.filter(branch=tree.branch1)
    assert branch1.filter(minutes__finalised_at__isnull=False).count() == 4
    current = branch1.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
    assert current.is_published
    assert current.documents.count() == 1
    assert current.agenda.first().comments.count() == 1  # the branch's one account commented
    held = Meeting.objects.filter(
        kind="regular",
        starts_at__gte=timezone.localtime().replace(day=1, hour=0, minute=0),
        starts_at__lte=timezone.now(),
    )
    assert Minutes.objects.count() == 12 + held.count()
    assert not held.filter(branch=tree.branch1).exists()  # the first branch has not met this month yet
    flags = flags_for([tree.branch1.pk, tree.branch2.pk])
    # Late in a month the first branch's next meeting falls in the next month, which schedules it.
    next_month = (
        current.starts_at.astimezone(timezone.get_current_timezone()).month != timezone.localdate().month
    )
    if timezone.localdate().day > 20 and not next_month:
        assert "next_month_unscheduled" in {f.code for f in flags[tree.branch1.pk]}
        assert "next_month_unscheduled" not in {f.code for f in flags[tree.branch2.pk]}
    assert not {"month_without_regular", "quarter_without_thematic"} & {
        f.code for f in flags[tree.branch2.pk]
    }


def test_demo_has_a_cancelled_meeting_and_a_committee_meeting_and_runs_twice(tree, hoa, member_user, sent):
    load_meeting_demo()
    factories.member(tree.branch1, full_name="Trần Bí Thư")
    factories.member(tree.branch2, full_name="Lê Ủy Viên")
    usernames = load_meeting_changes(branch=tree.branch1, ward=tree.ward1, password="mat-khau-demo-dai")
    assert usernames == ["bithu.dangbo", "uyvien.dangbo"]

    cancelled = Meeting.objects.get(branch=tree.branch1, title=CANCELLED_TITLE)
    assert cancelled.is_cancelled
    assert cancelled.cancel_reason == CANCEL_REASON
    [notice] = [s for s in sent if s["kind"] == "meetings.cancelled"]
    assert notice["users"] == [member_user.pk]
    assert CANCEL_REASON in notice["body"]

    committee = Meeting.objects.get(title=COMMITTEE_TITLE)
    assert committee.branch == tree.unit1
    assert committee.audience == MeetingAudience.COMMITTEE
    assert committee.is_published
    assert {m.full_name for m in invitees(tree.unit1)} == {"Trần Bí Thư", "Lê Ủy Viên"}

    count = Meeting.objects.count()
    assert load_meeting_changes(branch=tree.branch1, ward=tree.ward1, password="x") == usernames
    assert Meeting.objects.count() == count
