"""The dashboard's charts, drawn with `sotay.core.charts`: each is the picture of the table beside it."""

from __future__ import annotations

import datetime

from django.utils.safestring import SafeString

from sotay.core.charts import bars, daily_line
from sotay.dashboard.funnel import FunnelRow
from sotay.dashboard.league import LeagueRow

# The least width of a flagged bar (a fraction of the chart's): a flagged step with no one in it still
# shows its colour.
FLAGGED_MIN = 0.01


def funnel_bars(rows: list[FunnelRow]) -> SafeString:
    """One bar per step, scaled to the largest (active members); an impossible figure's bar is flagged."""
    top = max((r.count for r in rows), default=0) or 1
    return bars(
        [
            (r.step.label, max(r.count / top, FLAGGED_MIN), str(r.count), "bar flagged")
            if r.flags
            else (r.step.label, r.count / top, str(r.count), "bar")
            for r in rows
        ]
    )


def league_bars(rows: list[LeagueRow], target: float) -> SafeString:
    """A bar per unit (its share, 0–100%), with the target (a percentage) marked on each."""
    return bars(
        [
            (r.org.name, (r.share or 0) / 100, r.share_text, "bar" if (r.share or 0) >= target else "bar low")
            for r in rows
        ],
        target=min(max(target, 0.0), 100.0) / 100,
    )


def trend_chart(points: list[tuple[datetime.date, float | None]]) -> SafeString:
    """A share (0–100%) per day."""
    return daily_line(points, top=100.0, top_label="100%")
