"""Server-rendered SVG charts (no script, nothing from outside); every chart's numbers are also in a
table beside it for screen readers, so the SVGs are `aria-hidden` decorations of those tables."""

from __future__ import annotations

import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from sotay.dashboard.funnel import FunnelRow
from sotay.dashboard.league import LeagueRow

WIDTH = 640


def _bars(rows: list[tuple[str, float, str, str]], *, target: float | None = None) -> SafeString:
    """Horizontal bars, one per (label, fraction 0–1, figure, class) row. The label and the figure are
    HTML text, so they wrap and keep the page's font size on a 360 px phone as on a desk (text inside a
    scaled SVG shrank to 6 px there); each bar is a small SVG stretched to the row's width. `target`
    (0–1) marks the same place on every bar."""
    mark = (
        format_html('<line x1="{0}" y1="0" x2="{0}" y2="10" class="target"></line>', f"{target * 100:.1f}")
        if target is not None
        else ""
    )
    body = format_html_join(
        "",
        '<div class="hbar"><span class="hbar-label">{}</span>'
        '<svg class="hbar-track" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">'
        '<rect x="0" y="0" width="{}" height="10" class="{}"></rect>{}</svg>'
        '<span class="hbar-value">{}</span></div>',
        (
            (label, f"{min(max(fraction, 0.0), 1.0) * 100:.1f}", css, mark, figure)
            for label, fraction, figure, css in rows
        ),
    )
    return format_html('<div class="hbars" aria-hidden="true">{}</div>', body)


# The least width of a flagged bar (a fraction of the chart's): a flagged step with no one in it still
# shows its colour.
FLAGGED_MIN = 0.01


def funnel_bars(rows: list[FunnelRow]) -> SafeString:
    """One bar per step, scaled to the largest (active members); an impossible figure's bar is flagged."""
    top = max((r.count for r in rows), default=0) or 1
    return _bars(
        [
            (r.step.label, max(r.count / top, FLAGGED_MIN), str(r.count), "bar flagged")
            if r.flags
            else (r.step.label, r.count / top, str(r.count), "bar")
            for r in rows
        ]
    )


def league_bars(rows: list[LeagueRow], target: float) -> SafeString:
    """A bar per unit (its share, 0–100%), with the target (a percentage) marked on each."""
    return _bars(
        [
            (r.org.name, (r.share or 0) / 100, r.share_text, "bar" if (r.share or 0) >= target else "bar low")
            for r in rows
        ],
        target=min(max(target, 0.0), 100.0) / 100,
    )


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
