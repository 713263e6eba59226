"""No page of the tree, the staff home or the member list reads the members table without an index.

The queries each page runs are captured with their parameters and explained by the database itself:
SQLite's `EXPLAIN QUERY PLAN` must never say `SCAN members_member` without `USING ... INDEX`, and
PostgreSQL's `EXPLAIN (FORMAT JSON)` must hold no `Seq Scan` on it. A small table makes a scan the
cheapest plan, so PostgreSQL is told `enable_seqscan = off` (an index that exists is then used; a query
no index can serve still scans), and SQLite gets `ANALYZE`d statistics. The last test drops the indexes
and sees the check fail, so the check can fail.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.urls import reverse

from sotay.members import search
from sotay.members.models import Member, OrgMemberCount
from sotay.vn import fold
from tests import factories

TABLE = Member._meta.db_table
# The per-organisation counts are read over a subtree too: a scan of them is the city pages' old cost.
TABLES = (TABLE, OrgMemberCount._meta.db_table)
NAMES = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Võ Thị Giang")


@pytest.fixture
def registry(tree: Any, hoa: Member) -> Member:
    """A few hundred members in two branches, and statistics for the planner."""
    members = []
    for i in range(600):
        m = factories.MemberFactory.build(
            org=tree.branch1 if i % 2 else tree.branch2, full_name=f"{NAMES[i % len(NAMES)]} {i}"
        )
        m.name_key = fold(m.full_name)
        members.append(m)
    Member.objects.bulk_create(members)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
    return hoa


class Captured:
    def __init__(self) -> None:
        self.queries: list[tuple[str, Any]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if not many and sql.lstrip().upper().startswith("SELECT") and any(t in sql for t in TABLES):
            self.queries.append((sql, params))
        return execute(sql, params, many, context)


def captured(client: Any, url: str) -> list[tuple[str, Any]]:
    capture = Captured()
    with connection.execute_wrapper(capture):
        response = client.get(url)
    assert response.status_code == 200, url
    return capture.queries


def _pg_scans(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _pg_scans(child)


def unindexed(queries: list[tuple[str, Any]]) -> list[str]:
    """The plans (one line each) of the queries that read the members table without an index."""
    bad = []
    with connection.cursor() as cursor:
        for sql, params in queries:
            if connection.vendor == "postgresql":
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
                raw = cursor.fetchone()[0]
                plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
                for node in _pg_scans(plan):
                    if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in TABLES:
                        bad.append(f"Seq Scan on {node['Relation Name']}: {sql[:300]}")
            else:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                for row in cursor.fetchall():
                    detail = str(row[-1])
                    if re.match(rf"SCAN ({'|'.join(TABLES)})\b", detail) and "INDEX" not in detail:
                        bad.append(f"{detail}: {sql[:300]}")
    return bad


def common(client: Any, url: str) -> list[tuple[str, Any]]:
    """The queries of `url` with every word taken for a common one (sotay.members.search.COMMON)."""
    with mock.patch.object(search, "COMMON", -1):
        return captured(client, url)


def pages(client: Any, hoa: Member) -> dict[str, list[tuple[str, Any]]]:
    """The queries of every page the test looks at, by page."""
    list_url = reverse("member_list")
    first = client.get(list_url)
    cursor = first.context["page"].next_cursor
    assert cursor, "the list has a second page"
    return {
        "tree": captured(client, reverse("org_tree")),
        "staff home": captured(client, reverse("home")),
        "list, first page": captured(client, list_url),
        "list, next page": captured(client, f"{list_url}?after={cursor}"),
        "list, name prefix": captured(client, f"{list_url}?q=nguyen+van"),
        # Words anywhere in the name, in any order (the words index, sotay.members.search).
        "list, words in any order": captured(client, f"{list_url}?q=an+van"),
        "list, a middle name": captured(client, f"{list_url}?q=thi"),
        # A word the planner expects in many names: the subtree's rows, organisation by organisation.
        "list, a common word": common(client, f"{list_url}?q=van+an"),
        "list, identifier": captured(client, f"{list_url}?q={hoa.cccd}"),
    }


def test_no_page_scans_the_members_table(client: Any, unit_staff: Any, registry: Member) -> None:
    client.force_login(unit_staff)
    by_page = pages(client, registry)
    assert by_page["list, first page"], "the list reads members (else the test looks at nothing)"
    problems = {page: bad for page, queries in by_page.items() if (bad := unindexed(queries))}
    assert not problems, problems


def test_the_check_fails_without_the_indexes(client: Any, unit_staff: Any, registry: Member) -> None:
    """Drop every non-unique index of the members table (inside the test's transaction): the list's
    queries must now be reported."""
    constraints = connection.introspection.get_constraints(connection.cursor(), TABLE)
    dropped = [
        name
        for name, c in constraints.items()
        if c["index"] and not c["unique"] and not c["primary_key"] and not name.startswith("sqlite_")
    ]
    assert dropped
    with connection.cursor() as cursor:
        for name in dropped:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute("ANALYZE")
    client.force_login(unit_staff)
    by_page = pages(client, registry)
    assert unindexed(by_page["list, first page"] + by_page["list, name prefix"])
    if connection.vendor == "postgresql":
        # The words' GIN index is an index of the table (SQLite's FTS5 table is not, and stays).
        assert unindexed(by_page["list, words in any order"])
        # The subtree's rows of a common word are read through an index on the organisation.
        assert unindexed(by_page["list, a common word"])
