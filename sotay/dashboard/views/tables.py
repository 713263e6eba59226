"""The tables of the node pages, prepared once in Python: every link, number and share of a row is a
ready string, so the template only prints them (a reverse() and a number format per cell cost the
root page, with 173 units, over half a second). Long tables are shown a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import QueryDict

from sotay.dashboard.league import LeagueRow
from sotay.dashboard.links import url_maker
from sotay.dashboard.meetings_table import MeetingsRow

PAGE_SIZE = 25  # units per page of the league table, the meetings table and the scorecard


@dataclass(frozen=True)
class Cells:
    """One unit's row: its name and links, and its cells as strings."""

    name: str
    href: str
    cells: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    below: bool = False
    labelled: tuple[tuple[str, str], ...] = ()  # (column label, cell) for tables with many columns


def page_of(rows: list[Any], raw: str | None) -> Page[Any]:
    """The page `raw` (?page=…) of `rows`; a bad or too large number gives the first or last page."""
    return Paginator(rows, PAGE_SIZE).get_page(raw)


def query_without(get: QueryDict, *names: str) -> str:
    """The request's other parameters, URL-encoded (for pager links and the child units' links)."""
    q = get.copy()
    for name in names:
        q.pop(name, None)
    return q.urlencode()


def league_cells(rows: list[LeagueRow], *, measure: str, target: float, query: str) -> list[Cells]:
    node, members, inactive = (
        url_maker("dashboard_node"),
        url_maker("dashboard_list", "dang-sinh-hoat"),
        url_maker("dashboard_list", "chua-kich-hoat"),
    )
    suffix = f"?{query}" if query else ""
    return [
        Cells(
            name=r.org.name,
            href=node(r.org.pk) + suffix,
            cells=(
                str(r.fig.get("active", 0)),
                str(r.fig.get("eligible", 0)),
                str(r.fig.get(measure, 0)),
                r.share_text,
                r.trend_text,
            ),
            links=(members(r.org.pk), inactive(r.org.pk)),
            below=r.share is None or r.share < target,
        )
        for r in rows
    ]


def meetings_cells(rows: list[MeetingsRow]) -> list[Cells]:
    node, no_meeting = url_maker("dashboard_node"), url_maker("dashboard_no_meeting")
    out = []
    for r in rows:
        assert r.org is not None
        out.append(
            Cells(
                name=r.org.name,
                href=node(r.org.pk),
                cells=(f"{r.held}/{r.branches}",),
                links=(no_meeting(r.org.pk),),
                labelled=(
                    ("Tỉ lệ", r.held_text),
                    ("Có mặt", r.attendance_text),
                    ("Đã mở tài liệu", r.documents_text),
                    *((label, str(n)) for _, label, n in r.flags),
                ),
            )
        )
    return out


def quality_cells(rows: list[dict[str, Any]], labels: dict[str, str]) -> list[Cells]:
    quality = url_maker("dashboard_quality")
    return [
        Cells(
            name=r["org"].name,
            href=quality(r["org"].pk),
            labelled=(
                ("Đảng viên", str(r["fig"].get("active", 0))),
                *((label, str(r["fig"].get(key, 0))) for key, label in labels.items()),
                ("Điểm", f"{r['score']:.1f}".replace(".", ",")),
            ),
        )
        for r in rows
    ]
