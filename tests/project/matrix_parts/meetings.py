"""Branch meetings (sotay/meetings) in the permission matrix: one published meeting of ward 2's branch with
everything a meetings URL can name — agenda item, comment, document (its file too), vote, task."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

TITLE = "Sinh hoạt chuyên đề Phường Hai kín"
MARKERS = [
    TITLE,
    "Nội dung mật số 2",
    "Tài liệu mật phường hai",
    "Ý kiến riêng của phường hai",
    "Biểu quyết riêng phường hai",
    "Việc riêng phường hai",
]


def _meeting(w: Any) -> Any:
    from sotay.meetings.actions.before import add_comment
    from sotay.meetings.actions.meetings import (
        add_agenda_item,
        attach_document,
        create_meeting,
        publish_meeting,
    )
    from sotay.meetings.actions.minutes import assign_task
    from sotay.meetings.actions.votes import open_motion
    from sotay.meetings.models import Meeting

    meeting = Meeting.objects.filter(title=TITLE).first()
    if meeting is not None:
        return meeting
    day = timezone.localdate() + datetime.timedelta(days=4)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 0)))
    meeting = create_meeting(
        by=None,
        branch=w.tree.unit2,
        kind="thematic",
        title=TITLE,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        place="Hội trường P2",
    )
    item = add_agenda_item(by=None, meeting=meeting, title="Nội dung mật số 2")
    attach_document(
        by=None,
        meeting=meeting,
        title="Tài liệu mật phường hai",
        upload=SimpleUploadedFile("p2.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    publish_meeting(by=None, meeting=meeting)
    add_comment(by=w.ward2_staff, item=item, body="Ý kiến riêng của phường hai")
    open_motion(by=None, meeting=meeting, title="Biểu quyết riêng phường hai", secret=False, by_hands=False)
    assign_task(
        by=None,
        meeting=meeting,
        title="Việc riêng phường hai",
        assignee=w.member,
        due=day + datetime.timedelta(days=7),
    )
    return meeting


def _pk(w: Any) -> dict[str, int]:
    return {"pk": _meeting(w).pk}


FILLERS = {
    "branch_meetings": lambda w: {"pk": w.tree.unit2.pk},
    "meeting_create": lambda w: {"pk": w.tree.unit2.pk},
    "meeting_detail": _pk,
    "meeting_edit": _pk,
    "agenda_add": _pk,
    "document_upload": _pk,
    "meeting_publish": _pk,
    "meeting_rsvp": _pk,
    "attendance_list": _pk,
    "checkin_screen": _pk,
    "motion_open": _pk,
    "meeting_minutes": _pk,
    "task_add": _pk,
    "document_file": lambda w: {"pk": _meeting(w).documents.get().pk},
    "comment_add": lambda w: {"pk": _meeting(w).agenda.get().pk},
    "comment_older": lambda w: {"pk": _meeting(w).agenda.get().pk},
    "comment_hide": lambda w: {"pk": _meeting(w).agenda.get().comments.get().pk},
    "motion_vote": lambda w: {"pk": _meeting(w).motions.get().pk},
    "motion_close": lambda w: {"pk": _meeting(w).motions.get().pk},
    "task_status": lambda w: {"pk": _meeting(w).followups.get().pk},
    "meeting_cancel": _pk,
    "agenda_move": lambda w: {"pk": _meeting(w).agenda.get().pk},
    "agenda_delete": lambda w: {"pk": _meeting(w).agenda.get().pk},
    "document_delete": lambda w: {"pk": _meeting(w).documents.get().pk},
}
UNFILLABLE = {
    "calendar_feed": "a capability URL: its secret token is the permission (tests/meetings/test_views.py)",
}
# Pages for members only (their own attendance, their own calendar address): staff get 404.
NOT_FOR_STAFF = {"my_attendance", "calendar_page"}
