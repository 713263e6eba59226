"""The dashboard's bar charts: HTML labels (readable on a 360 px phone) beside SVG bars, escaped, scaled."""

from __future__ import annotations

import datetime
import re

from sotay.dashboard.charts import funnel_bars, league_bars, trend_chart
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


def _days(n):
    start = datetime.date(2026, 11, 1)
    return [start + datetime.timedelta(days=i) for i in range(n)]


def test_a_single_known_day_is_a_dot_in_the_middle():
    html = str(trend_chart([(_days(2)[0], None), (_days(2)[1], 57.3)]))
    assert re.findall(r'<path d="M([0-9.]+),([0-9.]+)h0" class="dot">', html) == [("50.0", "42.7")]
    assert '<div class="daily-dates one"><span>02/11</span></div>' in html


def test_a_month_labels_its_first_and_last_day_and_clamps_shares():
    values = [10.0 * i for i in range(12)]  # up to 110 %: an impossible share stays on the plot
    html = str(trend_chart(list(zip(_days(12), values, strict=True))))
    dots = re.findall(r'<path d="M([0-9.]+),([0-9.]+)h0"', html)
    assert len(dots) == 12
    assert dots[0] == ("0.0", "100.0")
    assert dots[-1] == ("100.0", "0.0")
    assert re.findall(r"<span>([0-9/]+)</span>", html) == ["01/11", "12/11"]


def test_no_known_day_draws_nothing():
    assert str(trend_chart([(_days(1)[0], None)])) == ""


def test_days_without_figures_leave_their_gap():
    days = _days(6)
    html = str(
        trend_chart(
            [
                (days[0], 10.0),
                (days[1], 20.0),
                (days[2], None),
                (days[3], None),
                (days[4], 30.0),
                (days[5], 40.0),
            ]
        )
    )
    assert [x for x, _ in re.findall(r'<path d="M([0-9.]+),([0-9.]+)h0"', html)] == [
        "0.0",
        "20.0",
        "80.0",
        "100.0",
    ]
    assert re.findall(r"<span>([0-9/]+)</span>", html) == ["01/11", "06/11"]
