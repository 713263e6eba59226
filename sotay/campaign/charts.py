"""The campaign's burndown, drawn with `sotay.core.charts`: the picture of the table beside it."""

from __future__ import annotations

from django.utils.safestring import SafeString

from sotay.campaign.models import ProgressSnapshot
from sotay.core.charts import daily_line


def burndown_chart(snapshots: list[ProgressSnapshot]) -> SafeString:
    """Open errors per day, from 0 to the most of any day."""
    top = max((s.open_errors for s in snapshots), default=0)
    return daily_line([(s.on, float(s.open_errors)) for s in snapshots], top=float(top), top_label=str(top))
