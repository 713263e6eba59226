"""The members' side of the news: the feed (pinned, then newest; unread marks), an item, its image."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render

from sotay.accounts.http import AuthedHttpRequest
from sotay.news import access, actions, queries
from sotay.news.images import images_dir
from sotay.news.models import NewsStatus


@login_required
def news_feed(request: AuthedHttpRequest) -> HttpResponse:
    page = queries.feed_page(request.user, request.GET.get("sau", ""))
    return render(
        request,
        "news/feed.html",
        {
            "page": page,
            "first": not request.GET.get("sau"),
            "unread": queries.unread_count(request.user),
            "desk": access.managed_by(request.user).exists() or access.writing_orgs(request.user).exists(),
        },
    )


@login_required
def news_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = access.get_item_for_user(request.user, pk)
    if item.status == NewsStatus.PUBLISHED:
        actions.mark_read(user=request.user, item=item)
    manage = access.may_manage(request.user, item)
    return render(
        request,
        "news/detail.html",
        {
            "item": item,
            "manage": manage,
            "own": item.created_by_id == request.user.pk,
            "reviewer": access.can_approve_at(request.user, item.target),
            "own_item_note": access.OWN_ITEM,
        },
    )


@login_required
def news_image(request: AuthedHttpRequest, pk: int, size: str) -> FileResponse:
    """An item's image, only to those who may open the item (a reader outside its target: 404)."""
    item = access.get_item_for_user(request.user, pk)
    name = {"lon": item.image, "nho": item.thumb}.get(size, "")
    if not name:
        raise Http404("Tin không có ảnh.")
    try:
        handle = (images_dir() / name).open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy ảnh.") from exc
    response = FileResponse(handle, content_type="image/webp")
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
