"""Scheduling, publishing, changes after publishing, reminders."""

import datetime

import pytest
from django.utils import timezone

from sotay.accounts.models import Role
from sotay.audit.models import AuditEvent
from sotay.core.errors import ActionError
from sotay.meetings.actions.meetings import (
    MAX_DAYS_AHEAD,
    create_meeting,
    publish_meeting,
    send_reminders,
    update_meeting,
)
from sotay.meetings.models import Meeting, MeetingState
from sotay.members.models import MemberStatus
from tests import factories
from tests.meetings.conftest import make_meeting, soon


def _create(branch, by, starts, **kw):
    return create_meeting(
        by=by,
        branch=branch,
        kind=kw.pop("kind", "regular"),
        title=kw.pop("title", "Họp"),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        place="Hội trường",
        **kw,
    )


def test_secretary_schedules_a_meeting(tree, secretary):
    m = _create(tree.branch1, secretary, soon())
    assert m.state == MeetingState.DRAFT
    assert m.created_by == secretary
    assert AuditEvent.objects.filter(object_type="meeting", object_id=str(m.pk)).count() == 1


def test_a_meeting_in_the_past_is_refused(tree, secretary):
    with pytest.raises(ActionError) as e:
        _create(tree.branch1, secretary, timezone.now() - datetime.timedelta(hours=1))
    assert "quá khứ" in str(e.value)
    assert not Meeting.objects.exists()


def test_a_meeting_years_ahead_is_refused_and_a_years_plan_is_not(tree, secretary):
    """A year typed wrong (31/12/9999) is refused with a Vietnamese message, nothing saved; the next
    year's meetings may be planned."""
    with pytest.raises(ActionError) as e:
        _create(tree.branch1, secretary, datetime.datetime(9999, 12, 31, 16, tzinfo=datetime.UTC))
    assert "hãy kiểm tra lại năm" in str(e.value)
    assert not Meeting.objects.exists()
    _create(tree.branch1, secretary, timezone.now() + datetime.timedelta(days=MAX_DAYS_AHEAD - 1))
    assert Meeting.objects.count() == 1


def test_an_overlapping_meeting_of_the_same_branch_is_refused(tree, secretary):
    _create(tree.branch1, secretary, soon())
    with pytest.raises(ActionError) as e:
        _create(tree.branch1, secretary, soon() + datetime.timedelta(minutes=30), title="Khác")
    assert "Trùng giờ" in str(e.value)
    # Another branch may meet at the same time.
    _create(tree.branch2, None, soon() + datetime.timedelta(minutes=30))
    assert Meeting.objects.count() == 2


def test_secretary_of_a_sibling_branch_cannot_schedule(tree, secretary):
    with pytest.raises(ActionError):
        _create(tree.branch2, secretary, soon())
    assert not Meeting.objects.exists()


def test_place_or_link_is_required_and_end_after_start(tree, secretary):
    starts = soon()
    with pytest.raises(ActionError) as e:
        create_meeting(
            by=secretary,
            branch=tree.branch1,
            kind="regular",
            title="  ",
            starts_at=starts,
            ends_at=starts - datetime.timedelta(minutes=1),
        )
    assert set(e.value.message_dict) >= {"title", "ends_at", "place"}


@pytest.mark.parametrize(
    "link",
    [
        "http://hop.example.vn/phong-1",
        "javascript:alert(1)",
        "hop.example.vn/phong",
        "ftp://hop.example.vn/",
        "https://hop.gov.vn@evil.example/",  # goes to evil.example
    ],
)
def test_the_online_link_must_be_a_whole_https_address(tree, secretary, link):
    with pytest.raises(ActionError) as e:
        _create(tree.branch1, secretary, soon(), online_link=link)
    assert "https://" in e.value.message_dict["online_link"][0]
    assert not Meeting.objects.exists()
    _create(tree.branch1, secretary, soon(), online_link="https://hop.example.vn/phong-1?ma=123")


