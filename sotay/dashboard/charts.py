"""Server-rendered SVG charts (no script, nothing from outside); every chart's numbers are also in a
table beside it for screen readers, so the SVGs are `aria-hidden` decorations of those tables."""

from __future__ import annotations

import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from sotay.dashboard.funnel import FunnelRow
from sotay.dashboard.league import LeagueRow

WIDTH = 640
BAR_H, GAP, LABEL_W = 26, 8, 250


def funnel_svg(rows: list[FunnelRow]) -> SafeString:
    """One horizontal bar per step, scaled to the first (active members)."""
    top = max((r.count for r in rows), default=0) or 1
    span = WIDTH - LABEL_W - 70
    bars = format_html_join(
        "",
        '<text x="0" y="{}" class="label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"></rect>'
        '<text x="{}" y="{}" class="value">{}</text>',
        (
            (
                i * (BAR_H + GAP) + 18,
                r.step.label[:34],
                LABEL_W,
                i * (BAR_H + GAP),
                f"{max(r.count / top * span, 1):.1f}",
                BAR_H,
                "bar flagged" if r.flags else "bar",
                f"{LABEL_W + max(r.count / top * span, 1) + 6:.1f}",
                i * (BAR_H + GAP) + 18,
                r.count,
            )
            for i, r in enumerate(rows)
        ),
    )
    height = len(rows) * (BAR_H + GAP)
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" aria-hidden="true" focusable="false">{}</svg>',
        WIDTH,
        height,
        bars,
    )


def league_svg(rows: list[LeagueRow], target: float) -> SafeString:
    """A bar per unit (its share, 0–100%), with the target as a vertical line."""
    span = WIDTH - LABEL_W - 70
    bars = format_html_join(
        "",
        '<text x="0" y="{}" class="label">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"></rect>'
        '<text x="{}" y="{}" class="value">{}</text>',
        (
            (
                i * (BAR_H + GAP) + 18,
                r.org.name[:34],
                LABEL_W,
                i * (BAR_H + GAP),
                f"{min(r.share or 0, 100) / 100 * span:.1f}",
                BAR_H,
                "bar" if (r.share or 0) >= target else "bar low",
                f"{LABEL_W + min(r.share or 0, 100) / 100 * span + 6:.1f}",
                i * (BAR_H + GAP) + 18,
                r.share_text,
            )
            for i, r in enumerate(rows)
        ),
    )
    height = max(len(rows), 1) * (BAR_H + GAP)
    x = LABEL_W + target / 100 * span
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" aria-hidden="true" focusable="false">{}'
        '<line x1="{}" y1="0" x2="{}" y2="{}" class="target"></line></svg>',
        WIDTH, height, bars, f"{x:.1f}", f"{x:.1f}", height,
    )  # fmt: skip


def trend_svg(points: list[tuple[datetime.date, float | None]]) -> SafeString:
    """A share (0–100%) per day as a line."""
    height, pad = 200, 30
    known = [(d, v) for d, v in points if v is not None]
    if not known:
        return format_html("{}", "")
    step = (WIDTH - 2 * pad) / max(len(known) - 1, 1)
    xy = [(pad + i * step, height - pad - v / 100 * (height - 2 * pad)) for i, (_, v) in enumerate(known)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" class="label" text-anchor="middle">{}</text>',
        ((f"{x:.1f}", height - 8, d.strftime("%d/%m")) for (x, _), (d, _) in zip(xy, known, strict=True))
        if len(known) <= 8
        else ((f"{xy[i][0]:.1f}", height - 8, known[i][0].strftime("%d/%m")) for i in (0, len(known) - 1)),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" aria-hidden="true" focusable="false">'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"></line>'
        '<text x="0" y="{}" class="label">100%</text>'
        '<polyline points="{}" class="line"></polyline>{}</svg>',
        WIDTH, height, pad, height - pad, WIDTH - pad, height - pad, pad, line, labels,
    )  # fmt: skip
