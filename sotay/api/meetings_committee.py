"""The branch committee's meetings through the API: schedule, edit, agenda, documents, publish, the QR
check-in token, attendance, motions, minutes. Every write is the meetings app's action (which checks the
committee's role again); a meeting outside the caller's subtree is a 404, as on the pages."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import File, Form, Query, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from sotay.api.meetings import DocumentOut, MeetingOut, MinutesOut, MotionOut, meeting_out, router
from sotay.api.pagination import CursorParams, page_by
from sotay.api.problems import problems
from sotay.api.schemas import Page
from sotay.meetings import checkin
from sotay.meetings.access import get_branch_for_user, get_meeting_for_user, invitees, meetings_for
from sotay.meetings.actions.attendance import mark_attendance
from sotay.meetings.actions.meetings import (
    add_agenda_item,
    attach_document,
    create_meeting,
    publish_meeting,
    update_meeting,
)
from sotay.meetings.actions.minutes import finalise_minutes, save_minutes
from sotay.meetings.actions.votes import close_motion, open_motion
from sotay.meetings.models import Motion

# The meetings' one router: a path with a member's GET and the committee's PATCH/PUT is one URL pattern.
TAGS = ["meetings (committee)"]
BODY = (400, 401, 404, 413, 422)


class MeetingIn(Schema):
    kind: Literal["regular", "thematic", "extraordinary"] = "regular"
    title: str = Field(min_length=1, max_length=200, description="Chủ đề.")
    starts_at: datetime.datetime = Field(description="Bắt đầu (ISO 8601, có múi giờ).")
    ends_at: datetime.datetime = Field(description="Kết thúc.")
    place: str = Field("", max_length=255)
    online_link: str = Field("", max_length=500)


class MeetingPatch(Schema):
    kind: Literal["regular", "thematic", "extraordinary"] | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    place: str | None = Field(None, max_length=255)
    online_link: str | None = Field(None, max_length=500)


class AgendaIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    presenter: str = Field("", max_length=150)


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    presenter: str


class PublishedOut(Schema):
    invited: int = Field(description="Số tài khoản nhận giấy mời lần này (0: đã gửi từ trước).")


class CheckInToken(Schema):
    token: str = Field(description="Mã điểm danh của phút này (hiện thành mã QR); hết hạn sau khoảng 2 phút.")


class AttendanceIn(Schema):
    presence: Literal["present", "excused", "absent"]


class AttendanceOut(Schema):
    member_id: int
    presence: str


class MotionIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    secret: bool = False
    by_hands: bool = False


class MotionClose(Schema):
    votes_for: int | None = Field(None, ge=0, le=100000)
    votes_against: int | None = Field(None, ge=0, le=100000)
    votes_abstain: int | None = Field(None, ge=0, le=100000)


class MotionResult(MotionOut):
    votes_for: int
    votes_against: int
    votes_abstain: int
    present: int


class MinutesIn(Schema):
    content: str = Field("", max_length=20000)
    conclusions: str = Field("", max_length=10000)


def _managed(request: HttpRequest, meeting_id: int) -> Any:
    return get_meeting_for_user(request.user, meeting_id, manage=True)


def _minutes(m: Any, minutes: Any) -> dict[str, Any]:
    return {
        "meeting_id": m.pk,
        "content": minutes.content,
        "conclusions": minutes.conclusions,
        "finalised_at": minutes.finalised_at,
    }


@router.get(
    "/branches/{branch_id}/meetings",
    tags=TAGS,
    response={200: Page[MeetingOut], **problems(400, 401, 404, 422)},
)
def branch_meetings(request: HttpRequest, branch_id: int, params: Query[CursorParams]) -> dict[str, Any]:
    """A branch's meetings, drafts included, for its committee; 404 outside."""
    branch = get_branch_for_user(request.user, branch_id, manage=True)
    rows, following = page_by(
        meetings_for(request.user, branch).select_related("branch"), field="-id", cursor=params.cursor
    )
    return {"items": [meeting_out(m) for m in rows], "next": following}


@router.post("/branches/{branch_id}/meetings", tags=TAGS, response={201: MeetingOut, **problems(*BODY)})
def schedule_meeting(request: HttpRequest, branch_id: int, data: MeetingIn) -> Status:
    """Schedule a draft meeting (the same checks as the page: future, no clash, a place or a link)."""
    branch = get_branch_for_user(request.user, branch_id, manage=True)
    m = create_meeting(by=request.user, branch=branch, **data.dict())  # type: ignore[arg-type]
    return Status(201, meeting_out(m))


@router.patch("/meetings/{meeting_id}", tags=TAGS, response={200: MeetingOut, **problems(*BODY)})
def edit_meeting(request: HttpRequest, meeting_id: int, data: MeetingPatch) -> dict[str, Any]:
    """Change a meeting's fields; once published, a new time or place is sent to the members."""
    m = _managed(request, meeting_id)
    update_meeting(by=request.user, meeting=m, **data.dict(exclude_none=True))  # type: ignore[arg-type]
    return meeting_out(_managed(request, meeting_id))


