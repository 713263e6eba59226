"""Issue 15 item 5 at 360 px: the ward's staff opens a study (a document picked from the library by an
unaccented search), a member submits a reflection, the branch secretary returns it with a comment, the
member revises it, the secretary completes it, and the statistics show it. Every page passes the checks."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sotay.study.models import Reflection, ReflectionStatus, Study, StudyStatus
from tests.library.conftest import make_doc

pytestmark = pytest.mark.browser

PASSWORD = "mat-khau-rat-dai-123"  # tests/factories.py gives every persona this password
TITLE = "Học tập Nghị quyết Đại hội Đảng bộ Thành phố"


def _sign_in(browser: Any, live_server: Any, username: str, width: int = 360) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Số điện thoại hoặc số CCCD").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    return context, page


def test_study_walk(
    live_server: Any,
    browser: Any,
    screenshots: Path,
    tree: Any,
    member_user: Any,
    secretary: Any,
    unit_staff: Any,
    lan: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    from playwright.sync_api import expect

    from tests.browser.checks import Checks

    settings.MEDIA_ROOT = tmp_path / "media"
    checks = Checks(screenshots, "study-walk")
    make_doc(tree.city, "Nghị quyết Đại hội đại biểu Đảng bộ Thành phố", number="01-NQ/ĐH")
    make_doc(tree.city, "Chỉ thị về công tác phòng cháy", number="05-CT/TU")
    due = timezone.localdate() + datetime.timedelta(days=14)

    # The ward's staff opens the study for the ward.
    context, page = _sign_in(browser, live_server, unit_staff.username)
    try:
        page.get_by_role("link", name="Học tập nghị quyết").first.click()
        page.get_by_role("link", name="Mở đợt học tập").click()
        page.get_by_label("Học tập cho").select_option(label=tree.ward1.name)
        page.get_by_label("Tiêu đề").fill(TITLE)
        page.get_by_label("Tìm văn bản trong thư viện").fill("nghi quyet dai hoi")
        page.get_by_role("button", name="Tìm").click()
        expect(page.get_by_label("Tiêu đề")).to_have_value(TITLE)
        page.get_by_label(re.compile("01-NQ/ĐH")).check()
        page.get_by_label("Hạn nộp bài thu hoạch").fill(due.isoformat())
        page.get_by_label("Yêu cầu bài thu hoạch").fill("Liên hệ bản thân: đồng chí sẽ làm gì?")
        checks.page(page, "form")
        page.get_by_role("button", name="Lưu bản nháp").click()
        expect(page.get_by_text("Đã tạo bản nháp đợt học tập.", exact=False)).to_be_visible()
        page.get_by_role("button", name="Mở cho đảng viên").click()
        expect(page.get_by_text("Đã mở đợt học tập", exact=False)).to_be_visible()
        checks.page(page, "opened")
    finally:
        context.close()
    study = Study.objects.get(title=TITLE)
    assert study.status == StudyStatus.OPEN

    # The member finds it on the home page and submits a reflection.
    context, page = _sign_in(browser, live_server, member_user.username)
    try:
        page.get_by_role("link", name="Học tập nghị quyết: 1 bài thu hoạch cần viết").click()
        checks.page(page, "member-list", member_page=True)
        page.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("link", name="Nghị quyết Đại hội đại biểu Đảng bộ Thành phố")).to_be_visible()
        page.get_by_role("textbox", name="Bài thu hoạch").fill("Tôi sẽ thực hiện tốt nghị quyết.")
        checks.page(page, "member-write", member_page=True)
        page.get_by_role("button", name="Nộp bài").click()
        expect(page.get_by_text("Đã nộp bài thu hoạch.", exact=False)).to_be_visible()
        checks.page(page, "member-submitted", member_page=True)
    finally:
        context.close()

    # The branch secretary returns it with a comment.
    context, page = _sign_in(browser, live_server, secretary.username)
    try:
        page.get_by_role("link", name="Học tập nghị quyết").first.click()
        page.get_by_role("link", name=re.compile("Bài chờ nhận xét")).click()
        checks.page(page, "queue")
        page.get_by_role("link", name=member_user.member.full_name).click()
        page.get_by_label("Nhận xét (bắt buộc khi trả lại)").fill("Đồng chí nêu việc cụ thể ở khu phố.")
        checks.page(page, "review")
        page.get_by_role("button", name="Trả lại để sửa").click()
        expect(page.get_by_text("Đã trả lại bài kèm nhận xét", exact=False)).to_be_visible()
    finally:
        context.close()

    # The member sees the comment and revises.
    context, page = _sign_in(browser, live_server, member_user.username)
    try:
        page.goto(f"{live_server.url}/hoc-tap/{study.pk}/")
        expect(page.get_by_text("Đồng chí nêu việc cụ thể ở khu phố.")).to_be_visible()
        checks.page(page, "member-returned", member_page=True)
        page.get_by_role("textbox", name="Bài thu hoạch").fill(
            "Tôi nhận nhiệm vụ vận động vệ sinh khu phố mỗi tháng."
        )
        page.get_by_role("button", name="Nộp bài").click()
        expect(page.get_by_text("Đã nộp bài thu hoạch.", exact=False)).to_be_visible()
    finally:
        context.close()

    # The secretary completes it.
    context, page = _sign_in(browser, live_server, secretary.username)
    try:
        page.goto(f"{live_server.url}/hoc-tap/cho-nhan-xet/")
        page.get_by_role("link", name=member_user.member.full_name).click()
        expect(page.get_by_text("vận động vệ sinh khu phố")).to_be_visible()
        page.get_by_role("button", name="Bài đạt").click()
        expect(page.get_by_text("Đã ghi bài đạt", exact=False)).to_be_visible()
    finally:
        context.close()
    reflection = Reflection.objects.get()
    assert reflection.status == ReflectionStatus.COMPLETED

    # The ward's staff reads the statistics and the names behind a number, at 360 and 1280 px.
    context, page = _sign_in(browser, live_server, unit_staff.username)
    try:
        page.goto(f"{live_server.url}/hoc-tap/{study.pk}/")
        page.get_by_role("link", name="Thống kê, danh sách").click()
        total = page.locator("tfoot tr")
        expect(total.locator("td[data-label='Đạt']")).to_have_text("1")
        expect(total.locator("td[data-label='Chưa bắt đầu']")).to_have_text("1")
        checks.page(page, "stats")
        total.locator("td[data-label='Đạt'] a").click()
        expect(page.get_by_text(member_user.member.full_name)).to_be_visible()
        checks.page(page, "names")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"{live_server.url}/hoc-tap/{study.pk}/thong-ke/")
        checks.page(page, "stats-wide")
        page.goto(f"{live_server.url}/hoc-tap/{study.pk}/")
        checks.page(page, "detail-wide")
    finally:
        context.close()
    checks.assert_clean()
