"""The dashboard's charts, rendered on the server (no script, nothing from outside): text as HTML, which
wraps and keeps the page's font size on a phone, and the marks as small SVGs stretched to the width.
Every chart's numbers are also in the table beside it, for screen readers, so the charts are
`aria-hidden` decorations of those tables."""

from __future__ import annotations

import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from sotay.dashboard.funnel import FunnelRow
from sotay.dashboard.league import LeagueRow


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


def trend_chart(points: list[tuple[datetime.date, float | None]]) -> SafeString:
    """A share (0–100%) per day as a line with a dot on each known day. The plot is an SVG stretched to
    the chart's width (its lines and dots keep their size); the "100%" mark and the dates are HTML text
    under and over it, readable on a 360 px phone. A single known day (a new deployment's first) is a dot
    in the middle, not a line of one point that draws nothing."""
    known = sorted((d, v) for d, v in points if v is not None)
    if not known:
        return format_html("{}", "")
    # Placed by date, so that a day without figures leaves its gap; the first and the last day are the
    # chart's edges, and the only dates written under it (a label between them could not sit under its
    # day without a style attribute, which the pages' CSP refuses).
    first, span = known[0][0], (known[-1][0] - known[0][0]).days
    xs = [50.0] if span <= 0 else [(d - first).days * 100 / span for d, _ in known]
    xy = [(x, 100 - min(max(v, 0.0), 100.0)) for x, (_, v) in zip(xs, known, strict=True)]
    dots = format_html_join(
        "", '<path d="M{},{}h0" class="dot"></path>', ((f"{x:.1f}", f"{y:.1f}") for x, y in xy)
    )
    labelled = [known[0]] if span <= 0 else [known[0], known[-1]]
    dates = format_html_join("", "<span>{}</span>", ((d.strftime("%d/%m"),) for d, _ in labelled))
    return format_html(
        '<div class="trend" aria-hidden="true"><span class="trend-top">100%</span>'
        '<svg class="trend-plot" viewBox="0 0 100 100" preserveAspectRatio="none" focusable="false">'
        '<line x1="0" y1="100" x2="100" y2="100" class="axis"></line>'
        '<polyline points="{}" class="line"></polyline>{}</svg>'
        '<div class="trend-dates{}">{}</div></div>',
        " ".join(f"{x:.1f},{y:.1f}" for x, y in xy),
        dots,
        " one" if span <= 0 else "",
        dates,
    )
