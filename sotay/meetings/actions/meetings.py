"""Scheduling a meeting, its agenda and documents, and publishing it (the invitations)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import User
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.meetings import files, notices
from sotay.meetings.access import COMMITTEE_TYPES, MEETING_ORG_TYPES, invitee_users, invitees
from sotay.meetings.actions.common import audit, refuse_cancelled, require_manager
from sotay.meetings.models import AgendaItem, Document, Meeting, MeetingAudience, MeetingKind, MeetingState
from sotay.meetings.models.meeting import is_https_link
from sotay.members.models import Member
from sotay.orgs.models import Org

MAX_HOURS = 12
# How far ahead a meeting may be scheduled: a branch plans its year's meetings, not its decade's. A date
# typed with a wrong year (31/12/9999) is refused here rather than stored for every page to trip on.
MAX_DAYS_AHEAD = 400
# The fields whose change after publishing is announced again.
NOTICED = {
    "starts_at": "thời gian",
    "ends_at": "giờ kết thúc",
    "place": "địa điểm",
    "online_link": "đường dẫn họp",
}


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


_HTTPS = URLValidator(schemes=["https"])


def _is_https_address(link: str) -> bool:
    """A whole https:// address (Django's URL check) that the meeting page will link to
    (`models.meeting.is_https_link`: no user part)."""
    try:
        _HTTPS(link)
    except ValidationError:
        return False
    return is_https_link(link)


def _validate(
    *,
    branch: Org,
    values: dict[str, Any],
    exclude: int | None = None,
    new_time: bool = True,
    new_link: bool = True,
) -> None:
    """Refuse bad values; `new_time` is False when an edit keeps the times (a past meeting's title may
    still be corrected), `new_link` when it keeps the online link (one saved before links had to be
    https:// does not block an edit of the title; the page shows it without a link)."""
    errors: dict[str, list[str]] = {}
    if values["kind"] not in MeetingKind.values:
        errors["kind"] = ["Loại sinh hoạt không hợp lệ."]
    if not values["title"].strip():
        errors["title"] = ["Hãy nhập chủ đề buổi sinh hoạt."]
    starts, ends = values["starts_at"], values["ends_at"]
    if new_time and starts <= timezone.now():
        errors["starts_at"] = ["Không thể lên lịch một buổi sinh hoạt trong quá khứ."]
    elif new_time and starts > timezone.now() + datetime.timedelta(days=MAX_DAYS_AHEAD):
        latest = timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD)
        errors["starts_at"] = [
            f"Chỉ lên lịch sinh hoạt trong vòng {MAX_DAYS_AHEAD} ngày tới (đến {latest:%d/%m/%Y}); "
            "hãy kiểm tra lại năm."
        ]
    if ends <= starts:
        errors["ends_at"] = ["Giờ kết thúc phải sau giờ bắt đầu."]
    elif ends - starts > datetime.timedelta(hours=MAX_HOURS):
        errors["ends_at"] = [f"Một buổi sinh hoạt dài tối đa {MAX_HOURS} giờ."]
    link = values["online_link"].strip()
    if not values["place"].strip() and not link:
        errors["place"] = ["Hãy nhập địa điểm hoặc đường dẫn họp trực tuyến."]
    elif link and new_link and not _is_https_address(link):
        # Members tap it from the meeting page: only a whole https:// address (not http://, where the
        # room's name and code travel in the clear, nor javascript: or a bare word).
        errors["online_link"] = [
            "Đường dẫn họp trực tuyến phải là địa chỉ đầy đủ bắt đầu bằng https://, "
            "ví dụ https://hop.example.vn/phong-1."
        ]
    chair = values.get("chair")
    if chair is not None and not invitees(branch).filter(pk=chair.pk).exists():
        errors["chair"] = ["Người chủ trì phải là người được mời dự buổi sinh hoạt."]
    if not errors:
        clash = Meeting.objects.of_branch(branch).filter(starts_at__lt=ends, ends_at__gt=starts)
        if exclude is not None:
            clash = clash.exclude(pk=exclude)
        other = clash.first()
        if other is not None:
            errors["starts_at"] = [
                f"Trùng giờ với buổi sinh hoạt «{other.title}» lúc {_local(other.starts_at)}."
            ]
    if errors:
        raise ActionError(errors)


