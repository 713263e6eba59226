"""The handbook on a phone (360 px): a member registers, the secretary approves, the member opens their
record and reports a wrong gender, the secretary forwards it, unit staff apply it, the member sees the
new value and a notification. Second walk: unit staff print a branch's activation sheet, and a member
activates with a code. axe reports no serious or critical violation on any page of either walk."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sotay.accounts.models import User
from sotay.corrections.models import Correction, CorrectionState
from sotay.handbook.sync.actions import sync_handbook
from sotay.members.models import Member
from tests import factories
from tests.browser.checks import Checks

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-rat-dai-123"
PHONE = {"width": 360, "height": 740}


def _context(browser: Any) -> Any:
    page = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    page.set_default_timeout(20_000)
    return page


@pytest.fixture
def checks(screenshots: Path) -> Checks:
    return Checks(screenshots, "handbook")


def test_register_approve_report_forward_apply(
    live_server: Any, browser: Any, sign_in: Any, checks: Checks, tree: Any, secretary: User, unit_staff: User
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    # A record carried over from the old database with the gender mistyped: the CCCD says Nữ.
    mai = factories.member(tree.branch1, full_name="Trần Thị Mai", gender="Nữ")
    Member.objects.filter(pk=mai.pk).update(gender="Nam")
    sync_handbook(root=tree.city, by=None)
    birth = mai.birth_date.strftime("%d/%m/%Y")

    # 1. The member registers.
    page = _context(browser)
    try:
        page.goto(f"{base}/dang-ky/")
        page.get_by_label("Số CCCD").fill(mai.cccd)
        page.get_by_label("Ngày sinh").fill(birth)
        page.get_by_label("Số điện thoại").fill("0912345678")
        page.get_by_label("Mã chi bộ").fill(tree.branch1.code)
        page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
        page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
        checks.page(page, "register", member_page=True)
        page.get_by_role("button", name="Gửi yêu cầu").click()
        expect(page.get_by_role("heading", name="Đã gửi yêu cầu")).to_be_visible()
    finally:
        page.context.close()

    # 2. The secretary approves.
    page = sign_in(secretary)
    try:
        page.goto(f"{base}/dang-ky/cho-duyet/")
        checks.page(page, "registration-queue")
        page.get_by_role("button", name="Duyệt").click()
        expect(page.get_by_role("status").first).to_be_visible()
    finally:
        page.context.close()

    # 3. The member signs in with the phone, opens the record and reports the wrong gender.
    page = sign_in("0912345678")
    try:
        page.goto(f"{base}/ho-so/")
        checks.page(page, "my-record", member_page=True)
        page.get_by_role("link", name="Báo sai giới tính").click()
        checks.page(page, "report-gender", member_page=True)
        page.get_by_label("Nữ").check()
        page.get_by_label("Ghi chú cho cấp ủy (không bắt buộc)").fill("Theo thẻ căn cước")
        page.get_by_role("button", name="Gửi báo sai").click()
        expect(page.get_by_text("Chờ cấp ủy chi bộ xem xét")).to_be_visible()
    finally:
        page.context.close()

    # 4. The secretary forwards it.
    correction = Correction.objects.get(member=mai)
    page = sign_in(secretary)
    try:
        page.goto(f"{base}/bao-sai/")
        checks.page(page, "correction-queue-committee")
        page.get_by_role("link", name=mai.full_name).click()
        checks.page(page, "correction-detail-committee")
        page.get_by_role("button", name="Chuyển lên Ban Tổ chức").click()
        expect(page.get_by_text("Đã chuyển lên Ban Tổ chức.")).to_be_visible()
    finally:
        page.context.close()

    # 5. Unit staff apply it through the registry.
    page = sign_in(unit_staff)
    try:
        page.goto(f"{base}/bao-sai/{correction.pk}/")
        checks.page(page, "correction-detail-staff")
        page.get_by_role("button", name="Cập nhật vào hồ sơ").click()
        expect(page.get_by_text("Đã cập nhật hồ sơ đảng viên.")).to_be_visible()
    finally:
        page.context.close()

    # 6. The member sees the new value and the notification.
    page = sign_in(mai.cccd)
    try:
        expect(page.locator(".bell .badge")).to_be_visible()
        page.goto(f"{base}/ho-so/")
        row = page.locator(".record-row", has_text="Giới tính")
        expect(row.locator("dd").first).to_have_text("Nữ")
        expect(page.get_by_text("Đã cập nhật vào hồ sơ")).to_be_visible()
        page.goto(f"{base}/thong-bao/")
        expect(page.get_by_text(re.compile("Hồ sơ đã được cập nhật: «Giới tính»"))).to_be_visible()
        checks.page(page, "notifications", member_page=True)
        page.get_by_role("button", name="Chữ lớn").click()
        page.wait_for_load_state()
        page.goto(f"{base}/ho-so/")
        size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 22, size
        checks.page(page, "my-record-large-text", member_page=True)
    finally:
        page.context.close()

    mai.refresh_from_db()
    correction.refresh_from_db()
    assert (mai.gender, correction.state) == ("Nữ", CorrectionState.APPLIED)
    checks.assert_clean()


def test_staff_print_a_sheet_and_a_member_activates(
    live_server: Any, browser: Any, sign_in: Any, checks: Checks, tree: Any, unit_staff: User
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    tu = factories.member(tree.branch2, full_name="Đặng Văn Tư")
    sync_handbook(root=tree.city, by=None)

    page = sign_in(unit_staff)
    try:
        page.goto(f"{base}/chi-bo/{tree.branch2.pk}/ma-kich-hoat/")
        checks.page(page, "branch-codes")
        page.get_by_role("button", name="Cấp mã và in phiếu").click()
        slip = page.locator(".slip", has_text=tu.full_name)
        expect(slip.locator("svg")).to_be_visible()
        code = slip.locator(".slip-code").inner_text()
        checks.page(page, "activation-sheet")
    finally:
        page.context.close()

    page = _context(browser)
    try:
        page.goto(f"{base}/kich-hoat/")
        page.get_by_label("Mã kích hoạt").fill(code)
        page.get_by_label("Ngày sinh").fill(tu.birth_date.strftime("%d/%m/%Y"))
        page.get_by_label("Mật khẩu mới").fill(PASSWORD)
        page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
        checks.page(page, "activate", member_page=True)
        page.get_by_role("button", name="Kích hoạt").click()
        expect(page.get_by_role("heading", name="Đã đặt mật khẩu")).to_be_visible()
    finally:
        page.context.close()

    page = sign_in(tu.cccd)
    try:
        page.goto(f"{base}/ho-so/")
        expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    finally:
        page.context.close()
    assert User.objects.get(member=tu).check_password(PASSWORD)
    checks.assert_clean()
