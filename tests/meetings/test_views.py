"""The meetings pages, end to end through the test client (the browser test walks the same flow at 360 px)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import Role
from sotay.meetings import checkin
from sotay.meetings.models import Attendance, Ballot, Comment, DocumentRead, Meeting, Minutes, Rsvp
from tests import factories
from tests.meetings.conftest import make_meeting, pdf, soon


def test_secretary_schedules_uploads_and_publishes(client, tree, secretary, member_user, sent):
    client.force_login(secretary)
    day = soon(5)
    response = client.post(
        reverse("meeting_create", args=[tree.branch1.pk]),
        {
            "kind": "regular",
            "title": "Sinh hoạt tháng 12",
            "day": day.date().isoformat(),
            "start": "19:00",
            "end": "20:30",
            "place": "Nhà văn hóa",
            "online_link": "",
            "chair": "",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting_detail", args=[meeting.pk])
    client.post(
        reverse("agenda_add", args=[meeting.pk]), {"title": "Quán triệt nghị quyết", "presenter": "Bí thư"}
    )
    client.post(reverse("document_upload", args=[meeting.pk]), {"title": "Nghị quyết", "file": pdf()})
    client.post(reverse("meeting_publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.is_published
    assert meeting.documents.count() == 1
    assert sent[0]["users"] == [member_user.pk]
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "0/1 đảng viên đã mở" in page
    assert "Nguyễn Văn Hòa" in page


def test_a_plain_http_meeting_link_is_refused_on_the_form(client, tree, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("meeting_create", args=[tree.branch1.pk]),
        {
            "kind": "regular",
            "title": "Sinh hoạt trực tuyến",
            "day": soon(5).date().isoformat(),
            "start": "19:00",
            "end": "20:00",
            "place": "",
            "online_link": "http://hop.example.vn/phong-1",
        },
    )
    assert response.status_code == 200
    assert "phải là địa chỉ đầy đủ bắt đầu bằng https://" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_past_meeting_form_shows_the_vietnamese_message(client, tree, secretary):
    client.force_login(secretary)
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        reverse("meeting_create", args=[tree.branch1.pk]),
        {
            "kind": "regular",
            "title": "<script>x</script>",
            "day": yesterday,
            "start": "19:00",
            "end": "20:00",
            "place": "Hội trường",
        },
    )
    assert response.status_code == 200
    assert "Không thể lên lịch một buổi sinh hoạt trong quá khứ." in response.content.decode()
    assert not Meeting.objects.exists()


def test_member_reads_comments_answers_checks_in_votes_and_sees_minutes(
    client, tree, secretary, member_user, sent
):
    from sotay.meetings.actions.meetings import attach_document

    meeting = make_meeting(tree.branch1, publish=True)
    doc = attach_document(by=None, meeting=meeting, title="Báo cáo", upload=pdf())
    client.force_login(member_user)
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200
    response = client.get(reverse("document_file", args=[doc.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    client.get(reverse("document_file", args=[doc.pk]))
    assert DocumentRead.objects.count() == 1
    item = meeting.agenda.get()
    client.post(reverse("comment_add", args=[item.pk]), {"body": "Đồng ý với dự thảo"})
    client.post(reverse("meeting_rsvp", args=[meeting.pk]), {"answer": "attending"})
    assert Comment.objects.get().body == "Đồng ý với dự thảo"
    assert Rsvp.objects.get().answer == "attending"
    # At the meeting.
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - datetime.timedelta(minutes=5), ends_at=now + datetime.timedelta(hours=1)
    )
    token = checkin.make_token(meeting.pk)
    assert client.get(reverse("meeting_checkin") + f"?ma={token}").status_code == 200
    assert not Attendance.objects.exists()  # opening the link does not check in
    for _ in range(2):
        client.post(reverse("meeting_checkin"), {"ma": token})
    assert Attendance.objects.get().presence == "present"
    client.force_login(secretary)
    client.post(reverse("motion_open", args=[meeting.pk]), {"title": "Thông qua nghị quyết"})
    motion = meeting.motions.get()
    client.force_login(member_user)
    client.post(reverse("motion_vote", args=[motion.pk]), {"choice": "for"})
    client.post(reverse("motion_vote", args=[motion.pk]), {"choice": "against"})
    assert Ballot.objects.get().choice == "for"
    # Draft minutes are not the member's to see.
    client.force_login(secretary)
    client.post(reverse("motion_close", args=[motion.pk]), {})
    client.post(
        reverse("meeting_minutes", args=[meeting.pk]),
        {"do": "save", "content": "Diễn biến buổi họp", "conclusions": "Chi bộ thống nhất"},
    )
    client.force_login(member_user)
    assert (
        "Chi bộ thống nhất" not in client.get(reverse("meeting_minutes", args=[meeting.pk])).content.decode()
    )
    client.force_login(secretary)
    client.post(reverse("meeting_minutes", args=[meeting.pk]), {"do": "finalise"})
    assert Minutes.objects.get().finalised_at is not None
    client.force_login(member_user)
    page = client.get(reverse("meeting_minutes", args=[meeting.pk])).content.decode()
    assert "Chi bộ thống nhất" in page
    assert "1 tán thành" in page
    assert "Nguyễn Văn Hòa" in page
    mine = client.get(reverse("my_attendance")).content.decode()
    assert meeting.title in mine
    assert "Có mặt" in mine


def test_check_in_with_a_bad_token_says_so(client, member_user):
    client.force_login(member_user)
    response = client.post(reverse("meeting_checkin"), {"ma": "<script>"})
    assert response.status_code == 400
    assert "hết hạn" in response.content.decode()


def test_sibling_branch_member_gets_404_everywhere(client, tree, meeting, secretary):
    from sotay.meetings.actions.meetings import attach_document

    doc = attach_document(by=None, meeting=meeting, title="Báo cáo", upload=pdf())
    lan = factories.member(tree.branch2, full_name="Lê Thị Lan")
    client.force_login(factories.user("lan", role=Role.MEMBER, at=tree.branch2, member=lan))
    for url in (
        reverse("meeting_detail", args=[meeting.pk]),
        reverse("document_file", args=[doc.pk]),
        reverse("meeting_minutes", args=[meeting.pk]),
        reverse("branch_meetings", args=[tree.branch1.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("meeting_rsvp", args=[meeting.pk]), {"answer": "attending"}).status_code == 404
    assert (
        client.post(reverse("comment_add", args=[meeting.agenda.get().pk]), {"body": "x"}).status_code == 404
    )
    assert not Rsvp.objects.exists()
    assert not Comment.objects.exists()


def test_meeting_ids_beyond_the_database_are_404(client, member_user, meeting):
    """The meeting is read by a compiled query (sotay.core.compiled): an id past 64 bits is "not found",
    as Django answers it, not a database error."""
    client.force_login(member_user)
    for pk in (2**63, 10**30):
        assert client.get(f"/sinh-hoat/{pk}/").status_code == 404
    assert client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200


def test_draft_is_hidden_from_members(client, tree, member_user, sent):
    draft = make_meeting(tree.branch1)
    client.force_login(member_user)
    assert client.get(reverse("meeting_detail", args=[draft.pk])).status_code == 404


def test_attendance_list_marks_with_large_buttons(client, tree, meeting, secretary, member_user):
    client.force_login(secretary)
    url = reverse("attendance_list", args=[meeting.pk])
    assert "Vắng có lý do" in client.get(url).content.decode()
    client.post(url, {"member": member_user.member_id, "presence": "excused"})
    client.post(url, {"member": member_user.member_id, "presence": "excused"})
    assert Attendance.objects.get().presence == "excused"
    response = client.post(url, {"member": "abc", "presence": "present"}, follow=True)
    assert "Hãy chọn đảng viên" in response.content.decode()


def test_checkin_screen_shows_a_qr_and_the_quorum_note(client, meeting, secretary):
    client.force_login(secretary)
    page = client.get(reverse("checkin_screen", args=[meeting.pk])).content.decode()
    assert "<svg" in page
    # The quorum rule is said to be a setting, in words a secretary reads (no variable or file name).
    assert "do quản trị viên hệ thống đặt, không phải quy định chính thức" in page
    assert "domain.md" not in page
    assert "SOTAY_" not in page


def test_offline_endpoint_lists_the_next_meeting(client, meeting, member_user):
    client.force_login(member_user)
    assert client.get(reverse("meeting_offline_pages")).json() == {
        "urls": [reverse("meeting_detail", args=[meeting.pk])]
    }


def test_calendar_feed_is_private_and_revocable(client, meeting, member_user):
    client.force_login(member_user)
    page = client.post(reverse("calendar_page"), {"do": "renew"}).content.decode()
    url = page.split('<code class="url">')[1].split("</code>")[0]
    path = url.replace("http://testserver", "")
    client.logout()
    body = client.get(path).content.decode()
    assert "BEGIN:VCALENDAR" in body
    assert meeting.title[:20] in body
    client.force_login(member_user)
    client.post(reverse("calendar_page"), {"do": "revoke"})
    assert client.get(path).status_code == 404
    assert client.get("/sinh-hoat/lich/khong-dung.ics").status_code == 404


def test_qr_panel_refreshes_through_htmx_with_a_new_token(client, meeting, secretary):
    client.force_login(secretary)
    response = client.get(reverse("checkin_screen", args=[meeting.pk]), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="qr-panel"')
    assert "<html" not in body
    assert "<svg" in body


def _item(meeting):
    from sotay.meetings.actions.meetings import add_agenda_item

    return meeting.agenda.first() or add_agenda_item(by=None, meeting=meeting, title="Nội dung")


def _comments(item, users, n):
    from sotay.meetings.actions.before import add_comment

    return [add_comment(by=users[i % len(users)], item=item, body=f"Ý kiến thứ {i}") for i in range(n)]


def test_meeting_page_shows_the_latest_comments_and_pages_older_ones(client, member_user, meeting):
    from sotay.meetings.views.detail import LATEST_COMMENTS, OLDER_COMMENTS

    item = _item(meeting)
    total = LATEST_COMMENTS + OLDER_COMMENTS + 3
    _comments(item, [member_user], total)
    client.force_login(member_user)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    shown = [i for i in range(total) if f"Ý kiến thứ {i}<" in page]
    assert shown == list(range(total - LATEST_COMMENTS, total))
    assert f"Xem ý kiến cũ hơn ({total - LATEST_COMMENTS})" in page
    oldest_shown = item.comments.get(body=f"Ý kiến thứ {total - LATEST_COMMENTS}")
    url = reverse("comment_older", args=[item.pk])
    older = client.get(url, {"truoc": oldest_shown.pk}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in older  # the rows only, for htmx
    got = [i for i in range(total) if f"Ý kiến thứ {i}<" in older]
    assert got == list(range(total - LATEST_COMMENTS - OLDER_COMMENTS, total - LATEST_COMMENTS))
    assert "Xem ý kiến cũ hơn" in older
    first = item.comments.get(body=f"Ý kiến thứ {got[0]}")
    last = client.get(url, {"truoc": first.pk}).content.decode()  # without htmx: a page
    assert "<html" in last
    assert "Xem ý kiến cũ hơn" not in last
    assert [i for i in range(total) if f"Ý kiến thứ {i}<" in last] == list(range(got[0]))


def test_older_comments_keep_hidden_ones_from_members_and_refuse_bad_cursors(
    client, member_user, secretary, meeting
):
    from sotay.meetings.actions.before import hide_comment

    item = _item(meeting)
    comments = _comments(item, [member_user], 8)
    hide_comment(by=secretary, comment=comments[0], reason="Lạc đề")
    url = reverse("comment_older", args=[item.pk])
    client.force_login(member_user)
    page = client.get(url, {"truoc": comments[5].pk}).content.decode()
    assert "Ý kiến thứ 1<" in page
    assert "Ý kiến thứ 0<" not in page
    for bad in (comments[0].pk, "abc", "9" * 40, "<script>", -1):
        assert client.get(url, {"truoc": bad}).status_code == 404
    client.force_login(secretary)
    page = client.get(url, {"truoc": comments[5].pk}).content.decode()
    assert "Ý kiến thứ 0<" in page
    assert "Lạc đề" in page


def test_older_comments_of_another_branch_are_404(client, tree, meeting):
    from tests import factories

    item = _item(meeting)
    outsider = factories.user(
        "ngoai", role=Role.MEMBER, at=tree.branch2, member=factories.member(tree.branch2)
    )
    client.force_login(outsider)
    assert client.get(reverse("comment_older", args=[item.pk])).status_code == 404


def test_meeting_page_lists_the_agenda_in_its_order_whatever_the_comments(client, member_user, meeting):
    from sotay.meetings.actions.meetings import add_agenda_item
    from sotay.meetings.models import AgendaItem

    for title in ("Mục Ba", "Mục Một", "Mục Hai"):
        add_agenda_item(by=None, meeting=meeting, title=title)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("position"))
    for position, item in enumerate(reversed(items), start=1):
        AgendaItem.objects.filter(pk=item.pk).update(position=position + 100)
    _comments(items[0], [member_user], 2)
    client.force_login(member_user)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    expected = [i.title for i in reversed(items)]
    assert sorted(expected, key=page.index) == expected


def test_an_absence_reason_over_the_limit_is_named_as_the_problem(client, meeting, member_user):
    client.force_login(member_user)
    response = client.post(
        reverse("meeting_rsvp", args=[meeting.pk]), {"answer": "absent", "reason": "ốm " * 200}, follow=True
    )
    body = response.content.decode()
    assert "Lý do vắng mặt dài tối đa 255 ký tự." in body
    assert "Hãy chọn Tham dự hoặc Vắng mặt." not in body
    assert not meeting.rsvps.exists()
    response = client.post(reverse("meeting_rsvp", args=[meeting.pk]), {"answer": "maybe"}, follow=True)
    assert "Hãy chọn Tham dự hoặc Vắng mặt." in response.content.decode()


def test_a_stored_link_that_is_not_https_is_shown_but_not_linked(client, member_user, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(online_link="javascript:alert(1)")  # saved before the rule
    client.force_login(member_user)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "javascript:alert(1)" in page
    assert 'href="javascript:' not in page
