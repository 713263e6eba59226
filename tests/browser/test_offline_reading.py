"""Offline reading on a phone: a signed-in member's service worker keeps their record and their next
meeting; with the network cut both still show (agenda, place, time), a page never stored shows the
Vietnamese offline page, and signing out leaves no page in the caches. The live server is
http://localhost:<port>, which Chromium treats as a secure context, so the worker registers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sotay.accounts.models import User
from tests.browser.checks import Checks
from tests.browser.waiting import wait_until
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.browser

PAGES_CACHE = "sotay-pages-v1"  # sotay/site/templates/site/sw.js
# Every URL path held in any of this origin's caches (static files apart: CSS holds nothing personal).
CACHED_PAGES = """async () => {
    const paths = [];
    for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) {
            const path = new URL(request.url).pathname;
            if (!path.startsWith('/static/')) { paths.push(path); }
        }
    }
    return paths;
}"""


def test_member_reads_record_and_next_meeting_offline(
    live_server: Any,
    sign_in: Any,
    screenshots: Path,
    tree: Any,
    member_user: User,
    secretary: User,
    settings: Any,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    settings.SOTAY_MEETING_FILES_DIR = tmp_path / "meeting-files"
    meeting = make_meeting(tree.branch1, by=secretary, title="Sinh hoạt chi bộ tháng 12", publish=True)
    meeting_path = f"/sinh-hoat/{meeting.pk}/"
    base = live_server.url
    checks = Checks(screenshots, "offline")

    page = sign_in(member_user, service_workers="allow")
    context = page.context
    try:
        # The worker takes control of the page once active (clients.claim), then asks for the meetings list.
        wait_until(page, "() => navigator.serviceWorker.controller !== null")
        page.goto(f"{base}/ho-so/")
        wait_until(
            page,
            f"""async () => {{
                const cache = await caches.open('{PAGES_CACHE}');
                const paths = (await cache.keys()).map(r => new URL(r.url).pathname);
                return paths.includes('/ho-so/') && paths.includes('{meeting_path}');
            }}""",
        )

        context.set_offline(True)
        page.goto(f"{base}/ho-so/")
        expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
        expect(page.get_by_text(member_user.member.full_name).first).to_be_visible()
        checks.page(page, "record", member_page=True)
        page.goto(f"{base}{meeting_path}")
        expect(page.get_by_role("heading", name="Sinh hoạt chi bộ tháng 12")).to_be_visible()
        expect(page.get_by_text("Đánh giá tình hình tháng")).to_be_visible()  # the agenda
        expect(page.get_by_text("Nhà văn hóa khu phố")).to_be_visible()
        expect(page.get_by_text(meeting.starts_at.astimezone().strftime("%d/%m/%Y"))).to_be_visible()
        page.screenshot(path=str(screenshots / "offline-meeting-360.png"), full_page=True)
        page.goto(f"{base}/thu-vien/")
        expect(page.get_by_role("heading", name="Không có mạng")).to_be_visible()

        context.set_offline(False)
        page.goto(f"{base}/")
        with page.expect_navigation():
            page.locator("form.logout").first.evaluate("form => form.requestSubmit()")
        expect(page.locator("body[data-signed-out]")).to_have_count(1)
        wait_until(page, f"async () => ({CACHED_PAGES})().then(paths => paths.length === 0)")
        assert page.evaluate(CACHED_PAGES) == []
    finally:
        context.close()
    checks.assert_clean()
