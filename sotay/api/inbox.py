"""The account's own notifications: list (unread filter), mark one read, mark all read (the owner's only)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from sotay.api.pagination import CursorParams, page_by
from sotay.api.problems import problems
from sotay.api.schemas import Page
from sotay.notifications.actions import mark_all_read, mark_read
from sotay.notifications.models import Notification

router = Router(tags=["notifications"])


class NotificationParams(CursorParams):
    unread: bool = Field(False, description="Chỉ các thông báo chưa đọc.")


class NotificationOut(Schema):
    id: int
    kind: str = Field(title="Loại")
    title: str = Field(title="Tiêu đề")
    body: str = Field(title="Nội dung")
    url: str = Field(title="Liên kết", description="Đường dẫn trên máy chủ này (trang web), có thể trống.")
    created_at: datetime.datetime = Field(title="Lúc")
    read_at: datetime.datetime | None = Field(title="Đã đọc lúc")


class MarkedOut(Schema):
    marked: int = Field(title="Số thông báo vừa đánh dấu đã đọc")


def _out(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": n.title,
        "body": n.body,
        "url": n.url,
        "created_at": n.created_at,
        "read_at": n.read_at,
    }


@router.get("/notifications", response={200: Page[NotificationOut], **problems(400, 401, 422)})
def list_notifications(request: HttpRequest, params: Query[NotificationParams]) -> dict[str, Any]:
    """The signed-in account's notifications, newest first."""
    qs = Notification.objects.of(request.user)
    if params.unread:
        qs = qs.unread()
    rows, following = page_by(qs, field="-id", cursor=params.cursor)
    return {"items": [_out(n) for n in rows], "next": following}


@router.post(
    "/notifications/{notification_id}/read", response={200: NotificationOut, **problems(401, 404, 422)}
)
def read_notification(request: HttpRequest, notification_id: int) -> dict[str, Any]:
    """Mark one of one's notifications read (again: nothing changes); another account's is a 404."""
    n = Notification.objects.of(request.user).filter(pk=notification_id).first()
    if n is None:
        raise Http404
    mark_read(user=request.user, notification=n)  # type: ignore[arg-type]
    return _out(n)


@router.post("/notifications/read", response={200: MarkedOut, **problems(401)})
def read_all_notifications(request: HttpRequest) -> dict[str, Any]:
    """Mark all of one's unread notifications read."""
    return {"marked": mark_all_read(user=request.user)}  # type: ignore[arg-type]
