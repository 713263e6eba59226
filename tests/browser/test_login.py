"""A person signs in with a real browser and lands on the home page: nothing is loaded from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from sotay.accounts.models import Role, User

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-rat-dai-123"  # tests/factories.py gives every persona this password
# Schemes that never leave the page (inline images, generated objects).
LOCAL_SCHEMES = {"data", "blob", "about"}


def _has_no_horizontal_overflow(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


def test_login_lands_on_home(live_server: Any, unit_staff: User, browser: Any, screenshots: Path) -> None:
    from playwright.sync_api import expect

    server = urlsplit(live_server.url)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)  # generous: CI machines have 2 cores

    requests: list[str] = []
    documents: list[Any] = []
    console_errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: documents.append(r) if r.request.resource_type == "document" else None)
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(str(e)))

    try:
        response = page.goto(f"{live_server.url}/dang-nhap/")
        assert response is not None
        assert response.status == 200
        expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()

        page.get_by_label("Số điện thoại hoặc số CCCD").fill(unit_staff.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")

        expect(page.get_by_role("heading", name=re.compile(r"Xin chào"))).to_be_visible()
        expect(page.get_by_text(str(Role.UNIT_STAFF.label), exact=False).first).to_be_visible()
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
        page.wait_for_load_state("networkidle")

        page.screenshot(path=str(screenshots / "login-home-1280.png"), full_page=True)
        assert _has_no_horizontal_overflow(page), "home page scrolls sideways at 1280 px"
        # The home page's cards sit two to a row, each row's two at the same height.
        tops = page.locator("ul.cards > li.card").evaluate_all(
            "cards => cards.map(c => Math.round(c.getBoundingClientRect().top))"
        )
        assert len(tops) >= 4, tops
        assert all(tops[i] == tops[i + 1] for i in range(0, len(tops) - 1, 2)), f"cards out of line: {tops}"
        nav = page.get_by_role("navigation", name="Chính")
        expect(nav.get_by_role("link", name="Trang chủ")).to_be_visible()
        page.set_viewport_size({"width": 360, "height": 740})
        # On a phone the menu is one button, so the page starts on the first screen; opened, it holds the
        # same links and the logout, one per row.
        expect(nav).to_be_hidden()
        menu_button = page.get_by_text("Trình đơn")
        assert menu_button.bounding_box()["y"] < 60  # type: ignore[index]
        page.screenshot(path=str(screenshots / "login-home-360.png"), full_page=True)
        overflow_360 = _has_no_horizontal_overflow(page)
        menu_button.click()
        expect(nav.get_by_role("link", name="Trang chủ")).to_be_visible()
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
        page.screenshot(path=str(screenshots / "login-menu-360.png"))
    finally:
        context.close()

    # Every page the browser loaded (login form, the POST's redirect, home) carried the CSP header.
    assert len(documents) >= 2
    for doc in documents:
        assert doc.headers.get("content-security-policy"), f"no Content-Security-Policy on {doc.url}"
        assert "default-src 'self'" in doc.headers["content-security-policy"]

    # Nothing was fetched from any host but the live server (no CDN, fonts, analytics).
    elsewhere = [
        url
        for url in requests
        if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != server.netloc
    ]
    assert requests
    assert not elsewhere, f"requests left the live server {server.netloc}: {elsewhere}"
    # A CSP violation or a script error shows up in the console.
    assert not console_errors, f"browser console errors: {console_errors}"
    assert overflow_360, "home page scrolls sideways at 360 px (phone width)"
