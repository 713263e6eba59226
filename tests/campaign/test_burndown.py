"""The campaign's burndown: a picture of the daily figures, which are also in a table beside it."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from sotay.campaign.charts import burndown_chart
from sotay.campaign.models import ProgressSnapshot
from tests import factories

DOTS = re.compile(r'<path d="M([0-9.]+),([0-9.]+)h0" class="dot">')


def _snapshot(campaign, days_ago, errors, duplicates=0):
    return ProgressSnapshot.objects.create(
        campaign=campaign,
        on=datetime.date(2025, 12, 3) - datetime.timedelta(days=days_ago),
        open_errors=errors,
        open_duplicates=duplicates,
    )


def test_the_burndown_runs_from_the_most_errors_of_any_day_to_zero(campaign):
    snapshots = [_snapshot(campaign, 14, 1200), _snapshot(campaign, 7, 300), _snapshot(campaign, 0, 0)]
    html = str(burndown_chart(snapshots))
    assert DOTS.findall(html) == [("0.0", "0.0"), ("50.0", "75.0"), ("100.0", "100.0")]
    assert '<span class="daily-top">1200</span>' in html
    assert re.findall(r"<span>([0-9/]+)</span>", html) == ["19/11", "03/12"]


def test_a_campaign_with_no_error_left_from_the_first_day_draws_no_division_by_zero(campaign):
    html = str(burndown_chart([_snapshot(campaign, 1, 0), _snapshot(campaign, 0, 0)]))
    assert DOTS.findall(html) == [("0.0", "100.0"), ("100.0", "100.0")]


def test_the_campaign_page_puts_the_days_figures_in_a_table_beside_the_picture(client, campaign, tree):
    city_staff = factories.user("bantochuctp", role="unit_staff", at=tree.city)
    _snapshot(campaign, 1, 40, duplicates=6)
    _snapshot(campaign, 0, 12, duplicates=2)
    client.force_login(city_staff)
    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert '<div class="daily" aria-hidden="true">' in page
    assert '<td data-label="Ngày">02/12/2025</td><td data-label="Lỗi chưa xử lý">40</td>' in page
    assert '<td data-label="Cặp trùng chưa xử lý">2</td>' in page
