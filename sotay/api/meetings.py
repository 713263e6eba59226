"""The member's branch meetings through the API: list, detail (agenda, documents, comments), document
download through the permission check, RSVP, comment, QR check-in, vote, minutes. Same access rules as the
pages (`sotay.meetings.access`: a branch member sees published meetings; the committee its subtree's)."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router, Schema, Status
from pydantic import Field

from sotay.api.pagination import CursorParams, page_by
from sotay.api.problems import problems
from sotay.api.schemas import OrgRef, Page
from sotay.meetings import files
from sotay.meetings.access import can_manage, get_meeting_for_user, own_member
from sotay.meetings.actions.attendance import check_in
from sotay.meetings.actions.before import add_comment, answer_invitation, record_read
from sotay.meetings.actions.votes import cast_vote
from sotay.meetings.models import AgendaItem, Document, Meeting, Minutes, Motion, Rsvp

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    branch: OrgRef = Field(title="Chi bộ")
    kind: str = Field(title="Loại")
    title: str = Field(title="Chủ đề")
    starts_at: datetime.datetime = Field(title="Bắt đầu")
    ends_at: datetime.datetime = Field(title="Kết thúc")
    place: str = Field(title="Địa điểm")
    online_link: str = Field(title="Đường dẫn họp trực tuyến")
    state: str = Field(title="Trạng thái", description="draft / published")


class CommentOut(Schema):
    id: int
    author: str = Field(title="Người viết")
    body: str = Field(title="Ý kiến")
    created_at: datetime.datetime


class AgendaOut(Schema):
    id: int
    position: int = Field(title="Thứ tự")
    title: str = Field(title="Nội dung")
    presenter: str = Field(title="Người trình bày")
    comments: list[CommentOut]


class DocumentOut(Schema):
    id: int
    title: str = Field(title="Tên tài liệu")
    content_type: str
    size: int = Field(title="Dung lượng (byte)")
    url: str = Field(title="Tải về", description="Đường dẫn API của tệp (cần mã truy cập).")


class MotionOut(Schema):
    id: int
    title: str = Field(title="Nội dung biểu quyết")
    secret: bool = Field(title="Bỏ phiếu kín")
    open: bool = Field(title="Đang biểu quyết")


class MeetingDetail(MeetingOut):
    agenda: list[AgendaOut]
    documents: list[DocumentOut]
    motions: list[MotionOut]
    my_answer: str | None = Field(title="Trả lời giấy mời của tôi", description="attending / absent / null")


class MinutesOut(Schema):
    meeting_id: int
    content: str = Field(title="Diễn biến")
    conclusions: str = Field(title="Kết luận")
    finalised_at: datetime.datetime | None = Field(title="Hoàn tất lúc")


class RsvpIn(Schema):
    answer: Literal["attending", "absent"] = Field(description="Tham dự (attending) hoặc vắng mặt (absent).")
    reason: str = Field("", max_length=255, description="Lý do vắng (bắt buộc khi vắng mặt).")


class RsvpOut(Schema):
    answer: str
    reason: str


class CheckInIn(Schema):
    token: str = Field(min_length=1, max_length=200, description="Mã trong mã QR trên màn hình của thư ký.")


class CheckInOut(Schema):
    meeting_id: int
    checked_in: bool = Field(description="false: đã điểm danh từ trước, lần quét này không đổi gì.")


class CommentIn(Schema):
    body: str = Field(min_length=1, max_length=2000, description="Ý kiến về nội dung này.")


class VoteIn(Schema):
    choice: Literal["for", "against", "abstain"]


class VoteOut(Schema):
    counted: bool = Field(description="false: đã biểu quyết từ trước, lần này không tính.")


def meeting_out(m: Meeting) -> dict[str, Any]:
    return {
        "id": m.pk,
        "branch": {"id": m.branch_id, "name": m.branch.name},
        "kind": m.kind,
        "title": m.title,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "place": m.place,
        "online_link": m.online_link,
        "state": m.state,
    }


@router.get("/meetings", response={200: Page[MeetingOut], **problems(400, 401, 422)})
def my_meetings(request: HttpRequest, params: Query[CursorParams]) -> dict[str, Any]:
    """The published meetings of the member's branch, the latest start first (empty without a branch)."""
    member = own_member(request.user)
    if member is None:
        return {"items": [], "next": None}
    qs = Meeting.objects.of_branch(member.org_id).published().select_related("branch")
    rows, following = page_by(qs, field="-id", cursor=params.cursor)
    return {"items": [meeting_out(m) for m in rows], "next": following}


