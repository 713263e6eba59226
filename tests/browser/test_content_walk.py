"""Issue 15's walk at 360 px: an editor drafts a news item and submits it, another editor approves it, a
member reads it from the feed, bookmarks a document found by an unaccented query, writes a note on it
and asks the committee a question that the branch secretary answers. Every page passes the checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sotay.accounts.models import Role
from sotay.library.models import Category
from sotay.news.models import NewsItem, NewsStatus
from tests import factories
from tests.browser.checks import Checks
from tests.library.conftest import make_doc
from tests.news.conftest import image_bytes

pytestmark = pytest.mark.browser

TITLE = "Phường Một tổ chức ngày hội đọc Nghị quyết"


def test_news_to_question_walk(
    live_server: Any,
    sign_in: Any,
    screenshots: Path,
    tree: Any,
    member_user: Any,
    secretary: Any,
    editor: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path / "media"
    checks = Checks(screenshots, "content-walk")
    ward_editor = factories.user("bientap.p1", role=Role.EDITOR, at=tree.ward1)
    make_doc(
        tree.city,
        "Nghị quyết Đại hội đại biểu Đảng bộ Thành phố",
        number="01-NQ/ĐH",
        summary="Đại hội thống nhất xây dựng Đảng bộ trong sạch, vững mạnh.",
    )
    make_doc(tree.ward2, "Nghị quyết đại hội của phường Hai", category=Category.NGHI_QUYET)
    picture = tmp_path / "ngay-hoi.jpg"
    picture.write_bytes(image_bytes(1600, 900, exif=True))

    # The ward's editor drafts (with a picture) and submits.
    page = sign_in(ward_editor)
    try:
        page.get_by_role("link", name="Tin tức", exact=True).first.click()
        page.get_by_role("link", name="Ban Biên tập").click()
        checks.page(page, "desk-empty")
        page.get_by_role("link", name="Viết tin").click()
        page.get_by_label("Tiêu đề").fill(TITLE)
        page.get_by_label("Nội dung").fill(
            "Sáng Chủ nhật, các chi bộ cùng đọc Nghị quyết Đại hội.\n\n"
            "<strong>Mời các đồng chí tham dự.</strong><script>alert(1)</script>"
        )
        page.get_by_label("Ảnh (JPEG, PNG hoặc WebP)").set_input_files(str(picture))
        page.get_by_label("Mô tả ảnh (cho người đọc bằng giọng nói)").fill("Hội trường phường Một")
        checks.page(page, "draft-form")
        page.get_by_role("button", name="Lưu bản nháp").click()
        expect(page.get_by_text("Bản nháp", exact=True)).to_be_visible()
        page.get_by_role("button", name="Gửi duyệt").click()
        expect(page.get_by_text("Đã gửi tin để Ban Biên tập duyệt.")).to_be_visible()
        checks.page(page, "submitted")
    finally:
        page.context.close()
    item = NewsItem.objects.get(title=TITLE)
    assert item.status == NewsStatus.SUBMITTED

    # Another editor (the city's) approves; their own item would say that nobody approves their own.
    page = sign_in(editor)
    try:
        page.goto(f"{live_server.url}/tin-tuc/bien-tap/")
        expect(page.get_by_text("Chờ đồng chí duyệt (1)")).to_be_visible()
        checks.page(page, "desk-waiting")
        page.get_by_role("link", name=TITLE).first.click()
        checks.page(page, "review")
        page.get_by_role("button", name="Duyệt và đăng").click()
        expect(page.get_by_text("Đã duyệt tin.")).to_be_visible()
        checks.page(page, "approved")
    finally:
        page.context.close()
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED

    # The member reads it from the feed, then the library, the note and the question.
    page = sign_in(member_user)
    try:
        expect(page.get_by_text("1 tin chưa đọc")).to_be_visible()
        page.get_by_role("link", name="Tin tức", exact=True).first.click()
        expect(page.get_by_text("Chưa đọc", exact=True)).to_be_visible()
        checks.page(page, "feed", member_page=True)
        page.get_by_role("link", name=TITLE).click()
        expect(page.get_by_text("Mời các đồng chí tham dự.")).to_be_visible()
        expect(page.get_by_role("img", name="Hội trường phường Một")).to_be_visible()
        checks.page(page, "news-item", member_page=True)
        page.goto(f"{live_server.url}/tin-tuc/")
        expect(page.get_by_text("Chưa đọc", exact=True)).to_have_count(0)

        page.goto(f"{live_server.url}/thu-vien/")
        page.get_by_label("Tìm văn bản").fill("nghi quyet dai hoi")
        page.get_by_role("button", name="Tìm").click()
        expect(page.get_by_text("Tìm thấy 1 văn bản.")).to_be_visible()
        page.get_by_role("link", name="Nghị quyết Đại hội đại biểu Đảng bộ Thành phố").click()
        page.get_by_role("button", name="Lưu để xem sau").click()
        expect(page.get_by_role("button", name="Bỏ xem sau")).to_be_visible()
        page.get_by_role("link", name="Viết ghi chú").click()
        page.get_by_label("Ghi chú (chỉ đồng chí đọc được)").fill("Đọc trước ngày hội đọc Nghị quyết.")
        page.get_by_role("button", name="Lưu ghi chú").click()
        expect(page.get_by_text("Đọc trước ngày hội đọc Nghị quyết.")).to_be_visible()
        checks.page(page, "document-with-note", member_page=True)

        page.goto(f"{live_server.url}/hoi-dap/gui/")
        page.get_by_label("Tiêu đề").fill("Ngày hội đọc Nghị quyết")
        page.get_by_label("Câu hỏi, ý kiến").fill(
            "Đảng viên cao tuổi có được đọc trên Sổ tay thay cho buổi sáng không?"
        )
        page.get_by_role("button", name="Gửi câu hỏi").click()
        expect(page.get_by_text("Chờ trả lời")).to_be_visible()
    finally:
        page.context.close()

    page = sign_in(secretary)
    try:
        page.goto(f"{live_server.url}/hoi-dap/hop-thu/")
        page.get_by_role("link", name="Ngày hội đọc Nghị quyết").click()
        page.get_by_label("Nội dung trả lời").fill("Được, đồng chí đọc trên Sổ tay và gửi ý kiến cho chi bộ.")
        page.get_by_role("button", name="Gửi trả lời").click()
        expect(page.get_by_text("Đã gửi câu trả lời đến người hỏi.")).to_be_visible()
    finally:
        page.context.close()

    page = sign_in(member_user)
    try:
        page.goto(f"{live_server.url}/hoi-dap/cua-toi/")
        page.get_by_role("link", name="Ngày hội đọc Nghị quyết").click()
        expect(page.get_by_text("Được, đồng chí đọc trên Sổ tay và gửi ý kiến cho chi bộ.")).to_be_visible()
        checks.page(page, "answered", member_page=True)
        # The same pages on a wide screen.
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/tin-tuc/")
        checks.page(page, "feed-wide", member_page=True)
        page.goto(f"{live_server.url}/tin-tuc/{item.pk}/")
        checks.page(page, "news-item-wide", member_page=True)
    finally:
        page.context.close()
    checks.assert_clean()
