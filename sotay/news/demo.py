"""Demo news at the city, ward and grassroots levels, in every editorial state, two with small pictures
drawn here (nothing copied). Texts written for the demo."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from sotay.accounts.models import User
from sotay.news.actions import approve_news, pin_news, return_news, submit_news, write_news
from sotay.news.models import NewsItem
from sotay.orgs.models import Org


def _picture(colour: tuple[int, int, int], seed: int) -> SimpleUploadedFile:
    """A small landscape: sky, hills and a sun, drawn with Pillow."""
    image = Image.new("RGB", (960, 540), (205, 228, 245))
    draw = ImageDraw.Draw(image)
    draw.ellipse((700 - seed * 40, 60, 820 - seed * 40, 180), fill=(250, 204, 21))
    draw.polygon(
        [(0, 540), (0, 330), (260, 220), (520, 360), (760, 250), (960, 340), (960, 540)], fill=colour
    )
    draw.rectangle((0, 440, 960, 540), fill=(120, 90, 60))
    draw.rectangle((420, 300, 540, 440), fill=(218, 37, 29))
    draw.polygon([(400, 300), (480, 240), (560, 300)], fill=(150, 20, 20))
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(f"demo-{seed}.png", out.getvalue(), content_type="image/png")


def _written(by: User, target: Org, title: str, body: str, **kwargs: object) -> NewsItem:
    return write_news(by=by, target=target, title=title, body=body, **kwargs)  # type: ignore[arg-type]


def _approved(by: User, approver: User, target: Org, title: str, body: str, **kwargs: object) -> NewsItem:
    item = _written(by, target, title, body, **kwargs)
    submit_news(by=by, item=item)
    return approve_news(by=approver, item=item)


def load_news(*, city: Org, ward: Org, unit: Org, users: dict[str, User]) -> int:
    """`users`: bientap (city editor), bientap.phuong (ward editor), bantochuc.tp, bantochuc.phuong."""
    city_editor, ward_editor = users["bientap"], users["bientap.phuong"]
    city_staff, ward_staff = users["bantochuc.tp"], users["bantochuc.phuong"]
    pinned = _approved(
        city_staff,
        city_editor,
        city,
        "Thành ủy phát động học tập Nghị quyết Đại hội trên Sổ tay điện tử",
        "Từ tháng này, mỗi đảng viên đọc Nghị quyết Đại hội trên <strong>Sổ tay</strong> trước buổi "
        "sinh hoạt chi bộ.\n\n<h2>Cách làm</h2><ul><li>Mở mục Thư viện, tìm «nghị quyết đại hội».</li>"
        "<li>Bấm «Lưu để xem sau» để đọc khi không có mạng.</li><li>Ghi chú ý kiến của mình.</li></ul>",
        image=_picture((34, 139, 34), 1),
        image_alt="Tranh vẽ: ngôi nhà văn hóa giữa đồi xanh",
    )
    pin_news(by=city_editor, item=pinned, pinned=True)
    _approved(
        city_staff,
        city_editor,
        city,
        "Hoàn thành 15 ngày đêm làm sạch dữ liệu đảng viên",
        "Các đảng bộ phường đã đối chiếu xong hồ sơ giấy với dữ liệu điện tử.\n\n"
        "Ban Tổ chức Thành ủy cảm ơn các đồng chí bí thư chi bộ đã phối hợp.",
    )
    _approved(
        ward_editor,
        city_editor,
        ward,
        "Đảng ủy phường tổ chức hội nghị sơ kết quý",
        "Hội nghị đánh giá kết quả sinh hoạt chi bộ và công tác phát triển đảng viên trong quý.",
        image=_picture((60, 120, 60), 3),
        image_alt="Tranh vẽ: hội trường phường",
    )
    _approved(
        ward_staff,
        ward_editor,
        unit,
        "Chi bộ cơ sở đón nhận danh hiệu trong sạch, vững mạnh",
        "Chi bộ được công nhận hoàn thành tốt nhiệm vụ năm nay; các đồng chí đảng viên tiếp tục phát huy.",
    )
    scheduled = _written(
        ward_editor,
        ward,
        "Lịch tiếp công dân của Bí thư Đảng ủy phường tháng tới",
        "Bí thư Đảng ủy phường tiếp công dân vào sáng thứ Năm tuần đầu của tháng, tại trụ sở phường.",
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    submit_news(by=ward_editor, item=scheduled)
    approve_news(by=city_editor, item=scheduled)
    returned = _written(
        ward_editor, ward, "Kết quả thu đảng phí", "Số liệu thu đảng phí của các chi bộ (đang cập nhật)."
    )
    submit_news(by=ward_editor, item=returned)
    return_news(by=city_editor, item=returned, comment="Ghi rõ kỳ thu và số chi bộ đã nộp trước khi đăng.")
    submitted = _written(
        ward_staff,
        unit,
        "Chi bộ cơ sở ra mắt tủ sách pháp luật",
        "Tủ sách đặt tại phòng sinh hoạt chi bộ, mở cửa các buổi chiều trong tuần.",
    )
    submit_news(by=ward_staff, item=submitted)
    _written(ward_editor, ward, "Bản nháp: gương người tốt việc tốt", "Đang thu thập ý kiến các chi bộ.")
    return NewsItem.objects.count()
