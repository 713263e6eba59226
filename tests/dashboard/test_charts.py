"""The dashboard's bar charts: HTML labels (readable on a 360 px phone) beside SVG bars, escaped, scaled."""

from __future__ import annotations

import re

from sotay.dashboard.charts import funnel_bars, league_bars
from sotay.dashboard.funnel import STEPS, FunnelRow
from sotay.dashboard.league import LeagueRow
from sotay.orgs.models import Org

WIDTHS = re.compile(r'<rect x="0" y="0" width="([0-9.]+)" height="10" class="([a-z ]+)">')


def _league(name: str, share: float | None) -> LeagueRow:
    return LeagueRow(org=Org(name=name), fig={}, share=share, before=None)


def test_funnel_bars_are_scaled_to_the_largest_step_and_flag_impossible_figures():
    rows = [FunnelRow(step=STEPS[0], count=200, of_active=100.0, of_eligible=None)]
    rows.append(FunnelRow(step=STEPS[1], count=50, of_active=25.0, of_eligible=None))
    rows.append(FunnelRow(step=STEPS[2], count=0, of_active=0.0, of_eligible=None, flags=["không thể đúng"]))
    html = str(funnel_bars(rows))
    # A flagged step keeps a sliver of its colour even when no one is in it.
    assert WIDTHS.findall(html) == [("100.0", "bar"), ("25.0", "bar"), ("1.0", "bar flagged")]
    assert html.count('<span class="hbar-label">') == 3
    assert f'<span class="hbar-label">{STEPS[1].label}</span>' in html  # whole, not cut at 34 characters
    assert 'aria-hidden="true"' in html  # the table beside it carries the numbers for screen readers


def test_an_empty_funnel_draws_no_bar_and_does_not_divide_by_zero():
    rows = [FunnelRow(step=s, count=0, of_active=None, of_eligible=None) for s in STEPS]
    assert {w for w, _ in WIDTHS.findall(str(funnel_bars(rows)))} == {"0.0"}


def test_league_bars_mark_the_target_on_every_bar_and_cap_shares():
    rows = [_league("Phường Một", 72.5), _league("Phường Hai", 31.0), _league("Sai số", 140.0)]
    rows.append(_league("Chưa có số", None))
    html = str(league_bars(rows, 50.0))
    assert WIDTHS.findall(html) == [
        ("72.5", "bar"),
        ("31.0", "bar low"),
        ("100.0", "bar"),
        ("0.0", "bar low"),
    ]
    assert html.count('<line x1="50.0" y1="0" x2="50.0" y2="10" class="target">') == 4


def test_league_labels_are_escaped():
    html = str(league_bars([_league('<script>alert("x")</script> & Chi bộ', 60.0)], 200.0))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Chi bộ" in html
    assert 'x1="100.0"' in html  # a target beyond 100% stays on the bar's end
