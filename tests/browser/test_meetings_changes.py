"""Changing a published meeting on a phone (360 px): the secretary reorders the agenda (htmx, and the same
buttons work as plain forms), deletes a document and cancels the meeting with a reason; the member sees it
cancelled, with the reason, and can no longer answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sotay.accounts.models import User
from sotay.meetings.actions.meetings import add_agenda_item, attach_document
from sotay.meetings.models import AgendaItem, Document, Meeting, MeetingState
from tests.browser.checks import Checks
from tests.meetings.conftest import make_meeting, pdf

pytestmark = pytest.mark.browser


def test_reorder_delete_and_cancel_at_360px(
    live_server: Any, sign_in: Any, screenshots: Path, secretary: User, member_user: User, tree: Any
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    checks = Checks(screenshots, "meetings-changes")
    meeting = make_meeting(tree.branch1, title="Sinh hoạt thường kỳ tháng 12", publish=True)
    add_agenda_item(by=None, meeting=meeting, title="Kết nạp đảng viên mới")
    add_agenda_item(by=None, meeting=meeting, title="Công tác dân vận")
    attach_document(by=None, meeting=meeting, title="Bản nháp cũ", upload=pdf())

    def order() -> list[str]:
        return list(
            AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("title", flat=True)
        )

    sec = sign_in(secretary)
    sec.goto(f"{base}/sinh-hoat/{meeting.pk}/")
    checks.page(sec, "secretary-before")
    sec.get_by_role("button", name="Chuyển «Công tác dân vận» lên").click()  # htmx swaps the agenda
    expect(sec.locator("ol.agenda > li").nth(1)).to_contain_text("Công tác dân vận")
    assert order() == ["Đánh giá tình hình tháng", "Công tác dân vận", "Kết nạp đảng viên mới"]
    sec.get_by_role("button", name="Chuyển «Đánh giá tình hình tháng» xuống").click()
    expect(sec.locator("ol.agenda > li").first).to_contain_text("Công tác dân vận")
    checks.page(sec, "secretary-reordered")

    sec.locator("#tai-lieu + ul summary", has_text="Xóa tài liệu này").click()
    sec.get_by_role("button", name="Xóa «Bản nháp cũ»").click()
    expect(sec.get_by_text("Đã xóa tài liệu.")).to_be_visible()
    assert not Document.objects.exists()

    sec.locator("#huy summary").click()
    sec.get_by_label("Lý do hủy").fill("Bão số 9, mưa lớn kéo dài")
    checks.page(sec, "secretary-cancel-form")
    sec.get_by_role("button", name="Hủy buổi sinh hoạt").click()
    expect(sec.get_by_text("Đã hủy buổi sinh hoạt.")).to_be_visible()
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.CANCELLED
    checks.page(sec, "secretary-cancelled")

    mem = sign_in(member_user)
    mem.goto(f"{base}/sinh-hoat/{meeting.pk}/")
    expect(mem.get_by_text("Buổi sinh hoạt này đã bị hủy")).to_be_visible()
    expect(mem.get_by_text("Bão số 9, mưa lớn kéo dài")).to_be_visible()
    assert mem.get_by_role("button", name="Tôi tham dự").count() == 0
    checks.page(mem, "member-cancelled", member_page=True)
    mem.set_viewport_size({"width": 1280, "height": 900})
    checks.page(mem, "member-cancelled-wide", member_page=True)
    checks.assert_clean()


def test_a_refused_htmx_reorder_shows_its_message(
    live_server: Any, sign_in: Any, screenshots: Path, secretary: User, tree: Any
) -> None:
    """The page was open while the minutes were finalised elsewhere: the move is refused, the htmx swap keeps
    the agenda as it was and shows why (the message region is swapped out of band)."""
    from playwright.sync_api import expect

    from tests.meetings.test_changes import _finalised

    base = live_server.url
    checks = Checks(screenshots, "meetings-refused-move")
    meeting = make_meeting(tree.branch1, title="Sinh hoạt thường kỳ tháng 11", publish=True)
    add_agenda_item(by=None, meeting=meeting, title="Công tác dân vận")
    sec = sign_in(secretary)
    sec.goto(f"{base}/sinh-hoat/{meeting.pk}/")
    _finalised(meeting, secretary)
    sec.get_by_role("button", name="Chuyển «Công tác dân vận» lên").click()
    expect(sec.locator("#tin-nhan .msg-error")).to_contain_text("Biên bản đã hoàn tất")
    expect(sec.locator("ol.agenda > li").first).to_contain_text("Đánh giá tình hình tháng")
    # The swapped agenda is the finalised one: no more move buttons.
    expect(sec.get_by_role("button", name="Chuyển «Công tác dân vận» lên")).to_have_count(0)
    checks.page(sec, "secretary-refused")
    checks.assert_clean()
