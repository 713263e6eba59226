"""The ward's staff take the demo's own export through the campaign on a phone, hard cases included.

The demo (small, random defects off) writes its ward export with the hard cases every demo holds
(`sotay.site.demo_cases`): the jumped member becomes a transfer request from the queue, the birth year
that disagrees with the CCCD is confirmed against the paper file, the warning-only row is left as it is,
a re-upload keeps the decisions, the duplicate is merged; then promotion, a clean reconciliation, the one
sync, and the campaign's table shows the three steps done with nobody lost.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

from sotay.campaign.models import CampaignUnit
from sotay.members.actions import receive_transfer
from sotay.members.models import Member, Transfer
from sotay.site.demo import DEMO_PASSWORD, demo_file_path, load_demo
from sotay.site.demo_cases import LANDLINE

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def demo(db: Any, settings: Any, tmp_path: Path) -> CampaignUnit:
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo(members=120, wards=2, defect_rate=0)
    return CampaignUnit.objects.select_related("org", "campaign").order_by("org__path").first()


def _message(page: Any, text: str | re.Pattern[str]) -> None:
    from playwright.sync_api import expect

    expect(page.locator("ul.messages li").filter(has_text=text).first).to_be_visible()


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


def test_the_demo_export_with_its_hard_cases_to_three_green_steps(
    live_server: Any, demo: CampaignUnit, browser: Any, screenshots: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    unit, name = demo, demo.org.name
    members_before = set(Member.objects.active().values_list("code", flat=True))
    export = demo_file_path()
    # The same export saved again on another computer (Windows line ends): new bytes, the same rows.
    again = tmp_path / "again" / export.name
    again.parent.mkdir()
    again.write_bytes(export.read_bytes().replace(b"\n", b"\r\n"))

    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    fits: dict[str, bool] = {}

    def shoot(label: str) -> None:
        page.screenshot(path=str(screenshots / f"demo-campaign-{label}.png"), full_page=True)
        fits[label] = _fits(page)

    try:
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Số điện thoại hoặc số CCCD").fill("bantochuc.phuong")
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"{live_server.url}/chien-dich/don-vi/{unit.pk}/")
        expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()

        # Upload the demo's own export.
        page.get_by_label("Tệp .csv (UTF-8), .xlsx, .xls hoặc .ods").set_input_files(str(export))
        page.get_by_role("button", name="Tải lên và kiểm tra").click()
        _message(page, f"từ «{export.name}» và kiểm tra xong")

        # The queue: confirm the birth year against the paper file; ask for the jumped member.
        page.get_by_role("link", name="Mở hàng đợi xử lý").click()
        cards = page.locator("li.finding")
        paper = cards.filter(has_text="Năm sinh trong số CCCD không khớp với ngày sinh")
        paper.get_by_label("Đã đối chiếu hồ sơ giấy, ghi chú").fill("Đúng theo lý lịch đảng viên")
        paper.get_by_role("button", name="Xác nhận đúng").click()
        expect(cards.filter(has_text="Đúng theo lý lịch đảng viên")).to_contain_text(
            "Đã đối chiếu hồ sơ giấy"
        )
        held = cards.filter(has=page.get_by_role("button", name="Đề nghị chuyển sinh hoạt về đơn vị mình"))
        expect(held).to_contain_text("chuyển sinh hoạt")
        shoot("queue")
        held.get_by_role("button", name="Đề nghị chuyển sinh hoạt về đơn vị mình").click()
        _message(page, "Đã gửi đề nghị chuyển sinh hoạt")
        # The warning-only row is left as it is: warnings never block.
        page.goto(f"{page.url.split('?')[0]}?severity=warning")
        expect(cards.filter(has_text=LANDLINE.replace(" ", ""))).to_have_count(1)

        # The ward holding the member confirms (tests/browser/test_registry_transfer.py walks that side).
        transfer = Transfer.objects.get(requested_by_receiver=True)
        receive_transfer(transfer=transfer, by=None, on=datetime.date.today())

        # A re-upload after the decisions keeps them.
        page.get_by_role("link", name=f"← {name}").click()
        page.get_by_label("Tệp .csv (UTF-8), .xlsx, .xls hoặc .ods").set_input_files(str(again))
        page.get_by_role("button", name="Tải lên và kiểm tra").click()
        _message(page, re.compile(r"Đã giữ [1-9]\d* quyết định từ tệp trước"))

        # The duplicate person: merge.
        page.get_by_role("link", name="Xem các cặp trùng").click()
        shoot("duplicates")
        page.get_by_role("button", name=re.compile(r"^Gộp dòng \d+ vào dòng \d+$")).click()
        _message(page, re.compile(r"Đã gộp dòng \d+ vào dòng \d+\."))

        # Re-check, promote, reconcile: nothing unexplained.
        page.get_by_role("link", name=f"← {name}").click()
        recheck = page.get_by_role("button", name="Kiểm tra lại")
        if recheck.is_visible():
            recheck.click()
            _message(page, "Đã kiểm tra lại")
            page.get_by_role("link", name=f"← {name}").click()
        page.get_by_role("button", name="Chuyển lên CSDL 4.0").click()
        expect(page.get_by_role("heading", name="Đối chiếu CSDL 3.0 với CSDL 4.0")).to_be_visible()
        expect(page.get_by_text("Không có khác biệt nào chưa giải thích")).to_be_visible()
        shoot("reconciliation")

        # The one sync, from the unit page; back on it, the step is done.
        page.get_by_role("link", name=f"← {name}").click()
        page.get_by_role("button", name="Đồng bộ ngay").click()
        _message(page, f"Đã đồng bộ {name}")
        shoot("unit")

        # The campaign's table: three steps done, everyone on the handbook.
        page.get_by_role("link", name=f"← {unit.campaign.name}").click()
        row = page.locator("table.progress tbody tr").filter(has_text=name)
        expect(row.locator(".status")).to_have_text(["Hoàn thành"] * 3)
        expect(row).to_contain_text("100%")
        shoot("progress")
    finally:
        context.close()

    # Nothing lost: every member the registry had is still there, the jumped one now in this ward.
    assert members_before <= set(Member.objects.active().values_list("code", flat=True))
    assert Member.objects.get(pk=transfer.member_id).org.path.startswith(unit.org.path)
    warned = Member.objects.get(phone=LANDLINE.replace(" ", ""))
    assert warned.ethnicity == "Khác"
    assert not errors, errors
    assert all(fits.values()), f"pages that scroll sideways at 360 px: {fits}"
