"""Demo meetings for every branch of the demo tree (synthetic): three past months with minutes and attendance,
last quarter's thematic meeting, and this month's regular meeting held (on the 5th, or earlier in a month's
first days) by about four branches in five, members with a handbook account checking in with the QR code; each
branch's next meeting is published with documents and comments (next month's for those that met, this month's
for the others), and the others have next month's meeting scheduled too, except the first branch (so its
compliance flag shows after the 20th). Run it after the handbook adoption (accounts) is seeded.

Past meetings are written directly: the actions refuse a meeting in the past by design, and a demo needs a
history. Everything from today on goes through the actions.
"""

from __future__ import annotations

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sotay.accounts.models import User
from sotay.meetings.access import invitees
from sotay.meetings.actions.before import add_comment
from sotay.meetings.actions.meetings import add_agenda_item, attach_document, create_meeting, publish_meeting
from sotay.meetings.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingState,
    Minutes,
    Presence,
)
from sotay.orgs.models import Org

# A minimal valid one-page PDF (the demo's document).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
TOPICS = [
    "Đánh giá kết quả tháng, phương hướng tháng tới",
    "Quán triệt nghị quyết của cấp ủy cấp trên",
    "Công tác phát triển đảng viên",
    "Kiểm điểm việc thực hiện nhiệm vụ được giao",
]
COMMENTS = [
    "Đề nghị bổ sung số liệu về hộ nghèo trong khu phố.",
    "Tôi thống nhất với dự thảo báo cáo.",
    "Cần nêu rõ người phụ trách từng việc.",
]


def _at(day: datetime.date, hour: int = 19) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _month(day: datetime.date, shift: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + shift
    return datetime.date(index // 12, index % 12 + 1, 1)


HELD_THIS_MONTH = 0.8


def _past(
    branch: Org, kind: str, starts: datetime.datetime, title: str, rng: random.Random, *, app: bool = False
) -> None:
    meeting = Meeting.objects.create(
        branch=branch,
        kind=kind,
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        place="Nhà văn hóa khu phố",
        state=MeetingState.PUBLISHED,
        published_at=starts - datetime.timedelta(days=5),
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title=title, presenter="Bí thư chi bộ")
    people = list(invitees(branch).values_list("pk", "user__last_login"))
    rows = []
    for pk, last_login in people:
        presence = rng.choices(list(Presence), weights=[85, 10, 5])[0]
        # On the app: a present member who has signed in checks in with the QR code (most of them do).
        by_qr = app and presence == Presence.PRESENT and last_login is not None and rng.random() < 0.85
        rows.append(Attendance(meeting=meeting, member_id=pk, presence=presence, by_qr=by_qr))
    Attendance.objects.bulk_create(rows)
    Minutes.objects.create(
        meeting=meeting,
        content=f"Chi bộ sinh hoạt theo nội dung: {title}.",
        conclusions="Chi bộ thống nhất các nội dung đã thảo luận.",
        finalised_at=min(starts + datetime.timedelta(days=1), timezone.now()),
    )


def load_meeting_demo(*, seed: int = 2025) -> int:
    """Seed every branch's meetings; returns the number of branches."""
    rng = random.Random(seed)
    today = timezone.localdate()
    branches = list(Org.objects.branches().order_by("path"))
    for index, branch in enumerate(branches):
        for back in (3, 2, 1):
            month = _month(today, -back)
            _past(
                branch,
                MeetingKind.REGULAR,
                _at(month.replace(day=5)),
                f"Sinh hoạt thường kỳ tháng {month:%m/%Y}",
                rng,
            )
        quarter_start = _month(today, -((today.month - 1) % 3) - 3)
        _past(
            branch,
            MeetingKind.THEMATIC,
            _at(quarter_start.replace(day=20)),
            "Sinh hoạt chuyên đề: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            rng,
        )
        held = index > 0 and today.day > 1 and rng.random() < HELD_THIS_MONTH
        if held:
            _past(
                branch,
                MeetingKind.REGULAR,
                _at(today.replace(day=min(5, today.day - 1))),
                f"Sinh hoạt thường kỳ tháng {today:%m/%Y}",
                rng,
                app=True,
            )
            day = _month(today, 1).replace(day=5)  # the next one: next month's, documents sent in time
        else:
            # This month's (or, late in the month, the next days') meeting, documents 3 days ahead.
            day = max(today + datetime.timedelta(days=3), today.replace(day=25))
        meeting = create_meeting(
            by=None,
            branch=branch,
            kind=MeetingKind.REGULAR,
            title=f"Sinh hoạt thường kỳ tháng {day:%m/%Y}",
            starts_at=_at(day),
            ends_at=_at(day, 20),
            place="Nhà văn hóa khu phố",
        )
        items = [
            add_agenda_item(by=None, meeting=meeting, title=t, presenter="Bí thư chi bộ") for t in TOPICS[:3]
        ]
        attach_document(
            by=None,
            meeting=meeting,
            title="Dự thảo báo cáo tháng",
            upload=SimpleUploadedFile("du-thao-bao-cao.pdf", DEMO_PDF),
        )
        publish_meeting(by=None, meeting=meeting)
        for user, text in zip(
            User.objects.filter(member__org=branch).order_by("pk")[:3], COMMENTS, strict=False
        ):
            add_comment(by=user, item=items[0], body=text)
        following = _month(today, 1).replace(day=5)
        # The first branch has not scheduled next month: its flag shows after the 20th.
        if index > 0 and (day.year, day.month) != (following.year, following.month):
            create_meeting(
                by=None,
                branch=branch,
                kind=MeetingKind.REGULAR,
                title=f"Sinh hoạt thường kỳ tháng {following:%m/%Y}",
                starts_at=_at(following),
                ends_at=_at(following, 20),
                place="Nhà văn hóa khu phố",
            )
    return len(branches)
