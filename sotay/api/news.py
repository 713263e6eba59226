"""News through the API: the member's feed (pinned first, unread marks and count), an item (opening it
marks it read; the body is the sanitised HTML the page shows), and the editorial desk: write a draft,
submit it, approve (publishes now or at its set time), return with a comment, withdraw. Same access as
the pages (`sotay.news.access`): reading looks up the tree, the desk down; anything else is a 404."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from sotay.api.pagination import BAD_CURSOR, CursorParams, decode_cursor, encode_cursor, page_by
from sotay.api.problems import problems
from sotay.api.schemas import OrgRef, Page
from sotay.core.errors import ActionError
from sotay.news import access, actions, queries
from sotay.news.models import NewsItem, NewsStatus

router = Router(tags=["news"])


class NewsOut(Schema):
    id: int
    title: str = Field(title="Tiêu đề")
    target: OrgRef = Field(title="Đăng cho")
    pinned: bool = Field(title="Ghim lên đầu")
    status: NewsStatus = Field(title="Tình trạng")
    published_at: datetime.datetime | None = Field(title="Đăng lúc")
    unread: bool = Field(title="Chưa đọc", description="Chỉ có nghĩa với tin đã đăng.")
    has_image: bool = Field(title="Có ảnh")


class NewsDetail(NewsOut):
    body: str = Field(
        title="Nội dung",
        description="HTML đã làm sạch (chỉ p, strong, em, ul/ol/li, h2/h3, br và liên kết http(s)).",
    )
    image_alt: str = Field(title="Mô tả ảnh")
    publish_at: datetime.datetime | None = Field(title="Hẹn giờ đăng")
    return_comment: str = Field(title="Ý kiến khi trả lại", description="Chỉ người biên tập thấy.")
    can_manage: bool = Field(description="true: người gọi biên tập được tin này.")


class FeedPage(Page[NewsOut]):
    unread: int = Field(title="Số tin chưa đọc")


class DeskParams(CursorParams):
    status: NewsStatus | None = Field(None, description="Chỉ các tin ở tình trạng này.")
    waiting: bool = Field(False, description="Chỉ các tin chờ người gọi duyệt (không gồm tin của mình).")


class NewsIn(Schema):
    target_id: int = Field(description="Id của tổ chức mà tin đăng cho (trong phạm vi biên tập).")
    title: str = Field(min_length=1, max_length=actions.MAX_TITLE)
    body: str = Field(min_length=1, max_length=actions.MAX_BODY, description="Văn bản hoặc HTML đơn giản.")
    pinned: bool = False
    publish_at: datetime.datetime | None = Field(None, description="Hẹn giờ đăng; trống: đăng khi duyệt.")


class NewsPatch(Schema):
    """What is left out stays; `publish_at: null` clears the set time."""

    target_id: int | None = Field(None, description="Id của tổ chức trong phạm vi biên tập.")
    title: str | None = Field(None, min_length=1, max_length=actions.MAX_TITLE)
    body: str | None = Field(None, min_length=1, max_length=actions.MAX_BODY)
    pinned: bool | None = None
    publish_at: datetime.datetime | None = Field(None, description="Hẹn giờ đăng; null: đăng khi duyệt.")


class ReturnIn(Schema):
    comment: str = Field(min_length=1, max_length=2000, description="Người viết cần sửa gì.")


def news_out(item: NewsItem, *, unread: bool) -> dict[str, Any]:
    return {
        "id": item.pk,
        "title": item.title,
        "target": {"id": item.target_id, "name": item.target.name},
        "pinned": item.pinned,
        "status": item.status,
        "published_at": item.published_at,
        "unread": unread,
        "has_image": bool(item.image),
    }


def _detail(request: HttpRequest, item: NewsItem) -> dict[str, Any]:
    manage = access.may_manage(request.user, item)
    return news_out(item, unread=False) | {
        "body": item.body,
        "image_alt": item.image_alt,
        "publish_at": item.publish_at,
        "return_comment": item.return_comment if manage else "",
        "can_manage": manage,
    }


@router.get("/news", response={200: FeedPage, **problems(400, 401, 422)})
def news_feed(request: HttpRequest, params: Query[CursorParams]) -> dict[str, Any]:
    """The caller's news: pinned items lead the first page, then the newest; unread marks and count."""
    raw = decode_cursor(params.cursor) or ""
    if raw and queries.decode(raw) is None:
        raise HttpError(400, BAD_CURSOR)
    page = queries.feed_page(request.user, raw)
    items = [news_out(i, unread=not i.read) for i in [*page.pinned, *page.items]]  # type: ignore[attr-defined]
    following = encode_cursor(page.next_cursor) if page.next_cursor else None
    return {"items": items, "next": following, "unread": queries.unread_count(request.user)}


