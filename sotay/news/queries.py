"""Reads of the news: the member's feed (pinned first, then newest; keyset pages), unread marks and
counts, and the editorial desk. Kept here so that the API reuses the same queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q

from sotay.core.compiled import Compiled, Counting, count_together
from sotay.news.access import approver_roots, managed_by, readable_paths, readable_q
from sotay.news.models import NewsItem, NewsItemQuerySet, NewsRead, NewsStatus
from sotay.orgs.models import subtree_q

PAGE_SIZE = 20
# Pinned items lead the first page; more than this many pinned at once is the editors' to sort out.
MAX_PINNED = 10


def feed_for(user: Any) -> NewsItemQuerySet:
    """Published items for the user's branch and every node above it, with an `unread` mark."""
    readable = readable_q(user)
    items = NewsItem.objects.published().filter(readable) if readable else NewsItem.objects.none()
    return items.annotate(
        read=Exists(NewsRead.objects.filter(user=user, item=OuterRef("pk")))
    ).select_related("target")


def _unread(user: int, paths: list[str]) -> Any:
    unread = NewsItem.objects.published().filter(target__path__in=paths)
    return unread.exclude(pk__in=NewsRead.objects.filter(user=user).values("item_id")).values("pk")


# On the handbook's home: compiled once (sotay.core.compiled, issue 12).
_UNREAD = Compiled(_unread, user=int, paths=(str,))


def unread_count(user: Any) -> int:
    """How many of `feed_for(user)`'s items the user has not opened."""
    counting = unread_counting(user)
    return count_together([counting])[0] if counting is not None else 0


def unread_counting(user: Any) -> Counting | None:
    """`unread_count` not run yet (`core.compiled.count_together`); None when the user reads no news."""
    paths = readable_paths(user)
    return _UNREAD.counting(user=user.pk, paths=paths) if paths else None


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)


def encode(item: NewsItem) -> str:
    """`microseconds:id`, exact (a float timestamp would round the microseconds and skip an item)."""
    assert item.published_at is not None
    return f"{(item.published_at - _EPOCH) // _MICROSECOND}:{item.pk}"


def decode(cursor: str) -> tuple[datetime.datetime, int] | None:
    """`microseconds:id` → its parts; None for anything else (a hand-edited URL shows the first page)."""
    stamp, _sep, pk = cursor[:60].rpartition(":")
    try:
        return _EPOCH + int(stamp) * _MICROSECOND, int(pk)
    except (ValueError, OverflowError):
        return None


@dataclass
class FeedPage:
    pinned: list[NewsItem]
    items: list[NewsItem]
    next_cursor: str


def feed_page(user: Any, cursor: str = "") -> FeedPage:
    """One page of the feed: the pinned items (first page only), then unpinned ones newest first, after
    `cursor` in (published_at, id) order, read from the feed index whatever the page number."""
    feed = feed_for(user)
    after = decode(cursor) if cursor else None
    pinned = [] if after else list(feed.filter(pinned=True).feed_order()[:MAX_PINNED])
    rest = feed.filter(pinned=False)
    if after:
        at, pk = after
        rest = rest.filter(Q(published_at__lt=at) | Q(published_at=at, id__lt=pk))
    items = list(rest.order_by("-published_at", "-id")[: PAGE_SIZE + 1])
    more = len(items) > PAGE_SIZE
    items = items[:PAGE_SIZE]
    return FeedPage(pinned, items, encode(items[-1]) if more else "")


def desk_for(user: Any, status: str = "") -> NewsItemQuerySet:
    """The editorial desk: items of the user's scope, grouped by state, newest first (the items waiting
    for this user's review are listed apart: `waiting_for`)."""
    items = managed_by(user).select_related("target", "created_by", "approved_by")
    if status in NewsStatus.values:
        items = items.filter(status=status)
    return items.order_by("status", "-created_at", "-id")


def waiting_for(user: Any) -> NewsItemQuerySet:
    """Submitted items this user may approve (not their own)."""
    roots = approver_roots(user)
    if not roots:
        return NewsItem.objects.none()
    return (
        NewsItem.objects.filter(subtree_q(roots, field="target__path"), status=NewsStatus.SUBMITTED)
        .exclude(created_by=user)
        .select_related("target", "created_by")
        .order_by("submitted_at", "id")
    )
