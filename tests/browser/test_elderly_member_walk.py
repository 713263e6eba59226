"""An elderly member nobody on the team is, on a cheap phone (360 px, slow 3G, CPU 4× slower): registers
with JavaScript off, typing the CCCD in groups as on the card, the birth date with dashes and the phone
with +84, and taps "Gửi yêu cầu" twice; the secretary double-taps "Duyệt"; the member signs in with "+84…",
uses the back button, writes a note (tapped twice), asks a question, and opens every page of the menu.
Each tap acts once, and every page passes the browser checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sotay.accounts.models import Registration, User
from sotay.handbook.sync.actions import sync_handbook
from sotay.notes.models import Note
from sotay.questions.models import Question
from tests import factories
from tests.browser.checks import Checks
from tests.browser.conftest import PASSWORD, PHONE

pytestmark = pytest.mark.browser

# A slow mobile link: 400 ms round trip (Chrome DevTools' "Slow 3G" latency), 200 kB/s each way.
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 200_000, "uploadThroughput": 200_000}
MENU = ["Hồ sơ của tôi", "Sinh hoạt chi bộ", "Tin tức", "Thư viện", "Ghi chú", "Hỏi đáp", "Thông báo"]


def _slow(page: Any) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})


def test_an_elderly_member_registers_and_walks_the_handbook_on_a_slow_phone(
    live_server: Any, browser: Any, sign_in: Any, screenshots: Path, tree: Any, secretary: User
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    checks = Checks(screenshots, "elderly")
    tam = factories.member(tree.branch1, full_name="Trương Văn Tâm")
    sync_handbook(root=tree.city, by=None)
    grouped = " ".join(tam.cccd[i : i + 3] for i in range(0, 12, 3))

    # 1. Registration with JavaScript off: the plain form works, and a double tap sends one request.
    context = browser.new_context(viewport=PHONE, locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(30_000)
    _slow(page)

    def fill_and_send() -> None:
        page.goto(f"{base}/dang-ky/")
        page.get_by_label("Số CCCD").fill(grouped)
        page.get_by_label("Ngày sinh").fill(tam.birth_date.strftime("%d-%m-%Y"))
        page.get_by_label("Số điện thoại").fill("+84 912 345 678")
        page.get_by_label("Mã chi bộ").fill(tree.branch1.code)
        page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
        page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
        # The checks evaluate scripts in the page, which never return with JavaScript off: a screenshot
        # only (the registration page is checked with JavaScript on in test_handbook_walk.py).
        page.screenshot(path=str(screenshots / "elderly-register-nojs-360.png"), full_page=True)
        page.get_by_role("button", name="Gửi yêu cầu").click()
        expect(page.get_by_role("heading", name="Đã gửi yêu cầu")).to_be_visible(timeout=30_000)

    fill_and_send()
    # Not sure it went through, the member goes back and sends the same form again: the same answer,
    # and still one request for the secretary.
    page.go_back()
    fill_and_send()
    context.close()
    assert Registration.objects.filter(member=tam).count() == 1

    # 2. The secretary double-taps "Duyệt": one account.
    sec = sign_in(secretary)
    sec.goto(f"{base}/dang-ky/cho-duyet/")
    sec.get_by_role("button", name="Duyệt").dblclick()
    expect(sec.get_by_role("status").first).to_be_visible()
    checks.page(sec, "queue-after-approval")
    sec.context.close()
    assert User.objects.filter(member=tam).count() == 1

    # 3. The member signs in with the phone as they know it, on the slow phone.
    mem = sign_in("+84912345678")
    mem.set_default_timeout(30_000)
    _slow(mem)
    mem.goto(f"{base}/ho-so/")
    expect(mem.get_by_text(tam.full_name).first).to_be_visible(timeout=30_000)
    mem.go_back()  # back to the home page: still signed in, no error
    expect(mem.get_by_role("link", name="Sổ tay")).to_be_visible(timeout=30_000)

    # A note, tapped twice: one note.
    mem.goto(f"{base}/ghi-chu/moi/")
    mem.get_by_label("Ghi chú (chỉ đồng chí đọc được)").fill("Nhớ mang <b>thẻ đảng viên</b> đi họp")
    checks.page(mem, "note-new", member_page=True)
    mem.get_by_role("button", name="Lưu ghi chú").dblclick()
    expect(mem.get_by_text("Nhớ mang <b>thẻ đảng viên</b> đi họp")).to_be_visible(timeout=30_000)
    assert Note.objects.filter(user__member=tam).count() == 1

    # A question to the branch committee, tapped twice: one question.
    mem.goto(f"{base}/hoi-dap/gui/")
    mem.get_by_label("Tiêu đề").fill("Đóng đảng phí khi đi làm xa")
    mem.get_by_label("Câu hỏi, ý kiến").fill("Tôi đi làm ở tỉnh khác ba tháng, đóng đảng phí thế nào?")
    checks.page(mem, "question-new", member_page=True)
    mem.get_by_role("button", name="Gửi câu hỏi").dblclick()
    expect(mem.get_by_role("heading", name="Đóng đảng phí khi đi làm xa")).to_be_visible(timeout=30_000)
    assert Question.objects.filter(subject="Đóng đảng phí khi đi làm xa").count() == 1

    # Every page of the menu, reached through the folded menu as on a phone.
    for name in MENU:
        mem.goto(f"{base}/")
        if name == "Thông báo":
            mem.locator(".bell").click()
        else:
            mem.locator(".nav-narrow summary").click()
            mem.locator(".nav-narrow").get_by_role("link", name=name, exact=True).click()
        mem.wait_for_load_state()
        assert mem.locator("h1").count() >= 1, name
        checks.page(mem, name, member_page=True)
    checks.assert_clean()
