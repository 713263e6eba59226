"""A ward's own workbook, made by nobody on the team, taken through the whole campaign on a phone.

The file (`tests/campaign/files/hostile.py`): a merged title block above an abbreviated, reordered header
with an extra column, a signature block and 3,000 formatted empty rows below, a hidden row and a hidden
sheet, Excel dates, CCCDs that lost their leading zero, an old CMND, phones with +84 and dots, names in
capitals and NFD, the same person twice under two spellings in two branches. Upload → bulk accept → merge
→ edit the two wrong CCCDs → promote with nothing unexplained → sync → every step done; each page is
checked at 360 px, the queue and the reconciliation at 1280 px too.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from sotay.accounts.models import User
from sotay.members.models import Member
from tests.browser.checks import Checks
from tests.campaign.conftest import campaign, ward1_unit  # noqa: F401  (fixtures)
from tests.campaign.files import hostile

pytestmark = pytest.mark.browser

UNIT_NAME = "Đảng bộ phường Một"


def _message(page: Any, text: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator("ul.messages li").filter(has_text=text).first).to_be_visible()


def _wide(page: Any, checks: Checks, name: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    checks.page(page, name)
    page.set_viewport_size({"width": 360, "height": 740})


def test_a_wards_own_workbook_goes_through_the_whole_campaign(
    live_server: Any,
    sign_in: Any,
    unit_staff: User,
    ward1_unit: Any,  # noqa: F811
    screenshots: Path,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    workbook = hostile.hostile_xlsx(tmp_path)
    checks = Checks(screenshots, "campaign-hostile")
    page = sign_in(unit_staff)
    page.set_default_timeout(30_000)
    page.goto(f"{live_server.url}/chien-dich/don-vi/{ward1_unit.pk}/")
    expect(page.get_by_role("heading", name=UNIT_NAME, level=1)).to_be_visible()

    # 1. Upload: the title and signature blocks are left out, and the page says where the header was.
    page.get_by_label("Tệp .csv (UTF-8), .xlsx, .xls hoặc .ods").set_input_files(str(workbook))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    _message(page, "Đã nhập 6 dòng từ «danh-sach-phuong-mot.xlsx» và kiểm tra xong.")
    _message(page, "hàng tiêu đề ở trang tính 'DS dang vien', hàng 6")
    _message(page, "phần ký tên")
    checks.page(page, "uploaded")

    # 2. The queue: names, the renumbered phone and the restored zero are accepted in one go.
    page.get_by_role("link", name="Mở hàng đợi xử lý").click()
    expect(page.get_by_role("heading", name="Hàng đợi xử lý")).to_be_visible()
    page.get_by_role("button", name="Nhận tất cả").click()
    _message(page, "Đã nhận 4 đề xuất sửa tự động.")
    findings = page.locator("li.finding")
    cmnd = findings.filter(has_text="đây là số CMND 9 số")
    expect(cmnd).to_contain_text("Dòng 4")
    expect(cmnd).to_contain_text("024058123")
    checks.page(page, "queue")
    _wide(page, checks, "queue")

    # 3. The same person twice (capitals with a new-style tone vs no diacritics, two branches): merge.
    page.get_by_role("link", name=f"← {UNIT_NAME}").click()
    page.get_by_role("link", name="Xem các cặp trùng").click()
    pair = page.locator("form.pair")
    expect(pair).to_contain_text("Nguyễn Văn Hòa")
    expect(pair).to_contain_text("Nguyen Van Hoa")
    checks.page(page, "duplicates")
    page.get_by_role("button", name="Gộp dòng 5 vào dòng 1").click()
    _message(page, "Đã gộp dòng 5 vào dòng 1.")

    # 4. Back in the queue, the two wrong citizen IDs are typed in from the paper files.
    page.get_by_role("link", name=f"← {UNIT_NAME}").click()
    page.get_by_role("link", name="Mở hàng đợi xử lý").click()
    for text, value in (("đây là số CMND 9 số", "024058000123"), ("CCCD ghi năm 2099", "079199000106")):
        card = page.locator("li.finding").filter(has_text=text)
        card_id = card.get_attribute("id")
        card.get_by_label("Sửa số CCCD thành").fill(value)
        card.locator("form").filter(has=page.get_by_label("Sửa số CCCD thành")).get_by_role(
            "button", name="Lưu giá trị"
        ).click()
        _message(page, "Đã lưu")
        expect(page.locator(f"#{card_id}")).to_have_count(0)

    # 5. Promote: five records (the merged row is gone), nothing unexplained; a second tap does nothing.
    page.get_by_role("link", name=f"← {UNIT_NAME}").click()
    recheck = page.get_by_role("button", name="Kiểm tra lại")
    if recheck.is_visible():
        recheck.click()
        page.get_by_role("link", name=f"← {UNIT_NAME}").click()
    page.get_by_role("button", name="Chuyển lên CSDL 4.0").click()
    expect(page.get_by_role("heading", name="Đối chiếu CSDL 3.0 với CSDL 4.0")).to_be_visible()
    _message(page, "Đã chuyển lên CSDL 4.0: 5 hồ sơ mới, 0 hồ sơ cập nhật.")
    expect(page.get_by_text("Không có khác biệt nào chưa giải thích")).to_be_visible()
    checks.page(page, "reconciliation")
    _wide(page, checks, "reconciliation")

    # 6. Sync: the exempted member (Miễn SH) is not put on the handbook.
    page.get_by_role("link", name=f"← {UNIT_NAME}").click()
    page.get_by_role("button", name="Đồng bộ ngay").click()
    _message(page, f"Đã đồng bộ {UNIT_NAME}: cấp mới 4")
    page.get_by_role("link", name=f"← {ward1_unit.campaign.name}").click()
    unit_row = page.locator("table.progress tbody tr").filter(has_text=UNIT_NAME)
    expect(unit_row.locator(".status")).to_have_text(["Hoàn thành"] * 3)
    checks.page(page, "progress")
    checks.assert_clean()

    # What the browser did is what the registry holds, every value in its canonical form.
    members = {m.code: m for m in Member.objects.select_related("org")}
    assert sorted(members) == ["HW1", "HW2", "HW3", "HW4", "HW6"]
    hoa = members["HW1"]
    assert (hoa.full_name, hoa.cccd, hoa.card_number, hoa.phone) == (
        "Nguyễn Văn Hòa", "079062000101", "00000101", "0912345678",
    )  # fmt: skip
    assert hoa.birth_date == datetime.date(1962, 3, 5)
    assert members["HW2"].full_name == "Lê Thị Thủy"
    assert members["HW2"].birth_date == datetime.date(1965, 1, 9)  # 9/1/1965 is day-first
    assert members["HW3"].ethnicity == "Khơ-me"
    assert members["HW4"].phone == "0381234567"
    assert members["HW6"].birth_date == datetime.date(1999, 1, 1)  # an Excel serial in the cell
