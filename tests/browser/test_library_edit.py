"""Correcting and withdrawing a document at 360 px: unit staff fix a title, replace nothing else, then
withdraw the document with a reason; the page says it is withdrawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sotay.accounts.models import User
from sotay.library.models import Document
from tests.browser.checks import Checks
from tests.library.conftest import make_doc

pytestmark = pytest.mark.browser


def test_staff_edit_then_withdraw_a_document(
    live_server: Any, sign_in: Any, screenshots: Path, tree: Any, unit_staff: User
) -> None:
    from playwright.sync_api import expect

    doc = make_doc(tree.ward1, "Hướng dẫn họp chi bộ quý I", number="03-HD/ĐU")
    base = live_server.url
    checks = Checks(screenshots, "library-edit")
    page = sign_in(unit_staff)
    context = page.context
    try:
        page.goto(f"{base}/thu-vien/{doc.pk}/")
        page.get_by_role("link", name="Sửa văn bản").click()
        checks.page(page, "edit")
        page.get_by_label("Trích yếu").fill("Hướng dẫn họp chi bộ quý II")
        page.get_by_role("button", name="Lưu thay đổi").click()
        expect(page.get_by_text("Đã lưu các thay đổi.")).to_be_visible()
        expect(page.get_by_role("heading", name="Hướng dẫn họp chi bộ quý II")).to_be_visible()
        page.get_by_label("Lý do thu hồi").fill("Ban hành nhầm cấp")
        page.get_by_role("button", name="Thu hồi văn bản").click()
        expect(page.get_by_text("Văn bản này đã bị thu hồi")).to_be_visible()
        checks.page(page, "withdrawn")
    finally:
        context.close()
    doc = Document.objects.get(pk=doc.pk)
    assert doc.withdrawn_at is not None
    assert doc.title == "Hướng dẫn họp chi bộ quý II"
    checks.assert_clean()
