"""Charts drawn on the server (no script, nothing from outside) that stay readable on a 360 px phone:
the text is HTML, at the page's font size, and wraps; the marks are small SVGs stretched to the width,
their lines and dots unscaled (`vector-effect`). Every chart is the `aria-hidden` picture of a table of
the same figures beside it, which is what screen readers read. Classes are styled in site.css."""

from __future__ import annotations

import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def bars(rows: list[tuple[str, float, str, str]], *, target: float | None = None) -> SafeString:
    """Horizontal bars, one per (label, fraction 0–1, figure, class) row: the label above the bar, or
    beside it where the chart is wide; the figure after it. `target` (0–1) marks the same place on every
    bar."""
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


def daily_line(points: list[tuple[datetime.date, float | None]], *, top: float, top_label: str) -> SafeString:
    """A value per day, 0 to `top`, as a line with a dot on each day that has one; `top_label` marks the
    top. Days are placed by date, so that a day without a value leaves its gap; the first and the last day
    are the chart's edges and the only dates written under it (a label between them could not sit under
    its day without a style attribute, which the pages' CSP refuses). A single day is a dot in the middle
    (a line of one point draws nothing). No day with a value: nothing."""
    known = sorted((d, v) for d, v in points if v is not None)
    if not known:
        return format_html("{}", "")
    top = top if top > 0 else 1.0
    first, span = known[0][0], (known[-1][0] - known[0][0]).days
    xs = [50.0] if span <= 0 else [(d - first).days * 100 / span for d, _ in known]
    xy = [(x, 100 - min(max(v / top, 0.0), 1.0) * 100) for x, (_, v) in zip(xs, known, strict=True)]
    dots = format_html_join(
        "", '<path d="M{},{}h0" class="dot"></path>', ((f"{x:.1f}", f"{y:.1f}") for x, y in xy)
    )
    labelled = [known[0]] if span <= 0 else [known[0], known[-1]]
    dates = format_html_join("", "<span>{}</span>", ((d.strftime("%d/%m"),) for d, _ in labelled))
    return format_html(
        '<div class="daily" aria-hidden="true"><span class="daily-top">{}</span>'
        '<svg class="daily-plot" viewBox="0 0 100 100" preserveAspectRatio="none" focusable="false">'
        '<line x1="0" y1="100" x2="100" y2="100" class="axis"></line>'
        '<polyline points="{}" class="line"></polyline>{}</svg>'
        '<div class="daily-dates{}">{}</div></div>',
        top_label,
        " ".join(f"{x:.1f},{y:.1f}" for x, y in xy),
        dots,
        " one" if span <= 0 else "",
        dates,
    )
