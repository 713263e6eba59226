"""Query-count assertions for list pages: the count is bounded and does not grow with the list."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def assert_flat(client: Any, url: str, grow: Callable[[], None], *, at_most: int) -> None:
    """The page at `url` runs at most `at_most` queries, and the same number after `grow()` adds rows
    to the list behind it: a query per row (an N+1) fails here even when django-zeal cannot see it."""
    before = page_queries(client, url)
    grow()
    after = page_queries(client, url)
    assert before <= at_most, f"{url}: {before} queries (at most {at_most})"
    assert after == before, f"{url}: {before} queries, then {after} with more rows"


# A value as the query log writes it in (a number or a quoted string), or its `%s` in the SQL an
# execute wrapper sees.
_LOGGED_VALUE = r"(?:-?\d+|'(?:[^']|'')*'|%s)"


@functools.cache
def _account_pattern(vendor: str) -> re.Pattern[str]:
    """The account read (sotay/accounts/backends.py) as the query log writes it, any values in it."""
    from sotay.accounts.backends import _account

    sql, params = _account(1).query.get_compiler(using="default").as_sql()
    assert list(params)[-1] == 1, params
    return re.compile(_LOGGED_VALUE.join(re.escape(part) for part in sql.split("%s")))


def is_account_query(sql: str) -> bool:
    """The signed-in account's own row, read once per request with its member record, the badge's
    count and its roles (sotay/accounts/backends.py): exactly that query, whatever the account's id."""
    return _account_pattern(connection.vendor).fullmatch(sql.strip()) is not None
