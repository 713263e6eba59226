"""Cursor pagination: every list is `{"items": [...], "next": cursor | null}` with an opaque cursor.

The cursor is the URL-safe base64 of the last row's sort key; the next page is the rows after it in the
list's order (a keyset read from an index, so page 5000 costs what page 1 costs). Member lists reuse
`sotay.members.keyset` (order `name_key, id`); other lists are ordered by one unique column.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.db.models import Model, QuerySet
from ninja import Schema
from ninja.errors import HttpError
from pydantic import Field

from sotay.core.http import int_param
from sotay.members import keyset
from sotay.members.models import MemberQuerySet

PAGE_SIZE = 50
CURSOR_MAX = 200  # characters of a cursor accepted in a query string
BAD_CURSOR = "Con trỏ trang không hợp lệ (dùng nguyên giá trị `next` của trang trước)."


class CursorParams(Schema):
    cursor: str | None = Field(None, max_length=CURSOR_MAX, description="Giá trị `next` của trang trước.")


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode()


def decode_cursor(cursor: str | None) -> str | None:
    """The sort key inside `cursor`; an unreadable cursor is the client's error (400), not page one."""
    if not cursor:
        return None
    try:
        return base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
    except (binascii.Error, ValueError, UnicodeError) as exc:
        raise HttpError(400, BAD_CURSOR) from exc


def page_by[M: Model](
    qs: QuerySet[M], *, field: str, cursor: str | None, size: int = PAGE_SIZE
) -> tuple[list[M], str | None]:
    """One page of `qs` ordered by the unique `field` ("-id" descending): `size + 1` rows in one query."""
    name = field.lstrip("-")
    after = decode_cursor(cursor)
    qs = qs.order_by(field)
    if after is not None:
        if name == "id" and int_param(after) is None:
            raise HttpError(400, BAD_CURSOR)
        qs = qs.filter(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": after})
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, encode_cursor(str(getattr(rows[-1], name))) if more else None


def member_page(
    qs: MemberQuerySet, *, cursor: str | None, size: int = PAGE_SIZE
) -> tuple[list[Any], str | None]:
    """A page of members in the list's order (`sotay.members.keyset`, the web list's own pager)."""
    after = decode_cursor(cursor) or ""
    if after and keyset.decode(after) is None:
        raise HttpError(400, BAD_CURSOR)
    page = keyset.page_of(qs, after=after, size=size)
    return page.rows, encode_cursor(page.next_cursor) if page.has_next else None
