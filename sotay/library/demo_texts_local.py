"""The demo library's ward, grassroots and branch documents (written for the demo; numbers invented).

Same entries as `sotay.library.demo_texts`."""

from __future__ import annotations

from sotay.library.demo_texts import Entry
from sotay.library.models import Category

DOCUMENTS: tuple[Entry, ...] = (
    (
        "ward",
        Category.NGHI_QUYET,
        "15-NQ/ĐU",
        "Nghị quyết về xây dựng khu phố văn minh, sạch đẹp",
        "Đảng ủy phường",
        "Mỗi khu phố chọn một tuyến đường kiểu mẫu; đảng viên gương mẫu đăng ký việc làm cụ thể.",
        (
            "Đến cuối năm, mỗi khu phố có ít nhất một tuyến đường kiểu mẫu: không rác thải, có cây "
            "xanh, có đèn chiếu sáng, vỉa hè thông thoáng.",
            "Đảng viên đăng ký việc làm cụ thể như phân loại rác tại nhà, trồng cây trước cửa, vận động "
            "hộ kinh doanh không lấn chiếm vỉa hè.",
            "Chi bộ khu phố đánh giá kết quả mỗi quý; tuyến đường đạt chuẩn được gắn biển công nhận.",
        ),
    ),
    (
        "ward",
        Category.KE_HOACH,
        "31-KH/ĐU",
        "Kế hoạch học tập Nghị quyết Đại hội của Đảng bộ phường",
        "Đảng ủy phường",
        "Học tập theo cụm chi bộ; thu hoạch nộp trước cuối tháng.",
        (
            "Chia chi bộ thành bốn cụm, mỗi cụm học một buổi tại hội trường khu phố do báo cáo viên của "
            "Đảng ủy phường trình bày.",
            "Đảng viên nộp bài thu hoạch qua sổ tay điện tử hoặc bản giấy cho chi ủy trước ngày cuối tháng.",
            "Văn phòng Đảng ủy tổng hợp tỷ lệ đảng viên tham gia, báo cáo Ban Thường vụ.",
        ),
    ),
    (
        "ward",
        Category.THONG_BAO,
        "60-TB/ĐU",
        "Thông báo về việc đồng chí Hưng phụ trách cụm chi bộ khu phố",
        "Đảng ủy phường",
        "Đồng chí Nguyễn Văn Hưng, Phó Bí thư, phụ trách cụm chi bộ từ tháng này.",
        (
            "Đồng chí Nguyễn Văn Hưng, Phó Bí thư Đảng ủy, phụ trách cụm chi bộ các khu phố 1, 2 và 3.",
            "Đồng chí dự sinh hoạt chi bộ ít nhất một lần mỗi quý tại mỗi chi bộ trong cụm.",
        ),
    ),
    (
        "ward",
        Category.THONG_BAO,
        "61-TB/ĐU",
        "Thông báo về việc đồng chí Hùng tham gia tổ công tác dữ liệu",
        "Đảng ủy phường",
        "Đồng chí Trần Văn Hùng tham gia tổ công tác làm sạch dữ liệu đảng viên.",
        (
            "Đồng chí Trần Văn Hùng, cán bộ Văn phòng Đảng ủy, tham gia tổ công tác làm sạch dữ liệu "
            "đảng viên của phường.",
            "Các chi bộ liên hệ đồng chí Hùng khi cần hỗ trợ đối chiếu hồ sơ.",
        ),
    ),
    (
        "ward",
        Category.CHI_THI,
        "09-CT/ĐU",
        "Chỉ thị về phòng chống ngập nước và sạt lở mùa mưa",
        "Ban Thường vụ Đảng ủy phường",
        "Chi bộ khu phố ven kênh lập danh sách hộ cần sơ tán; đảng viên trực theo ca khi có mưa lớn.",
        (
            "Các chi bộ khu phố ven kênh rà soát nhà yếu, lập danh sách hộ cần sơ tán khi triều cường.",
            "Mỗi tổ dân phố có một đảng viên trực điện thoại khi có cảnh báo mưa lớn trên 100 mi-li-mét.",
            "Khơi thông cống rãnh trước mùa mưa; báo cáo Đảng ủy những điểm ngập kéo dài.",
        ),
    ),
    (
        "ward",
        Category.QUYET_DINH,
        "142-QĐ/ĐU",
        "Quyết định kết nạp đảng viên mới đợt kỷ niệm ngày thành lập Đảng",
        "Ban Thường vụ Đảng ủy phường",
        "Kết nạp năm quần chúng ưu tú vào Đảng; chi bộ tổ chức lễ kết nạp trong 30 ngày.",
        (
            "Kết nạp vào Đảng Cộng sản Việt Nam năm quần chúng ưu tú đã được chi bộ đề nghị và đủ điều "
            "kiện theo Điều lệ Đảng.",
            "Các chi bộ tổ chức lễ kết nạp trong 30 ngày kể từ ngày ký quyết định, phân công đảng viên "
            "chính thức giúp đỡ đảng viên dự bị.",
        ),
    ),
    (
        "ward",
        Category.HUONG_DAN,
        "07-HD/ĐU",
        "Hướng dẫn đảng viên kích hoạt và dùng sổ tay điện tử",
        "Văn phòng Đảng ủy phường",
        "Các bước nhận mã kích hoạt, đặt mật khẩu, cài ứng dụng lên màn hình điện thoại.",
        (
            "Đảng viên nhận mã kích hoạt từ bí thư chi bộ, mở trang sổ tay trên điện thoại và nhập mã "
            "cùng ngày sinh.",
            "Đặt mật khẩu ít nhất mười ký tự, không dùng ngày sinh hay số điện thoại.",
            "Chọn thêm vào màn hình chính để mở sổ tay như một ứng dụng; văn bản đã lưu xem sau đọc "
            "được cả khi không có mạng.",
        ),
    ),
    (
        "ward",
        Category.TAI_LIEU_SINH_HOAT,
        "",
        "Tài liệu sinh hoạt chi bộ tháng này: đạo đức công vụ",
        "Ban Tuyên giáo Đảng ủy phường",
        "Gợi ý nội dung thảo luận và câu hỏi cho buổi sinh hoạt.",
        (
            "Tình huống thảo luận: người dân phản ánh cán bộ tiếp nhận hồ sơ hẹn lại nhiều lần mà không "
            "nói rõ lý do; chi bộ góp ý thế nào?",
            "Đảng viên là cán bộ, công chức nêu một việc mình đã làm để rút ngắn thời gian giải quyết "
            "thủ tục cho dân.",
        ),
    ),
    (
        "grassroots",
        Category.NGHI_QUYET,
        "04-NQ/ĐUCS",
        "Nghị quyết về nâng cao chất lượng đảng viên khu dân cư",
        "Đảng ủy cơ sở",
        "Mỗi đảng viên nhận giúp đỡ một hộ; chi bộ đánh giá việc giữ mối liên hệ với nơi cư trú.",
        (
            "Mỗi đảng viên nhận giúp đỡ một hộ gia đình khó khăn hoặc một thanh niên chưa có việc làm.",
            "Chi bộ lấy ý kiến tổ dân phố về đảng viên trước kỳ đánh giá cuối năm.",
            "Đảng ủy cơ sở biểu dương chi bộ có nhiều mô hình dân vận khéo.",
        ),
    ),
    (
        "grassroots",
        Category.THONG_BAO,
        "11-TB/ĐUCS",
        "Thông báo thu đảng phí và cập nhật thu nhập năm mới",
        "Đảng ủy cơ sở",
        "Đảng viên cập nhật mức thu nhập làm căn cứ đóng đảng phí trước ngày 15 tháng Giêng.",
        (
            "Đảng viên hưởng lương cập nhật mức lương mới; đảng viên hưu trí đóng theo mức lương hưu.",
            "Chi bộ thu đảng phí hằng tháng, nộp về Đảng ủy cơ sở trước ngày 10 tháng sau.",
        ),
    ),
    (
        "branch",
        Category.TAI_LIEU_SINH_HOAT,
        "",
        "Biên bản gợi ý sinh hoạt chi bộ: phân công đảng viên giúp đỡ hộ khó khăn",
        "Chi ủy",
        "Danh sách hộ được giúp đỡ, đảng viên phụ trách, việc cần làm trong tháng.",
        (
            "Hộ bà Sáu ở tổ 4: sửa mái tôn trước mùa mưa, đồng chí tổ trưởng phụ trách vận động vật tư.",
            "Hộ anh Tư ở tổ 7: giới thiệu việc làm bảo vệ tại trường tiểu học gần nhà.",
            "Mỗi đồng chí báo cáo ngắn tại buổi sinh hoạt tháng sau.",
        ),
    ),
    (
        "branch",
        Category.THONG_BAO,
        "02-TB/CB",
        "Thông báo họp chi bộ định kỳ",
        "Chi ủy",
        "Họp vào tối thứ Năm tuần đầu tháng tại nhà văn hóa khu phố; mang theo Sổ tay.",
        (
            "Chi bộ họp định kỳ lúc 19 giờ tối thứ Năm tuần đầu tháng tại nhà văn hóa khu phố.",
            "Nội dung: đánh giá việc làm sạch dữ liệu đảng viên, phân công trực phòng chống ngập.",
            "Đồng chí nào vắng báo trước cho bí thư chi bộ qua sổ tay hoặc điện thoại.",
        ),
    ),
    (
        "branch",
        Category.KE_HOACH,
        "03-KH/CB",
        "Kế hoạch chi bộ tham gia ngày chủ nhật xanh",
        "Chi ủy",
        "Mỗi tháng một buổi dọn vệ sinh tuyến hẻm và trồng cây; phân công theo tổ.",
        (
            "Sáng chủ nhật cuối tháng, đảng viên và đoàn viên thanh niên dọn rác, khơi thông cống tại "
            "các hẻm của khu phố.",
            "Mỗi tổ đảng phụ trách trồng và chăm mười cây xanh trên tuyến đường kiểu mẫu.",
        ),
    ),
)