@transaction.atomic
def create_meeting(
    *,
    by: User | None,
    branch: Org,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    online_link: str = "",
    chair: Member | None = None,
) -> Meeting:
    if branch.type not in MEETING_ORG_TYPES:
        raise ActionError("Chỉ chi bộ (hoặc ban chấp hành đảng ủy cơ sở) mới có lịch sinh hoạt.")
    require_manager(by, branch)
    values = {
        "kind": kind,
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "online_link": online_link,
        "chair": chair,
    }
    _validate(branch=branch, values=values)
    meeting = Meeting.objects.create(
        branch=branch,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_link=online_link.strip(),
        chair=chair,
        audience=MeetingAudience.COMMITTEE if branch.type in COMMITTEE_TYPES else MeetingAudience.BRANCH,
        created_by=by,
    )
    audit(
        by=by,
        action=AuditAction.CREATE,
        meeting=meeting,
        summary=f"Lên lịch sinh hoạt «{meeting.title}» ngày {_local(starts_at)} tại {branch.code}",
    )
    return meeting


@transaction.atomic
def update_meeting(*, by: User | None, meeting: Meeting, **values: Any) -> list[str]:
    """Change the meeting's fields; after publishing, a change of time or place is sent to the members
    again, saying what changed. Returns the labels of the announced changes."""
    require_manager(by, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    refuse_cancelled(meeting)
    fields = ["kind", "title", "starts_at", "ends_at", "place", "online_link", "chair"]
    merged = {f: values.get(f, getattr(meeting, f)) for f in fields}
    merged["title"] = merged["title"].strip()
    merged["online_link"] = (merged["online_link"] or "").strip()
    new_time = (merged["starts_at"], merged["ends_at"]) != (meeting.starts_at, meeting.ends_at)
    new_link = merged["online_link"] != meeting.online_link
    _validate(branch=meeting.branch, values=merged, exclude=meeting.pk, new_time=new_time, new_link=new_link)
    before = {f: getattr(meeting, f) for f in fields}
    changed = [f for f in fields if before[f] != merged[f]]
    if not changed:
        return []
    for f in changed:
        setattr(meeting, f, merged[f])
    meeting.sequence += 1
    meeting.save(update_fields=[*changed, "sequence"])
    audit(
        by=by,
        action=AuditAction.UPDATE,
        meeting=meeting,
        summary=f"Sửa buổi sinh hoạt «{meeting.title}»",
        changes={f: [str(before[f]), str(merged[f])] for f in changed},
    )
    announced = [f for f in changed if f in NOTICED]
    if meeting.is_published and announced:
        lines = []
        for f in announced:
            old, new = before[f], merged[f]
            if isinstance(new, datetime.datetime):
                old, new = _local(old), _local(new)
            lines.append(f"{NOTICED[f].capitalize()}: {old or '—'} → {new or '—'}")
        notices.send(
            users=invitee_users(meeting),
            kind="changed",
            title=f"Thay đổi lịch sinh hoạt: {meeting.title}",
            body="\n".join(lines),
            url=reverse("meeting_detail", args=[meeting.pk]),
            dedupe=f"meeting:{meeting.pk}:changed:{timezone.now():%Y%m%d%H%M%S%f}",
        )
    return [NOTICED[f] for f in announced]


@transaction.atomic
def add_agenda_item(*, by: User | None, meeting: Meeting, title: str, presenter: str = "") -> AgendaItem:
    require_manager(by, meeting)
    refuse_cancelled(meeting)
    title, presenter = title.strip(), presenter.strip()
    if not title:
        raise ActionError({"title": ["Hãy nhập nội dung."]})
    if len(title) > 300 or len(presenter) > 150:
        raise ActionError({"title": ["Nội dung tối đa 300 ký tự, tên người trình bày tối đa 150 ký tự."]})
    last = meeting.agenda.aggregate(m=Max("position"))["m"] or 0
    item = AgendaItem.objects.create(meeting=meeting, position=last + 1, title=title, presenter=presenter)
    audit(
        by=by,
        action=AuditAction.CREATE,
        meeting=meeting,
        object_type="agenda_item",
        object_id=item.pk,
        summary=f"Thêm nội dung «{title[:80]}» vào buổi sinh hoạt {meeting.pk}",
    )
    return item


@transaction.atomic
def attach_document(*, by: User | None, meeting: Meeting, title: str, upload: UploadedFile) -> Document:
    require_manager(by, meeting)
    refuse_cancelled(meeting)
    data, kind = files.check(upload)
    title = (title.strip() or (upload.name or "Tài liệu"))[:200]
    stored = files.store(data, kind)
    document = Document.objects.create(
        meeting=meeting,
        title=title,
        original_name=(upload.name or "")[:255],
        stored_name=stored,
        content_type=files.KINDS[kind][0],
        size=len(data),
        created_by=by,
    )
    audit(
        by=by,
        action=AuditAction.CREATE,
        meeting=meeting,
        object_type="meeting_document",
        object_id=document.pk,
        summary=f"Đính kèm tài liệu «{title[:80]}» ({kind.upper()})",
    )
    return document


@transaction.atomic
def publish_meeting(*, by: User | None, meeting: Meeting) -> int:
    """Send the invitations: every invitee with an account is notified once. Returns how many."""
    require_manager(by, meeting)
    given = meeting
    meeting = Meeting.objects.select_for_update().select_related("branch").get(pk=meeting.pk)
    if meeting.is_published:
        return 0
    refuse_cancelled(meeting)
    if meeting.starts_at <= timezone.now():
        raise ActionError("Buổi sinh hoạt đã qua, không gửi giấy mời được.")
    if not meeting.agenda.exists():
        raise ActionError("Hãy thêm ít nhất một nội dung sinh hoạt trước khi gửi giấy mời.")
    meeting.state = MeetingState.PUBLISHED
    meeting.published_at = timezone.now()
    meeting.save(update_fields=["state", "published_at"])
    given.state, given.published_at = meeting.state, meeting.published_at
    users = invitee_users(meeting)
    count = users.count()
    place = meeting.place or meeting.online_link
    notices.send(
        users=users,
        kind="published",
        title=f"Giấy mời sinh hoạt: {meeting.title}",
        body=f"{meeting.get_kind_display()} lúc {_local(meeting.starts_at)}, {place}.",
        url=reverse("meeting_detail", args=[meeting.pk]),
        dedupe=f"meeting:{meeting.pk}:published",
    )
    audit(
        by=by,
        action=AuditAction.STATUS,
        meeting=meeting,
        summary=f"Gửi giấy mời sinh hoạt «{meeting.title}» tới {count} tài khoản",
    )
    return count


def send_reminders(*, now: datetime.datetime | None = None) -> int:
    """Remind the invitees of tomorrow's published meetings (the daily job); each meeting once."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    sent = 0
    due = Meeting.objects.published().filter(reminded_at__isnull=True, starts_at__date=tomorrow)
    for meeting in due.select_related("branch"):
        with transaction.atomic():
            notices.send(
                users=invitee_users(meeting),
                kind="reminder",
                title=f"Nhắc lịch: ngày mai sinh hoạt chi bộ — {meeting.title}",
                body=f"Lúc {_local(meeting.starts_at)}, {meeting.place or meeting.online_link}.",
                url=reverse("meeting_detail", args=[meeting.pk]),
                dedupe=f"meeting:{meeting.pk}:reminder",
            )
            Meeting.objects.filter(pk=meeting.pk).update(reminded_at=now)
            audit(by=None, action=AuditAction.UPDATE, meeting=meeting, summary="Gửi nhắc lịch sinh hoạt")
        sent += 1
    return sent
