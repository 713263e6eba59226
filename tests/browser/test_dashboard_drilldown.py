"""The city's staff open the league table, drill down to a ward and a branch, and export the list of
members who have not activated (at 1280 px; screenshots at 360 px of the ward's page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sotay.accounts.models import Role
from sotay.dashboard.facts import refresh
from tests import factories
from tests.dashboard.conftest import adoption  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-rat-dai-123"


def test_city_staff_drill_down_and_export(
    live_server: Any,
    browser: Any,
    screenshots: Path,
    adoption: Any,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    tree = adoption.tree
    staff = factories.user("bantochuctp", role=Role.UNIT_STAFF, at=tree.city)
    staff.set_password(PASSWORD)
    staff.save(update_fields=["password"])
    refresh()
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{base}/dang-nhap/")
    page.get_by_label("Số điện thoại hoặc số CCCD").fill(staff.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")
    page.get_by_role("link", name="Điều hành").first.click()
    expect(page.get_by_role("heading", name="Các đơn vị trực thuộc")).to_be_visible()
    expect(page.locator(".headline")).to_contain_text("/2 đơn vị có trên 50%")
    page.screenshot(path=str(screenshots / "dashboard-city-1280.png"), full_page=True)
    page.get_by_role("link", name=tree.ward1.name).first.click()
    expect(page.get_by_role("heading", name=f"Điều hành tác nghiệp — {tree.ward1.name}")).to_be_visible()
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=str(screenshots / "dashboard-ward-360.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name=tree.unit1.name).first.click()
    page.get_by_role("link", name=tree.branch1.name).first.click()
    expect(page.get_by_role("heading", name=f"Điều hành tác nghiệp — {tree.branch1.name}")).to_be_visible()
    page.get_by_role("link", name="Chưa kích hoạt").first.click()
    expect(
        page.get_by_role("heading", name=f"Thuộc diện nhưng chưa kích hoạt tài khoản — {tree.branch1.name}")
    ).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải danh sách (Excel)").click()
    assert download.value.suggested_filename.startswith("chua-kich-hoat-")
    context.close()
