"""A ward's staff upload a workbook with the member list on two sheets, on a phone, and choose the sheet
without uploading the file again; the unit's page then shows the rows of the chosen sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sotay.accounts.models import User
from sotay.campaign.models import ImportBatch
from tests.browser.checks import Checks
from tests.campaign.conftest import campaign, ward1_unit  # noqa: F401  (fixtures)
from tests.campaign.test_sheet_choice import ONE, TWO, _workbook

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-rat-dai-123"  # tests/factories.py gives every persona this password
PHONE = {"width": 360, "height": 740}


def test_staff_choose_the_sheet_of_a_two_sheet_workbook(
    live_server: Any,
    unit_staff: User,
    ward1_unit: Any,  # noqa: F811
    browser: Any,
    screenshots: Path,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    workbook = _workbook(tmp_path / "phuong1-hai-trang.xlsx", {"Tổng hợp chi bộ 1": ONE, "Danh sách": TWO})
    checks = Checks(screenshots, "sheet-choice")
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Số điện thoại hoặc số CCCD").fill(unit_staff.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")

        page.goto(f"{live_server.url}/chien-dich/don-vi/{ward1_unit.pk}/")
        page.get_by_label("Tệp .csv (UTF-8), .xlsx, .xls hoặc .ods").set_input_files(str(workbook))
        page.get_by_role("button", name="Tải lên và kiểm tra").click()
        expect(page.get_by_role("heading", name="Chọn trang tính để kiểm tra")).to_be_visible()
        expect(page.get_by_text("nhiều trang tính").first).to_be_visible()
        checks.page(page, "choose")

        page.get_by_role("button", name="Nhập trang tính đã chọn").click()  # nothing chosen: the browser asks
        expect(page.get_by_role("heading", name="Chọn trang tính để kiểm tra")).to_be_visible()
        page.get_by_label("Danh sách").check()
        page.get_by_role("button", name="Nhập trang tính đã chọn").click()
        expect(
            page.locator("ul.messages li").filter(
                has_text="Đã nhập 2 dòng từ trang tính «Danh sách» của «phuong1-hai-trang.xlsx»"
            )
        ).to_be_visible()
        checks.page(page, "unit")
        assert ImportBatch.objects.get().sheet == "Danh sách"
        checks.assert_clean()
    finally:
        context.close()
