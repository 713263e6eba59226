"""Bookmarked documents on a phone: once a member keeps a document to read later, the service worker
stores its page and its file; with the network cut both still open; removing the bookmark drops them from
the cache. The live server is http://localhost:<port>, a secure context, so the worker registers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sotay.accounts.models import User
from tests.browser.checks import Checks
from tests.browser.waiting import wait_until
from tests.library.conftest import make_doc, pdf_bytes, upload

pytestmark = pytest.mark.browser

PAGES_CACHE = "sotay-pages-v1"  # sotay/site/templates/site/sw.js


def cached(paths: list[str], present: bool) -> str:
    """A JS predicate: every one of `paths` is (or none is) in the worker's page cache."""
    test = "every(p => have.includes(p))" if present else "every(p => !have.includes(p))"
    return f"""async () => {{
        const cache = await caches.open('{PAGES_CACHE}');
        const have = (await cache.keys()).map(r => new URL(r.url).pathname);
        return {paths!r}.{test};
    }}"""


def test_member_reads_a_bookmarked_document_offline(
    live_server: Any,
    sign_in: Any,
    screenshots: Path,
    tree: Any,
    member_user: User,
    settings: Any,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path / "media"
    doc = make_doc(
        tree.ward1,
        "Hướng dẫn phòng chống ngập nước mùa mưa",
        number="09-HD/ĐU",
        upload=upload("ngap.pdf", pdf_bytes("Khoi thong cong ranh truoc mua mua")),
    )
    detail, file = f"/thu-vien/{doc.pk}/", f"/thu-vien/{doc.pk}/tep/"
    base = live_server.url
    checks = Checks(screenshots, "offline-bookmarks")
    page = sign_in(member_user, service_workers="allow")
    context = page.context
    try:
        wait_until(page, "() => navigator.serviceWorker.controller !== null")
        page.goto(f"{base}{detail}")
        page.get_by_role("button", name="Lưu để xem sau").click()
        expect(page.get_by_text("Đã lưu để xem sau.")).to_be_visible()
        wait_until(page, cached([detail, file], present=True))
        checks.page(page, "detail", member_page=True)

        context.set_offline(True)
        page.goto(f"{base}{detail}")
        expect(page.get_by_role("heading", name="Hướng dẫn phòng chống ngập nước mùa mưa")).to_be_visible()
        page.screenshot(path=str(screenshots / "offline-bookmark-360.png"), full_page=True)
        stored = page.evaluate(
            f"async () => {{ const r = await caches.match('{file}'); "
            "return r ? (await r.arrayBuffer()).byteLength : 0; }"
        )
        assert stored == doc.file_size

        context.set_offline(False)
        page.goto(f"{base}{detail}")
        page.get_by_role("button", name="Bỏ xem sau").click()
        expect(page.get_by_text("Đã bỏ khỏi danh sách xem sau.")).to_be_visible()
        wait_until(page, cached([detail, file], present=False))
    finally:
        context.close()
    checks.assert_clean()