@router.get("/news/desk", response={200: Page[NewsOut], **problems(400, 401, 404, 422)})
def news_desk(request: HttpRequest, params: Query[DeskParams]) -> dict[str, Any]:
    """The editorial desk: the items of the caller's writing or approving scope, newest first; with
    `waiting`, those waiting for the caller's review. No editorial role: 404."""
    if not access.writing_orgs(request.user).exists() and not access.approver_roots(request.user):
        raise Http404
    qs = queries.waiting_for(request.user) if params.waiting else queries.desk_for(request.user)
    if params.status:
        qs = qs.filter(status=params.status)
    rows, following = page_by(qs, field="-id", cursor=params.cursor)
    return {"items": [news_out(i, unread=False) for i in rows], "next": following}


@router.post("/news", response={201: NewsDetail, **problems(400, 401, 404, 413, 422)})
def news_write(request: HttpRequest, data: NewsIn) -> Status:
    """Write a draft for an organisation of the caller's writing scope (a double submit is kept once)."""
    orgs = access.writing_orgs(request.user)
    if not orgs.exists():
        raise Http404
    target = orgs.filter(pk=data.target_id).first()
    if target is None:
        raise ActionError({"target": [actions.NOT_IN_SCOPE]})
    item = actions.write_news(
        by=request.user,  # type: ignore[arg-type]
        target=target,
        title=data.title,
        body=data.body,
        pinned=data.pinned,
        publish_at=data.publish_at,
    )
    return Status(201, _detail(request, item))


@router.get("/news/{news_id}", response={200: NewsDetail, **problems(400, 401, 404, 422)})
def news_item(request: HttpRequest, news_id: int) -> dict[str, Any]:
    """A published item the caller reads (opening it marks it read), or an item of their desk."""
    item = access.get_item_for_user(request.user, news_id)
    if item.status == NewsStatus.PUBLISHED:
        actions.mark_read(user=request.user, item=item)  # type: ignore[arg-type]
    return _detail(request, item)


def _managed(request: HttpRequest, news_id: int) -> NewsItem:
    item = access.get_item_for_user(request.user, news_id)
    if not access.may_manage(request.user, item):
        raise Http404
    return item


DESK = {200: NewsDetail, **problems(400, 401, 404, 413, 422)}


@router.post("/news/{news_id}/submit", response=DESK)
def news_submit(request: HttpRequest, news_id: int) -> dict[str, Any]:
    """Send a draft (or a returned item) to the editorial board; a second time changes nothing."""
    item = actions.submit_news(by=request.user, item=_managed(request, news_id))  # type: ignore[arg-type]
    return _detail(request, item)


@router.post("/news/{news_id}/approve", response=DESK)
def news_approve(request: HttpRequest, news_id: int) -> dict[str, Any]:
    """An editor of the target's scope (not the author) approves: published now, or at `publish_at`."""
    item = actions.approve_news(by=request.user, item=_managed(request, news_id))  # type: ignore[arg-type]
    return _detail(request, item)


@router.post("/news/{news_id}/return", response=DESK)
def news_return(request: HttpRequest, news_id: int, data: ReturnIn) -> dict[str, Any]:
    """Send a submitted item back to its author with a comment (the author is notified)."""
    item = actions.return_news(
        by=request.user,  # type: ignore[arg-type]
        item=_managed(request, news_id),
        comment=data.comment,
    )
    return _detail(request, item)


@router.post("/news/{news_id}/withdraw", response=DESK)
def news_withdraw(request: HttpRequest, news_id: int) -> dict[str, Any]:
    """Take a published or scheduled item down (it leaves the feed)."""
    item = actions.withdraw_news(by=request.user, item=_managed(request, news_id))  # type: ignore[arg-type]
    return _detail(request, item)


@router.patch("/news/{news_id}", response=DESK)
def news_edit(request: HttpRequest, news_id: int, data: NewsPatch) -> dict[str, Any]:
    """Change a draft or a returned item (its image stays); once submitted it is the reviewers' (422)."""
    item = _managed(request, news_id)
    target = item.target
    if data.target_id is not None:
        target = access.writing_orgs(request.user).filter(pk=data.target_id).first()
        if target is None:
            raise ActionError({"target": [actions.NOT_IN_SCOPE]})
    given = data.model_fields_set
    item = actions.edit_news(
        by=request.user,  # type: ignore[arg-type]
        item=item,
        target=target,
        title=data.title or item.title,
        body=data.body or item.body,
        pinned=item.pinned if data.pinned is None else data.pinned,
        publish_at=data.publish_at if "publish_at" in given else item.publish_at,
        image_alt=item.image_alt,
    )
    return _detail(request, item)


@router.put("/news/{news_id}/pin", response=DESK)
def news_pin(request: HttpRequest, news_id: int) -> dict[str, Any]:
    """Pin the item to the top of the feed, as the desk page does (a second time changes nothing)."""
    item = actions.pin_news(by=request.user, item=_managed(request, news_id), pinned=True)  # type: ignore[arg-type]
    return _detail(request, item)


@router.delete("/news/{news_id}/pin", response=DESK)
def news_unpin(request: HttpRequest, news_id: int) -> dict[str, Any]:
    """Unpin the item (a second time changes nothing)."""
    item = actions.pin_news(by=request.user, item=_managed(request, news_id), pinned=False)  # type: ignore[arg-type]
    return _detail(request, item)
