"""At 360 px: a member finds a document with an unaccented query, keeps it for later, writes a note on it
and asks the committee a question; the branch secretary answers; the member sees the answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sotay.library.models import Category
from tests.browser.checks import Checks
from tests.library.conftest import make_doc

pytestmark = pytest.mark.browser


def test_member_reads_keeps_notes_and_asks(
    live_server: Any,
    sign_in: Any,
    screenshots: Path,
    tree: Any,
    member_user: Any,
    secretary: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path / "media"
    checks = Checks(screenshots, "library")
    make_doc(
        tree.city,
        "Nghị quyết Đại hội đại biểu Đảng bộ Thành phố",
        number="01-NQ/ĐH",
        summary="Đại hội thống nhất xây dựng Đảng bộ trong sạch, vững mạnh.",
    )
    make_doc(tree.ward2, "Nghị quyết đại hội của phường Hai", category=Category.NGHI_QUYET)

    page = sign_in(member_user)
    try:
        page.goto(f"{live_server.url}/thu-vien/")
        page.get_by_label("Tìm văn bản").fill("nghi quyet dai hoi")
        page.get_by_role("button", name="Tìm").click()
        expect(page.get_by_text("Tìm thấy 1 văn bản.")).to_be_visible()
        expect(page.get_by_text("phường Hai")).to_have_count(0)  # another ward's document
        checks.page(page, "search", member_page=True)

        page.get_by_role("link", name="Nghị quyết Đại hội đại biểu Đảng bộ Thành phố").click()
        page.get_by_role("button", name="Lưu để xem sau").click()
        expect(page.get_by_role("button", name="Bỏ xem sau")).to_be_visible()
        checks.page(page, "document", member_page=True)

        page.get_by_role("link", name="Viết ghi chú").click()
        checks.page(page, "note-form", member_page=True)
        page.get_by_label("Ghi chú (chỉ đồng chí đọc được)").fill("Cần đọc kỹ phần xây dựng Đảng.")
        page.get_by_role("button", name="Lưu ghi chú").click()
        expect(page.get_by_text("Cần đọc kỹ phần xây dựng Đảng.")).to_be_visible()
        checks.page(page, "document-with-note", member_page=True)

        page.goto(f"{live_server.url}/thu-vien/xem-sau/")
        expect(page.get_by_role("link", name="Nghị quyết Đại hội đại biểu Đảng bộ Thành phố")).to_be_visible()
        checks.page(page, "kept", member_page=True)

        page.goto(f"{live_server.url}/hoi-dap/gui/")
        checks.page(page, "ask", member_page=True)
        page.get_by_label("Tiêu đề").fill("Học nghị quyết ở đâu?")
        page.get_by_label("Câu hỏi, ý kiến").fill("Chi bộ có tổ chức học tập nghị quyết vào buổi tối không?")
        page.get_by_role("button", name="Gửi câu hỏi").click()
        expect(page.get_by_text("Chờ trả lời")).to_be_visible()
        checks.page(page, "question-sent", member_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/thu-vien/?q=nghi+quyet")
        checks.page(page, "search", member_page=True)
    finally:
        page.context.close()

    page = sign_in(secretary)
    try:
        page.goto(f"{live_server.url}/hoi-dap/hop-thu/")
        checks.page(page, "inbox")
        page.get_by_role("link", name="Học nghị quyết ở đâu?").click()
        checks.page(page, "question-staff")
        page.get_by_label("Nội dung trả lời").fill("Có, tối thứ Năm tuần đầu tháng tại nhà văn hóa.")
        page.get_by_role("button", name="Gửi trả lời").click()
        expect(page.get_by_text("Đã gửi câu trả lời đến người hỏi.")).to_be_visible()
        checks.page(page, "question-answered")
    finally:
        page.context.close()

    page = sign_in(member_user)
    try:
        page.goto(f"{live_server.url}/hoi-dap/cua-toi/")
        checks.page(page, "my-questions", member_page=True)
        expect(page.get_by_text("Đã trả lời")).to_be_visible()
        page.get_by_role("link", name="Học nghị quyết ở đâu?").click()
        expect(page.get_by_text("Có, tối thứ Năm tuần đầu tháng tại nhà văn hóa.")).to_be_visible()
        checks.page(page, "my-question", member_page=True)
    finally:
        page.context.close()
    checks.assert_clean()
