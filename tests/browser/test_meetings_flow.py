"""A branch meeting on phones (360 px): the secretary schedules it and publishes it with a PDF; a member reads
the document, comments and answers "attending"; at the meeting the member checks in with the QR token and
votes; the secretary finalises the minutes; the member sees them and their attendance."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sotay.accounts.models import User
from sotay.meetings import checkin
from sotay.meetings.models import Attendance, DocumentRead, Meeting
from tests.browser.checks import Checks
from tests.meetings.conftest import PDF

pytestmark = pytest.mark.browser


def test_meeting_flow_at_360px(
    live_server: Any, sign_in: Any, screenshots: Path, secretary: User, member_user: User, tree: Any
) -> None:
    from playwright.sync_api import expect

    base = live_server.url
    checks = Checks(screenshots, "meetings")

    def look(page: Any, name: str) -> None:
        checks.page(page, name, member_page=page is mem)

    mem: Any = None
    day = timezone.localdate() + datetime.timedelta(days=4)
    sec = sign_in(secretary)
    sec.goto(f"{base}/sinh-hoat/chi-bo/{tree.branch1.pk}/len-lich/")
    sec.get_by_label("Chủ đề").fill("Sinh hoạt thường kỳ tháng 12")
    sec.locator("#id_day").fill(day.isoformat())
    sec.get_by_label("Giờ bắt đầu").fill("19:00")
    sec.get_by_label("Giờ kết thúc").fill("20:30")
    sec.get_by_label("Địa điểm").fill("Nhà văn hóa khu phố 1")
    look(sec, "schedule")
    sec.get_by_role("button", name="Lên lịch").click()
    expect(sec.get_by_role("heading", level=1)).to_have_text("Sinh hoạt thường kỳ tháng 12")
    meeting = Meeting.objects.get()
    sec.locator("#agenda_title").fill("Quán triệt nghị quyết tháng")
    sec.get_by_label("Người trình bày").fill("Bí thư chi bộ")
    sec.get_by_role("button", name="Thêm", exact=True).click()
    sec.get_by_label("Tên tài liệu").fill("Dự thảo nghị quyết")
    sec.locator("#doc_file").set_input_files(
        files=[{"name": "du-thao.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    sec.get_by_role("button", name="Tải lên").click()
    expect(sec.get_by_role("link", name="Dự thảo nghị quyết")).to_be_visible()
    sec.get_by_role("button", name="Gửi giấy mời").click()
    expect(sec.get_by_text("Đã gửi giấy mời tới 1 đảng viên có tài khoản.")).to_be_visible()
    look(sec, "secretary-meeting")

    mem = sign_in(member_user)
    mem.goto(f"{base}/sinh-hoat/")
    look(mem, "list")
    mem.get_by_role("link", name="Sinh hoạt thường kỳ tháng 12").click()
    document_url = mem.get_by_role("link", name="Dự thảo nghị quyết").get_attribute("href")
    assert mem.request.get(f"{base}{document_url}").body().startswith(b"%PDF")
    assert DocumentRead.objects.filter(member=member_user.member).count() == 1
    mem.get_by_label("Góp ý nội dung này").fill("Đề nghị bổ sung số liệu hộ nghèo.")
    mem.get_by_role("button", name="Gửi ý kiến").click()
    expect(mem.get_by_text("Đề nghị bổ sung số liệu hộ nghèo.")).to_be_visible()
    look(mem, "member-meeting-before")
    mem.get_by_role("button", name="Tôi tham dự").click()
    expect(mem.get_by_text("Đồng chí đã trả lời:")).to_be_visible()
    look(mem, "member-meeting")

    # The meeting starts.
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - datetime.timedelta(minutes=5), ends_at=now + datetime.timedelta(hours=1)
    )
    sec.goto(f"{base}/sinh-hoat/{meeting.pk}/ma-diem-danh/")
    expect(sec.locator(".qr svg")).to_be_visible()
    look(sec, "qr-screen")
    mem.goto(f"{base}/sinh-hoat/diem-danh/?ma={checkin.make_token(meeting.pk)}")
    look(mem, "checkin")
    mem.get_by_role("button", name="Điểm danh: tôi có mặt").click()
    expect(mem.get_by_text("Đã điểm danh: đồng chí có mặt.")).to_be_visible()
    assert Attendance.objects.get().presence == "present"

    sec.goto(f"{base}/sinh-hoat/{meeting.pk}/")
    sec.get_by_label("Nội dung biểu quyết").fill("Thông qua nghị quyết tháng 12")
    sec.get_by_role("button", name="Bắt đầu biểu quyết").click()
    mem.reload()
    mem.get_by_role("button", name="Tán thành", exact=True).click()
    expect(mem.get_by_text("Đồng chí đã biểu quyết.")).to_be_visible()
    look(mem, "vote")
    sec.reload()
    sec.get_by_role("button", name="Kết thúc biểu quyết").click()
    expect(sec.get_by_text("Kết quả:")).to_be_visible()

    sec.goto(f"{base}/sinh-hoat/{meeting.pk}/diem-danh/")
    look(sec, "attendance")
    sec.goto(f"{base}/sinh-hoat/{meeting.pk}/bien-ban/")
    sec.get_by_label("Diễn biến").fill("Chi bộ nghe quán triệt nghị quyết, thảo luận.")
    sec.get_by_label("Kết luận").fill("Chi bộ thống nhất thông qua nghị quyết tháng 12.")
    sec.get_by_role("button", name="Lưu bản nháp").click()
    sec.get_by_role("button", name="Hoàn tất và công bố tới chi bộ").click()
    expect(sec.get_by_text("Đã hoàn tất và công bố biên bản tới chi bộ.")).to_be_visible()

    mem.goto(f"{base}/sinh-hoat/{meeting.pk}/bien-ban/")
    expect(mem.get_by_text("Chi bộ thống nhất thông qua nghị quyết tháng 12.")).to_be_visible()
    expect(mem.get_by_text("1 tán thành", exact=False)).to_be_visible()
    look(mem, "minutes")
    mem.goto(f"{base}/sinh-hoat/cua-toi/")
    expect(mem.get_by_text("Có mặt 1/1 buổi (100%).")).to_be_visible()
    look(mem, "mine")

    for page in (mem, sec):
        page.set_viewport_size({"width": 1280, "height": 900})
    mem.goto(f"{base}/sinh-hoat/{meeting.pk}/")
    look(mem, "member-meeting")
    mem.goto(f"{base}/sinh-hoat/")
    look(mem, "list")
    sec.goto(f"{base}/sinh-hoat/{meeting.pk}/")
    look(sec, "secretary-meeting")
    checks.assert_clean()
