"""Demo documents at several levels (text written for the demo; never a real document's text)."""

from __future__ import annotations

import datetime

from sotay.library.actions import publish_document, supersede_document
from sotay.library.models import Category
from sotay.orgs.models import Org

# (category, number, title, issuer, summary)
_CITY = [
    (
        Category.NGHI_QUYET,
        "01-NQ/ĐH",
        "Nghị quyết Đại hội đại biểu Đảng bộ Thành phố lần thứ I, nhiệm kỳ 2025–2030",
        "Đại hội đại biểu Đảng bộ Thành phố",
        "Đại hội thống nhất các mục tiêu: xây dựng Đảng bộ trong sạch, vững mạnh; phát triển kinh tế số; "
        "chăm lo đời sống nhân dân; mỗi chi bộ có kế hoạch học tập nghị quyết trong quý đầu nhiệm kỳ.",
    ),
    (
        Category.CHI_THI,
        "05-CT/TU",
        "Chỉ thị về tăng cường công tác kiểm tra, giám sát của chi bộ",
        "Ban Thường vụ Thành ủy",
        "Chi bộ kiểm tra ít nhất một đảng viên mỗi quý; báo cáo kết quả lên cấp ủy cơ sở "
        "trước ngày 25 của tháng cuối quý.",
    ),
    (
        Category.HUONG_DAN,
        "12-HD/BTCTU",
        "Hướng dẫn làm sạch và chuẩn hóa dữ liệu đảng viên trên CSDL 4.0",
        "Ban Tổ chức Thành ủy",
        "Các bước đối chiếu số căn cước, giới tính, ngày sinh với hồ sơ giấy; cách xử lý bản ghi trùng lặp; "
        "thời hạn hoàn thành 15 ngày.",
    ),
    (
        Category.HUONG_DAN,
        "08-HD/BTCTU",
        "Hướng dẫn rà soát dữ liệu đảng viên (thay bằng Hướng dẫn 12)",
        "Ban Tổ chức Thành ủy",
        "Các bước rà soát dữ liệu trên CSDL 3.0.",
    ),
    (
        Category.KET_LUAN,
        "03-KL/TU",
        "Kết luận của Ban Thường vụ về chuyển đổi số trong sinh hoạt chi bộ",
        "Ban Thường vụ Thành ủy",
        "Khuyến khích đảng viên dùng Sổ tay điện tử để đọc tài liệu trước buổi sinh hoạt; giảm in ấn.",
    ),
    (
        Category.QUY_DINH,
        "02-QĐi/TU",
        "Quy định về sinh hoạt chuyên đề của chi bộ",
        "Ban Thường vụ Thành ủy",
        "Mỗi quý ít nhất một buổi sinh hoạt chuyên đề; chủ đề do cấp ủy cơ sở gợi ý.",
    ),
    (
        Category.THONG_BAO,
        "45-TB/TU",
        "Thông báo lịch học tập, quán triệt nghị quyết năm 2025",
        "Văn phòng Thành ủy",
        "Lịch học tập theo từng khối; đảng viên cao tuổi có thể học qua Sổ tay.",
    ),
    (
        Category.KE_HOACH,
        "20-KH/TU",
        "Kế hoạch phát triển đảng viên trong thanh niên công nhân",
        "Ban Thường vụ Thành ủy",
        "Chỉ tiêu kết nạp, cách bồi dưỡng quần chúng ưu tú tại khu công nghiệp.",
    ),
]
_WARD = [
    (
        Category.NGHI_QUYET,
        "15-NQ/ĐU",
        "Nghị quyết về xây dựng khu phố văn minh, sạch đẹp",
        "Đảng ủy phường",
        "Mỗi khu phố chọn một tuyến đường kiểu mẫu; đảng viên gương mẫu đăng ký việc làm cụ thể.",
    ),
    (
        Category.KE_HOACH,
        "31-KH/ĐU",
        "Kế hoạch học tập Nghị quyết Đại hội của Đảng bộ phường",
        "Đảng ủy phường",
        "Học tập theo cụm chi bộ; thu hoạch nộp trước cuối tháng.",
    ),
    (
        Category.THONG_BAO,
        "60-TB/ĐU",
        "Thông báo về việc đồng chí Hưng phụ trách cụm chi bộ khu phố",
        "Đảng ủy phường",
        "Đồng chí Nguyễn Văn Hưng, Phó Bí thư, phụ trách cụm chi bộ từ tháng này.",
    ),
    (
        Category.THONG_BAO,
        "61-TB/ĐU",
        "Thông báo về việc đồng chí Hùng tham gia tổ công tác dữ liệu",
        "Đảng ủy phường",
        "Đồng chí Trần Văn Hùng tham gia tổ công tác làm sạch dữ liệu đảng viên.",
    ),
    (
        Category.TAI_LIEU_SINH_HOAT,
        "",
        "Tài liệu sinh hoạt chi bộ tháng này: đạo đức công vụ",
        "Ban Tuyên giáo Đảng ủy phường",
        "Gợi ý nội dung thảo luận và câu hỏi cho buổi sinh hoạt.",
    ),
]
_BRANCH = [
    (
        Category.TAI_LIEU_SINH_HOAT,
        "",
        "Biên bản gợi ý sinh hoạt chi bộ: phân công đảng viên giúp đỡ hộ khó khăn",
        "Chi ủy",
        "Danh sách hộ được giúp đỡ, đảng viên phụ trách, việc cần làm trong tháng.",
    ),
    (
        Category.THONG_BAO,
        "02-TB/CB",
        "Thông báo họp chi bộ định kỳ",
        "Chi ủy",
        "Họp vào tối thứ Năm tuần đầu tháng tại nhà văn hóa khu phố; mang theo Sổ tay.",
    ),
]


def load_documents(*, city: Org, ward: Org, branch: Org, today: datetime.date) -> int:
    """A few dozen short documents at the city, one ward and one branch; one superseded by another."""
    made = {}
    for org, rows in ((city, _CITY), (ward, _WARD), (branch, _BRANCH)):
        for i, (category, number, title, issuer, summary) in enumerate(rows):
            doc, _ = publish_document(
                by=None,
                issued_at=org,
                title=title,
                number=number,
                category=category,
                issued_on=today - datetime.timedelta(days=7 * i + 3),
                issuer=issuer,
                summary=summary,
                check_permission=False,
            )
            made[number or title] = doc
    supersede_document(by=None, old=made["08-HD/BTCTU"], new=made["12-HD/BTCTU"], check_permission=False)
    return len(made)