@router.post("/meetings/{meeting_id}/agenda", tags=TAGS, response={201: AgendaItemOut, **problems(*BODY)})
def add_agenda(request: HttpRequest, meeting_id: int, data: AgendaIn) -> Status:
    """Add an item at the end of the agenda."""
    item = add_agenda_item(by=request.user, meeting=_managed(request, meeting_id), **data.dict())  # type: ignore[arg-type]
    return Status(
        201, {"id": item.pk, "position": item.position, "title": item.title, "presenter": item.presenter}
    )


@router.post("/meetings/{meeting_id}/documents", tags=TAGS, response={201: DocumentOut, **problems(*BODY)})
def upload_document(
    request: HttpRequest,
    meeting_id: int,
    title: str = Form("", max_length=200),
    file: UploadedFile = File(...),  # noqa: B008
) -> Status:
    """Attach a document (multipart `file`, `title`): PDF, image or office file, type read from content."""
    d = attach_document(by=request.user, meeting=_managed(request, meeting_id), title=title, upload=file)  # type: ignore[arg-type]
    url = f"/api/v1/meetings/documents/{d.pk}"
    return Status(
        201, {"id": d.pk, "title": d.title, "content_type": d.content_type, "size": d.size, "url": url}
    )


@router.post(
    "/meetings/{meeting_id}/publish",
    tags=TAGS,
    response={200: PublishedOut, **problems(400, 401, 404, 422)},
)
def publish_meeting_invitations(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """Send the invitations (a second call sends nothing)."""
    return {"invited": publish_meeting(by=request.user, meeting=_managed(request, meeting_id))}  # type: ignore[arg-type]


@router.get(
    "/meetings/{meeting_id}/check-in-token",
    tags=TAGS,
    response={200: CheckInToken, **problems(401, 404, 422)},
)
def check_in_token(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """The current QR check-in token, for the secretary's screen."""
    return {"token": checkin.make_token(_managed(request, meeting_id).pk)}


@router.put(
    "/meetings/{meeting_id}/attendance/{member_id}",
    tags=TAGS,
    response={200: AttendanceOut, **problems(*BODY)},
)
def mark_meeting_attendance(
    request: HttpRequest, meeting_id: int, member_id: int, data: AttendanceIn
) -> dict[str, Any]:
    """Mark one member of the branch present, excused or absent."""
    m = _managed(request, meeting_id)
    member = invitees(m.branch).filter(pk=member_id).first()
    if member is None:
        raise Http404
    row = mark_attendance(by=request.user, meeting=m, member=member, presence=data.presence)  # type: ignore[arg-type]
    return {"member_id": member.pk, "presence": row.presence}


def _motion(x: Motion) -> dict[str, Any]:
    return {
        "id": x.pk,
        "title": x.title,
        "secret": x.secret,
        "open": x.is_open,
        "votes_for": x.votes_for,
        "votes_against": x.votes_against,
        "votes_abstain": x.votes_abstain,
        "present": x.present,
    }


@router.post("/meetings/{meeting_id}/motions", tags=TAGS, response={201: MotionResult, **problems(*BODY)})
def add_motion(request: HttpRequest, meeting_id: int, data: MotionIn) -> Status:
    """Put a motion to the vote (by phone, or by show of hands with `by_hands`)."""
    x = open_motion(by=request.user, meeting=_managed(request, meeting_id), **data.dict())  # type: ignore[arg-type]
    return Status(201, _motion(x))


@router.post(
    "/meetings/motions/{motion_id}/close", tags=TAGS, response={200: MotionResult, **problems(*BODY)}
)
def end_motion(request: HttpRequest, motion_id: int, data: MotionClose) -> dict[str, Any]:
    """End the vote; for a show of hands, with the three counts."""
    x = Motion.objects.select_related("meeting").filter(pk=motion_id).first()
    if x is None:
        raise Http404
    _managed(request, x.meeting_id)
    return _motion(close_motion(by=request.user, motion=x, **data.dict()))  # type: ignore[arg-type]


@router.put("/meetings/{meeting_id}/minutes", tags=TAGS, response={200: MinutesOut, **problems(*BODY)})
def write_minutes(request: HttpRequest, meeting_id: int, data: MinutesIn) -> dict[str, Any]:
    """Write the draft minutes (after the meeting has started)."""
    m = _managed(request, meeting_id)
    return _minutes(m, save_minutes(by=request.user, meeting=m, **data.dict()))  # type: ignore[arg-type]


@router.post(
    "/meetings/{meeting_id}/minutes/finalise",
    tags=TAGS,
    response={200: MinutesOut, **problems(400, 401, 404, 422)},
)
def finalise_meeting_minutes(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """Finalise the minutes and publish them to the branch."""
    m = _managed(request, meeting_id)
    return _minutes(m, finalise_minutes(by=request.user, meeting=m))  # type: ignore[arg-type]