def test_an_old_plain_http_link_does_not_block_an_edit_but_a_new_one_is_refused(tree, secretary):
    m = make_meeting(tree.branch1)
    Meeting.objects.filter(pk=m.pk).update(online_link="http://hop.example.vn/cu")  # saved before the rule
    m.refresh_from_db()
    update_meeting(by=secretary, meeting=m, title="Chủ đề mới")
    m.refresh_from_db()
    assert m.title == "Chủ đề mới"
    assert m.online_href == ""  # shown as text, not linked
    with pytest.raises(ActionError) as e:
        update_meeting(by=secretary, meeting=m, online_link="http://hop.example.vn/moi")
    assert set(e.value.message_dict) == {"online_link"}
    update_meeting(by=secretary, meeting=m, online_link=" https://hop.example.vn/moi ")
    m.refresh_from_db()
    assert m.online_link == m.online_href == "https://hop.example.vn/moi"


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("https://hop.example.vn/p?ma=1", "https://hop.example.vn/p?ma=1"),
        ("HTTPS://hop.example.vn/", "HTTPS://hop.example.vn/"),
        ("http://hop.example.vn/", ""),
        ("javascript:alert(1)", ""),
        ("https://a.vn@evil.example/", ""),
        ("", ""),
    ],
)
def test_only_an_https_link_is_followed(link, href):
    assert Meeting(online_link=link).online_href == href


def test_publish_invites_entitled_members_of_the_branch_only(tree, sent):
    hoa = factories.member(tree.branch1, full_name="Nguyễn Văn Hòa")
    exempt = factories.member(tree.branch1, full_name="Lê Văn Miễn", status=MemberStatus.MIEN_SINH_HOAT)
    other = factories.member(tree.branch2, full_name="Trần Văn Khác")
    u_hoa = factories.user("hoa", role=Role.MEMBER, at=tree.branch1, member=hoa)
    factories.user("mien", member=exempt)
    factories.user("khac", role=Role.MEMBER, at=tree.branch2, member=other)
    m = make_meeting(tree.branch1)
    assert publish_meeting(by=None, meeting=m) == 1
    assert [s["users"] for s in sent] == [[u_hoa.pk]]
    assert sent[0]["dedupe"] == f"meeting:{m.pk}:published"
    assert publish_meeting(by=None, meeting=m) == 0  # a second publish sends nothing
    assert len(sent) == 1


def test_member_in_transit_is_invited_by_the_branch_that_still_counts_them(tree, sent):
    from sotay.members.actions import start_transfer

    mover = factories.member(tree.branch1, full_name="Đặng Văn Chuyển")
    user = factories.user("chuyen", role=Role.MEMBER, at=tree.branch1, member=mover)
    start_transfer(member=mover, to=tree.branch2, by=None, on=timezone.localdate())
    make_meeting(tree.branch1, publish=True)
    make_meeting(tree.branch2, publish=True)
    assert [s["users"] for s in sent] == [[user.pk], []]


def test_change_of_time_after_publishing_notifies_what_changed(tree, sent, secretary, member_user):
    m = make_meeting(tree.branch1, publish=True)
    new_start = m.starts_at + datetime.timedelta(days=1)
    announced = update_meeting(
        by=secretary,
        meeting=m,
        starts_at=new_start,
        ends_at=new_start + datetime.timedelta(hours=1),
        place="Trụ sở UBND",
    )
    assert "thời gian" in announced
    assert "địa điểm" in announced
    change = sent[-1]
    assert change["kind"] == "meetings.changed"
    assert change["users"] == [member_user.pk]
    assert "Nhà văn hóa khu phố → Trụ sở UBND" in change["body"]
    # A change of title only is not announced.
    update_meeting(by=secretary, meeting=m, title="Chủ đề mới")
    assert len(sent) == 2


def test_reminder_goes_out_once_the_day_before(tree, sent, member_user):
    m = make_meeting(tree.branch1, days=1, publish=True)
    make_meeting(tree.branch1, days=5, publish=True)
    sent.clear()
    assert send_reminders() == 1
    assert send_reminders() == 0
    assert sent[0]["kind"] == "meetings.reminder"
    assert sent[0]["dedupe"] == f"meeting:{m.pk}:reminder"


def test_publish_through_the_real_notifications_creates_one_row_per_member(tree, member_user):
    from sotay.notifications.models import Notification

    m = make_meeting(tree.branch1)
    publish_meeting(by=None, meeting=m)
    publish_meeting(by=None, meeting=m)
    row = Notification.objects.get()
    assert row.user == member_user
    assert row.kind == "meetings.published"
    assert row.url == f"/sinh-hoat/{m.pk}/"
    assert "Giấy mời" in row.title


def test_the_reminder_is_a_daily_scheduled_job():
    from sotay.jobs.schedule import _JOBS

    job = _JOBS["meetings.reminders"]
    assert job.at == datetime.time(7, 0)
    assert job.task.name.endswith("remind_tomorrows_meetings")
