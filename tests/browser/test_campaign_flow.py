"""A unit's staff member takes the messy ward file through the whole campaign in a phone-sized browser.

Upload → review queue (bulk accept, two htmx edits) → merge the duplicate → re-check → promote to
CSDL 4.0 with zero unexplained differences → sync to the handbook → the campaign's progress table shows
the unit done. tests/campaign/test_flow.py walks the same flow through the service layer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from sotay.accounts.models import User
from sotay.members.models import Member
from tests.campaign.conftest import campaign, messy_file, ward1_unit  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-rat-dai-123"  # tests/factories.py gives every persona this password
LOCAL_SCHEMES = {"data", "blob", "about"}
PHONE = {"width": 360, "height": 740}
UNIT_NAME = "Đảng bộ phường Một"


def _no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


def _shoot(page: Any, screenshots: Path, name: str, overflow: dict[str, bool]) -> None:
    page.screenshot(path=str(screenshots / f"campaign-{name}.png"), full_page=True)
    overflow[name] = _no_sideways_scroll(page)


def _message(page: Any, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator("ul.messages li").filter(has_text=text)).to_be_visible()


def _edit_finding(page: Any, card: Any, label: str, value: str) -> None:
    """Type a value into one of the card's edit forms. The edit is re-checked with the whole file (other
    rows may change), so the queue reloads, says what happened, and the settled card leaves the open list."""
    from playwright.sync_api import expect

    card_id = card.get_attribute("id")
    card.get_by_label(label).fill(value)
    card.locator("form").filter(has=page.get_by_label(label)).get_by_role(
        "button", name="Lưu giá trị"
    ).click()
    expect(page.locator("ul.messages li").filter(has_text="Đã lưu")).to_be_visible()
    expect(page.locator(f"#{card_id}")).to_have_count(0)


def test_unit_staff_cleans_promotes_and_syncs(
    live_server: Any,
    unit_staff: User,
    ward1_unit: Any,  # noqa: F811
    messy_file: Path,  # noqa: F811
    browser: Any,
    screenshots: Path,
) -> None:
    from playwright.sync_api import expect

    server = urlsplit(live_server.url)
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)

    requests: list[str] = []
    console_errors: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    overflow: dict[str, bool] = {}

    try:
        # 1. Sign in through the form.
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Số điện thoại hoặc số CCCD").fill(unit_staff.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")

        # 2. Top navigation (folded behind one button on a phone) → campaign → the unit.
        expect(page.get_by_role("navigation", name="Chính")).to_be_hidden()
        page.get_by_text("Trình đơn").click()
        page.get_by_role("navigation", name="Chính").get_by_role("link", name="Chiến dịch").click()
        expect(page.get_by_role("heading", name="Chiến dịch làm sạch dữ liệu")).to_be_visible()
        page.get_by_role("link", name=ward1_unit.campaign.name).click()
        expect(page.get_by_role("heading", name=ward1_unit.campaign.name)).to_be_visible()
        page.get_by_role("link", name=UNIT_NAME).click()
        expect(page.get_by_role("heading", name=UNIT_NAME, level=1)).to_be_visible()

        # 3. Upload the messy file.
        page.get_by_label("Tệp .csv (UTF-8), .xlsx, .xls hoặc .ods").set_input_files(str(messy_file))
        page.get_by_role("button", name="Tải lên và kiểm tra").click()
        _message(page, "Đã nhập 4 dòng từ «phuong1.csv» và kiểm tra xong.")

        # 4. The review queue: bulk-accept the name fix, then two edits through htmx.
        page.get_by_role("link", name="Mở hàng đợi xử lý").click()
        expect(page.get_by_role("heading", name="Hàng đợi xử lý")).to_be_visible()
        page.get_by_role("button", name="Nhận tất cả").click()
        _message(page, "Đã nhận 1 đề xuất sửa tự động.")

        findings = page.locator("li.finding")
        gender = findings.filter(has_text="Số thứ 4 của số CCCD không khớp với giới tính")
        expect(gender).to_contain_text("Dòng 2")
        expect(gender).to_contain_text("CCCD ghi Nữ, cột Giới tính ghi Nam")
        _edit_finding(page, gender, "Sửa giới tính thành", "Nữ")

        birth = findings.filter(has_text="Ngày sinh không đọc được hoặc không có thật")
        expect(birth).to_contain_text("Dòng 4")
        _edit_finding(page, birth, "Sửa ngày sinh thành", "28/02/1975")
        _shoot(page, screenshots, "queue", overflow)

        # 5. The duplicate pair: merge with the default choices.
        page.get_by_role("link", name=f"← {UNIT_NAME}").click()
        page.get_by_role("link", name="Xem các cặp trùng").click()
        expect(page.get_by_role("heading", name="Có thể trùng người")).to_be_visible()
        _shoot(page, screenshots, "duplicates", overflow)
        page.get_by_role("button", name=re.compile(r"^Gộp")).click()
        _message(page, "Đã gộp dòng 3 vào dòng 1.")

        # 6. Re-check (the shared CCCD and card number went with the merge), promote, reconcile.
        page.get_by_role("link", name=f"← {UNIT_NAME}").click()
        recheck = page.get_by_role("button", name="Kiểm tra lại")
        if recheck.is_visible():
            recheck.click()
            _message(page, "Đã kiểm tra lại")
            page.get_by_role("link", name=f"← {UNIT_NAME}").click()
        page.get_by_role("button", name="Chuyển lên CSDL 4.0").click()
        expect(page.get_by_role("heading", name="Đối chiếu CSDL 3.0 với CSDL 4.0")).to_be_visible()
        _message(page, "Đã chuyển lên CSDL 4.0: 3 hồ sơ mới, 0 hồ sơ cập nhật.")
        unexplained = page.locator("li.card").filter(has_text="khác biệt chưa giải thích")
        expect(unexplained).to_have_text(re.compile(r"^\s*0 khác biệt chưa giải thích\s*$"))
        expect(page.get_by_text("Không có khác biệt nào chưa giải thích")).to_be_visible()
        _shoot(page, screenshots, "reconciliation", overflow)

        # 7. Sync to the handbook.
        page.get_by_role("link", name=f"← {UNIT_NAME}").click()
        page.get_by_role("button", name="Đồng bộ ngay").click()
        _message(page, f"Đã đồng bộ {UNIT_NAME}: cấp mới 3")
        expect(page.get_by_role("heading", name=UNIT_NAME, level=1)).to_be_visible()  # back on the unit page

        # 8. The campaign's progress table: every step done, everyone on the handbook.
        page.get_by_role("link", name=f"← {ward1_unit.campaign.name}").click()
        unit_row = page.locator("table.progress tbody tr").filter(has_text=UNIT_NAME)
        expect(unit_row.locator(".status")).to_have_text(["Hoàn thành"] * 3)
        expect(unit_row).to_contain_text("100%")
        page.wait_for_load_state("networkidle")
        _shoot(page, screenshots, "progress", overflow)
    finally:
        context.close()

    # What the browser did is what the registry holds.
    assert set(Member.objects.values_list("code", flat=True)) == {"A1", "A2", "A4"}
    assert Member.objects.get(code="A2").gender == "Nữ"
    assert Member.objects.get(code="A2").cccd == "079165000102"
    assert Member.objects.get(code="A1").phone == "0912345678"  # taken from the merged row 3

    elsewhere = [
        url
        for url in requests
        if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != server.netloc
    ]
    assert requests
    assert not elsewhere, f"requests left the live server {server.netloc}: {elsewhere}"
    assert not console_errors, f"browser console errors: {console_errors}"
    assert all(overflow.values()), f"pages that scroll sideways at 360 px: {overflow}"
