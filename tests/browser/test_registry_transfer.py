"""A transfer between two wards on a phone (360 px): ward 1's staff request it from the member's page,
ward 2's staff confirm it in their queue, the member shows in the new branch with both events."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from sotay.accounts.models import User
from sotay.members.models import Member, TransferState

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


def _tap_targets_too_small(page: Any) -> list[str]:
    return page.evaluate(
        """() => [...document.querySelectorAll(
                'main button, main a.btn, main input, main select, main textarea')]
            .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
            .map(e => e.outerHTML.slice(0, 80))"""
    )


def test_transfer_between_wards_at_360px(
    live_server: Any,
    sign_in: Any,
    screenshots: Path,
    unit_staff: User,
    outsider: User,
    hoa: Member,
    tree: Any,
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    today = datetime.date.today().strftime("%d/%m/%Y")
    overflow: dict[str, bool] = {}

    # Ward 1's staff request the transfer from the member's page.
    page = sign_in(unit_staff)
    try:
        page.goto(f"{base}/dang-vien/{hoa.pk}/")
        page.get_by_role("link", name="Chuyển sinh hoạt", exact=True).click()
        expect(page.get_by_role("heading", name="Chuyển sinh hoạt")).to_be_visible()
        page.get_by_label("Tìm chi bộ nhận").fill("Hai")
        page.get_by_role("button", name="Tìm chi bộ").click()
        page.get_by_role("link", name=f"Chọn {tree.unit2.name}").click()
        expect(page.get_by_label("Mã chi bộ nhận")).to_have_value(tree.unit2.code)
        page.get_by_label("Ngày chuyển đi").fill(today)
        page.screenshot(path=str(screenshots / "registry-transfer-start-360.png"), full_page=True)
        overflow["start"] = _no_sideways_scroll(page)
        assert not _tap_targets_too_small(page)
        page.get_by_role("button", name="Gửi đề nghị chuyển sinh hoạt").click()
        expect(page.get_by_text("Đã gửi đề nghị chuyển sinh hoạt")).to_be_visible()
        expect(page.locator(f'[data-member="{hoa.code}"]')).to_be_visible()
    finally:
        page.context.close()
    assert Member.objects.get(pk=hoa.pk).org == tree.branch1  # counted once, at the sender, until received

    # Ward 2's staff confirm it in their queue.
    page = sign_in(outsider)
    try:
        page.goto(f"{base}/chuyen-sinh-hoat/")
        card = page.locator(f'[data-member="{hoa.code}"]')
        expect(card).to_be_visible()
        page.screenshot(path=str(screenshots / "registry-transfer-queue-360.png"), full_page=True)
        overflow["queue"] = _no_sideways_scroll(page)
        assert not _tap_targets_too_small(page)
        card.get_by_role("button", name=f"Tiếp nhận {hoa.full_name}").click()
        expect(page.get_by_text(f"Đã tiếp nhận {hoa.full_name}")).to_be_visible()

        page.goto(f"{base}/dang-vien/{hoa.pk}/")
        expect(page.get_by_text(tree.unit2.name).first).to_be_visible()
        # In the history (the menu's "Chuyển sinh hoạt" + "Điều hành" would match the words too).
        expect(page.locator("li.card", has_text="Chuyển sinh hoạt đi")).to_be_visible()
        expect(page.locator("li.card", has_text="Tiếp nhận sinh hoạt")).to_be_visible()
        page.screenshot(path=str(screenshots / "registry-member-after-360.png"), full_page=True)
        overflow["member"] = _no_sideways_scroll(page)
    finally:
        page.context.close()

    hoa.refresh_from_db()
    assert hoa.org == tree.unit2
    assert hoa.transfers.get().state == TransferState.RECEIVED
    assert all(overflow.values()), f"pages scroll sideways at 360 px: {overflow}"


def test_edit_form_shows_the_reason_next_to_the_field(
    live_server: Any, sign_in: Any, screenshots: Path, unit_staff: User, hoa: Member
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    page = sign_in(unit_staff)
    try:
        page.goto(f"{base}/dang-vien/{hoa.pk}/sua/")
        female = hoa.cccd[:3] + "1" + hoa.cccd[4:]
        page.get_by_label("Số CCCD").fill(female)
        page.get_by_role("button", name="Lưu hồ sơ").click()
        expect(page.locator("#id_cccd_errors")).to_contain_text("khác giới tính")
        page.screenshot(path=str(screenshots / "registry-edit-error-360.png"), full_page=True)
        assert _no_sideways_scroll(page)
        assert not _tap_targets_too_small(page)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.screenshot(path=str(screenshots / "registry-edit-error-1280.png"), full_page=True)
        assert _no_sideways_scroll(page)
    finally:
        page.context.close()
    hoa.refresh_from_db()
    assert hoa.cccd != female
