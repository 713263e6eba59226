"""Closing a campaign on a phone (360 px) and at 1280 px: the city's staff see the unfinished units, are asked
why, close it; the campaign page then says it has ended. The news editors page, where staff take an editor
role back, is checked on the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sotay.accounts.models import Role
from sotay.campaign.models import Campaign, StepState, UnitStep
from tests import factories
from tests.browser.checks import Checks
from tests.campaign.conftest import campaign  # noqa: F401  (the city's campaign fixture)

pytestmark = pytest.mark.browser


def test_city_staff_close_a_campaign_with_a_unit_left(
    live_server: Any,
    sign_in: Any,
    screenshots: Path,
    tree: Any,
    campaign: Campaign,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    city_staff = factories.user("bantochuctp", role=Role.UNIT_STAFF, at=tree.city)
    factories.user("bientap.p1", role=Role.EDITOR, at=tree.ward1)
    UnitStep.objects.filter(unit__campaign=campaign, unit__org=tree.ward1).update(state=StepState.DONE)
    checks = Checks(screenshots, "campaign-close")
    page = sign_in(city_staff)
    page.goto(f"{live_server.url}/chien-dich/{campaign.pk}/")
    page.get_by_role("link", name="Kết thúc chiến dịch…").click()
    expect(page.get_by_role("heading", name="1 đơn vị chưa hoàn thành")).to_be_visible()
    expect(page.get_by_role("link", name=tree.ward2.name)).to_be_visible()
    checks.page(page, "before")
    page.get_by_role("button", name="Kết thúc chiến dịch").click()  # the note is required: the browser asks
    assert not Campaign.objects.get(pk=campaign.pk).is_closed
    page.get_by_label("Ghi chú").fill("Hết đợt; phường Hai hoàn thành trong tháng sau")
    page.get_by_role("button", name="Kết thúc chiến dịch").click()
    expect(page.get_by_text("Đã kết thúc chiến dịch «15 ngày đêm».")).to_be_visible()
    assert Campaign.objects.get(pk=campaign.pk).is_closed
    checks.page(page, "closed")
    page.set_viewport_size({"width": 1280, "height": 900})
    checks.page(page, "closed")

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/tin-tuc/bien-tap-vien/")
    page.locator("summary", has_text="Thu hồi vai trò").click()
    checks.page(page, "editors")
    page.get_by_role("button", name="Thu hồi vai trò biên tập viên của bientap.p1").click()
    expect(
        page.get_by_text("Đã thu hồi vai trò biên tập viên tại Đảng bộ phường Một của bientap.p1.")
    ).to_be_visible()
    checks.page(page, "editors-after")
    checks.assert_clean()