@router.get("/meetings/{meeting_id}", response={200: MeetingDetail, **problems(401, 404, 422)})
def meeting_detail(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """A meeting with its agenda (visible comments), documents and motions; 404 outside."""
    m = get_meeting_for_user(request.user, meeting_id)
    items = AgendaItem.objects.filter(meeting=m).prefetch_related("comments__author")
    member = own_member(request.user)
    rsvp = Rsvp.objects.filter(meeting=m, member=member).first() if member else None
    agenda = [
        {
            "id": i.pk,
            "position": i.position,
            "title": i.title,
            "presenter": i.presenter,
            "comments": [
                {
                    "id": c.pk,
                    "author": c.author.get_full_name() or c.author.username,
                    "body": c.body,
                    "created_at": c.created_at,
                }
                for c in i.comments.all()
                if c.hidden_at is None
            ],
        }
        for i in items
    ]
    documents = [
        {
            "id": d.pk,
            "title": d.title,
            "content_type": d.content_type,
            "size": d.size,
            "url": f"/api/v1/meetings/documents/{d.pk}",
        }
        for d in Document.objects.filter(meeting=m)
    ]
    motions = [
        {"id": x.pk, "title": x.title, "secret": x.secret, "open": x.is_open}
        for x in Motion.objects.filter(meeting=m)
    ]
    return meeting_out(m) | {
        "agenda": agenda,
        "documents": documents,
        "motions": motions,
        "my_answer": rsvp.answer if rsvp else None,
    }


@router.get(
    "/meetings/documents/{document_id}",
    response={200: bytes, **problems(401, 404, 422)},
    openapi_extra={"responses": {200: {"description": "Tệp tài liệu", "content": {"*/*": {}}}}},
)
def meeting_document(request: HttpRequest, document_id: int) -> HttpResponse:
    """The document's bytes with its content type, to whoever may see its meeting; a member's first
    download is their read receipt."""
    document = Document.objects.select_related("meeting").filter(pk=document_id).first()
    if document is None:
        raise Http404
    get_meeting_for_user(request.user, document.meeting_id)
    path = files.path_of(document.stored_name)
    if not path.is_file():
        raise Http404
    record_read(by=request.user, document=document)  # type: ignore[arg-type]
    response = HttpResponse(path.read_bytes(), content_type=document.content_type)
    disposition = content_disposition_header(True, document.original_name or path.name)
    if disposition:
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.put("/meetings/{meeting_id}/rsvp", response={200: RsvpOut, **problems(400, 401, 404, 413, 422)})
def rsvp(request: HttpRequest, meeting_id: int, data: RsvpIn) -> dict[str, Any]:
    """Answer the invitation (the last answer counts); closed once the meeting has started."""
    m = get_meeting_for_user(request.user, meeting_id)
    row = answer_invitation(by=request.user, meeting=m, answer=data.answer, reason=data.reason)  # type: ignore[arg-type]
    return {"answer": row.answer, "reason": row.reason}


@router.post("/check-in", response={200: CheckInOut, **problems(400, 401, 413, 422)})
def meeting_check_in(request: HttpRequest, data: CheckInIn) -> dict[str, Any]:
    """Check in with the token of the QR code on the secretary's screen (valid about two minutes)."""
    meeting, created = check_in(by=request.user, token=data.token)  # type: ignore[arg-type]
    return {"meeting_id": meeting.pk, "checked_in": created}


@router.post(
    "/meetings/agenda/{item_id}/comments", response={201: CommentOut, **problems(400, 401, 404, 413, 422)}
)
def comment_agenda_item(request: HttpRequest, item_id: int, data: CommentIn) -> Status:
    """Comment on an agenda item before the meeting."""
    item = AgendaItem.objects.select_related("meeting").filter(pk=item_id).first()
    if item is None:
        raise Http404
    get_meeting_for_user(request.user, item.meeting_id)
    c = add_comment(by=request.user, item=item, body=data.body)  # type: ignore[arg-type]
    author = request.user.get_full_name() or request.user.username  # type: ignore[union-attr]
    return Status(201, {"id": c.pk, "author": author, "body": c.body, "created_at": c.created_at})


@router.post(
    "/meetings/motions/{motion_id}/vote", response={200: VoteOut, **problems(400, 401, 404, 413, 422)}
)
def vote(request: HttpRequest, motion_id: int, data: VoteIn) -> dict[str, Any]:
    """Vote on an open motion of one's branch meeting (once)."""
    motion = Motion.objects.select_related("meeting").filter(pk=motion_id).first()
    if motion is None:
        raise Http404
    get_meeting_for_user(request.user, motion.meeting_id)
    return {"counted": cast_vote(by=request.user, motion=motion, choice=data.choice)}  # type: ignore[arg-type]


@router.get("/meetings/{meeting_id}/minutes", response={200: MinutesOut, **problems(401, 404, 422)})
def meeting_minutes(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    """The minutes: finalised ones for the members, the draft too for the committee; 404 when none."""
    m = get_meeting_for_user(request.user, meeting_id)
    minutes = Minutes.objects.filter(meeting=m).first()
    if minutes is None or (minutes.finalised_at is None and not can_manage(request.user, m.branch)):
        raise Http404
    return {
        "meeting_id": m.pk,
        "content": minutes.content,
        "conclusions": minutes.conclusions,
        "finalised_at": minutes.finalised_at,
    }
