"""A small server-rendered SVG burndown (no script, nothing from outside)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from sotay.campaign.models import ProgressSnapshot

WIDTH, HEIGHT, PAD = 640, 220, 36


def burndown_svg(snapshots: list[ProgressSnapshot]) -> SafeString:
    """Open errors per day as a line; the figures are also in the table for screen readers."""
    values = [s.open_errors for s in snapshots]
    top = max(values) or 1
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points = [(PAD + i * step, HEIGHT - PAD - (v / top) * (HEIGHT - 2 * PAD)) for i, v in enumerate(values)]
    polyline = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="14" text-anchor="middle">{}</text>',
        (
            (f"{x:.1f}", HEIGHT - 10, s.on.strftime("%d/%m"))
            for (x, _), s in zip(points, snapshots, strict=True)
        ),
    )
    dots = format_html_join(
        "", '<circle cx="{}" cy="{}" r="4"></circle>', ((f"{x:.1f}", f"{y:.1f}") for x, y in points)
    )
    return format_html(
        '<svg class="burndown" viewBox="0 0 {} {}" role="img" aria-label="Số lỗi chưa xử lý theo ngày">'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="axis"></line>'
        '<text x="{}" y="{}" font-size="14">{}</text>'
        '<polyline points="{}" class="line"></polyline>{}{}</svg>',
        WIDTH, HEIGHT, PAD, HEIGHT - PAD, WIDTH - PAD, HEIGHT - PAD, 4, PAD - 12, top, polyline, dots, labels,
    )  # fmt: skip
