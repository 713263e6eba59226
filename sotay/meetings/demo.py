"""Demo meetings for every branch of the demo tree (synthetic): three past months with minutes and attendance,
last quarter's thematic meeting, and this month's regular meeting held (on the 5th, or earlier in a month's
first days) by about four branches in five, members with a handbook account checking in with the QR code; each
branch's next meeting is published with documents and comments (next month's for those that met, this month's
for the others), and the others have next month's meeting scheduled too, except the first branch (so its
compliance flag shows after the 20th). Run it after the handbook adoption (accounts) is seeded.
`load_meeting_changes` adds a cancelled meeting (its invitees told why) and a meeting of a đảng ủy cơ sở's
executive committee, with two committee accounts.

Past meetings are written directly: the actions refuse a meeting in the past by design, and a demo needs a
history. Everything from today on goes through the actions.
"""

from __future__ import annotations

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sotay.accounts.actions import create_user, grant_role
from sotay.accounts.models import Role, User
from sotay.meetings.access import invitees
from sotay.meetings.actions.before import add_comment
from sotay.meetings.actions.cancel import cancel_meeting
from sotay.meetings.actions.meetings import add_agenda_item, attach_document, create_meeting, publish_meeting
from sotay.meetings.models import (
    AgendaItem,
    Attendance,
    Document,
    DocumentRead,
    Meeting,
    MeetingKind,
    MeetingState,
    Minutes,
    Presence,
)
from sotay.members.models import Member, MemberStatus
from sotay.orgs.models import Org, OrgType

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
    if app:
        # Sent on the app 4 days ahead; most members who use the app opened it before the meeting.
        document = attach_document(
            by=None,
            meeting=meeting,
            title="Dự thảo báo cáo tháng",
            upload=SimpleUploadedFile("du-thao-bao-cao.pdf", DEMO_PDF),
        )
        Document.objects.filter(pk=document.pk).update(created_at=starts - datetime.timedelta(days=4))
        DocumentRead.objects.bulk_create(
            DocumentRead(document=document, member_id=pk)
            for pk, last_login in people
            if last_login is not None and rng.random() < 0.75
        )
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


CANCELLED_TITLE = "Sinh hoạt chuyên đề: công tác phòng, chống thiên tai"
CANCEL_REASON = "Bão số 9 đổ bộ, mưa lớn kéo dài; chi bộ sẽ thông báo lịch sinh hoạt bù."
COMMITTEE_TITLE = "Họp Ban chấp hành Đảng ủy: chuẩn bị sơ kết công tác 6 tháng"
# username → committee role at the demo's đảng bộ cơ sở (each linked to a member of its subtree).
COMMITTEE_PERSONAS = {"bithu.dangbo": Role.BRANCH_SECRETARY, "uyvien.dangbo": Role.BRANCH_COMMITTEE}


def _soon(days: int, hour: int = 19) -> tuple[datetime.datetime, datetime.datetime]:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return _at(day, hour), _at(day, hour + 1)


def load_meeting_changes(*, branch: Org, ward: Org, password: str) -> list[str]:
    """A meeting of `branch` published then cancelled with a reason (its invitees are notified by the action),
    and, at the first đảng bộ cơ sở of `ward`, committee accounts and their published meeting. Idempotent:
    what exists already is kept. Returns the committee accounts' usernames."""
    if not Meeting.objects.filter(branch=branch, title=CANCELLED_TITLE).exists():
        starts, ends = _soon(9, hour=15)
        meeting = create_meeting(
            by=None,
            branch=branch,
            kind=MeetingKind.THEMATIC,
            title=CANCELLED_TITLE,
            starts_at=starts,
            ends_at=ends,
            place="Nhà văn hóa khu phố",
        )
        add_agenda_item(by=None, meeting=meeting, title="Phương án sơ tán hộ dân vùng trũng")
        publish_meeting(by=None, meeting=meeting)
        cancel_meeting(by=None, meeting=meeting, reason=CANCEL_REASON)
    unit = Org.objects.in_subtree(ward).filter(type=OrgType.DANG_BO_CO_SO).order_by("path").first()
    if unit is None:  # a demo tree too small to have one
        return []
    users = list(User.objects.filter(username__in=COMMITTEE_PERSONAS))
    if not users:
        free = Member.objects.in_subtree(unit).filter(
            status=MemberStatus.CHINH_THUC, user__isnull=True, in_transit_to__isnull=True
        )
        for (username, role), member in zip(COMMITTEE_PERSONAS.items(), free.order_by("code"), strict=False):
            user = create_user(by=None, username=username, password=password, member=member)
            grant_role(by=None, user=user, role=role, org=unit)
            users.append(user)
    if users and not Meeting.objects.filter(branch=unit, title=COMMITTEE_TITLE).exists():
        starts, ends = _soon(6, hour=14)
        meeting = create_meeting(
            by=users[0],
            branch=unit,
            kind=MeetingKind.REGULAR,
            title=COMMITTEE_TITLE,
            starts_at=starts,
            ends_at=ends,
            place="Phòng họp Đảng ủy",
        )
        for title in ("Dự thảo báo cáo sơ kết 6 tháng", "Phân công chuẩn bị đại hội chi bộ"):
            add_agenda_item(by=users[0], meeting=meeting, title=title, presenter="Bí thư Đảng ủy")
        publish_meeting(by=users[0], meeting=meeting)
    return sorted(u.username for u in users)
