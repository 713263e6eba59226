"""The demo library's documents, written for the demo (never a real document's text; numbers invented).

Each entry: (level, category, number, title, issuer, summary, body paragraphs). Levels: "centre" (shown
at the demo's root, which stands for the whole tree), "city", "ward", "grassroots", "branch".
"""

from __future__ import annotations

from sotay.library.models import Category

Entry = tuple[str, str, str, str, str, str, tuple[str, ...]]

DOCUMENTS: tuple[Entry, ...] = (
    (
        "centre",
        Category.QUY_DINH,
        "901-QĐ/TW",
        "Quy định về sổ tay đảng viên điện tử và cơ sở dữ liệu đảng viên",
        "Ban Chấp hành Trung ương",
        "Quy định thống nhất việc dùng sổ tay điện tử, trách nhiệm giữ bí mật dữ liệu và quyền của "
        "đảng viên được xem, đề nghị sửa thông tin của mình.",
        (
            "Sổ tay đảng viên điện tử là công cụ giúp đảng viên đọc văn bản, theo dõi lịch sinh hoạt "
            "và xem hồ sơ của mình; không thay thế hồ sơ giấy lưu tại cấp ủy quản lý.",
            "Mỗi đảng viên có một tài khoản; mật khẩu do đảng viên tự giữ; mất thiết bị phải báo ngay "
            "cho chi ủy để khóa tài khoản.",
            "Cán bộ chỉ được xem dữ liệu đảng viên trong phạm vi tổ chức đảng mình phụ trách; mọi lần "
            "xem, sửa, xuất dữ liệu đều được ghi nhật ký.",
            "Đảng viên phát hiện thông tin sai có quyền gửi đề nghị sửa; cấp ủy trả lời trong 15 ngày "
            "làm việc.",
        ),
    ),
    (
        "centre",
        Category.CHI_THI,
        "907-CT/TW",
        "Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ trong giai đoạn mới",
        "Ban Bí thư",
        "Sinh hoạt chi bộ phải có nội dung thiết thực, đúng kỳ hạn; chi ủy chuẩn bị kỹ, đảng viên "
        "phát biểu thẳng thắn.",
        (
            "Chi bộ sinh hoạt thường kỳ mỗi tháng một lần; nội dung gắn với nhiệm vụ chính trị của "
            "địa phương, cơ quan, đơn vị.",
            "Mỗi quý có ít nhất một buổi sinh hoạt chuyên đề; chủ đề chọn từ những việc đảng viên và "
            "nhân dân quan tâm.",
            "Biên bản sinh hoạt ghi đủ ý kiến phát biểu và kết luận của chủ trì; tài liệu gửi trước cho "
            "đảng viên qua sổ tay điện tử.",
            "Đảng viên vắng sinh hoạt ba lần trong năm không có lý do chính đáng thì chi bộ xem xét, "
            "kiểm điểm.",
        ),
    ),
    (
        "centre",
        Category.KET_LUAN,
        "912-KL/TW",
        "Kết luận về chuyển đổi số trong công tác xây dựng Đảng",
        "Bộ Chính trị",
        "Đẩy mạnh số hóa hồ sơ đảng viên, văn bản và quy trình; bảo đảm an toàn thông tin.",
        (
            "Các cấp ủy hoàn thành số hóa hồ sơ đảng viên, đối chiếu với hồ sơ giấy trước khi đưa vào "
            "sử dụng chính thức.",
            "Văn bản của Đảng gửi đến chi bộ bằng đường điện tử, trừ văn bản mật theo quy định bảo vệ "
            "bí mật nhà nước.",
            "Máy chủ đặt trong nước; dữ liệu cá nhân được mã hóa khi truyền; tài khoản quản trị có xác "
            "thực hai lớp.",
        ),
    ),
    (
        "centre",
        Category.HUONG_DAN,
        "915-HD/BTCTW",
        "Hướng dẫn đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên hằng năm",
        "Ban Tổ chức Trung ương",
        "Tiêu chí, quy trình và thời điểm đánh giá, xếp loại cuối năm.",
        (
            "Đảng viên tự kiểm điểm theo mẫu, nêu rõ ưu điểm, khuyết điểm và việc đã khắc phục sau kỳ "
            "kiểm điểm trước.",
            "Chi bộ họp, góp ý từng đảng viên, bỏ phiếu kín đề xuất mức xếp loại: hoàn thành xuất sắc, "
            "hoàn thành tốt, hoàn thành, không hoàn thành nhiệm vụ.",
            "Cấp ủy cấp trên trực tiếp quyết định xếp loại tổ chức đảng và công bố trước ngày 31 tháng 12.",
        ),
    ),
    (
        "city",
        Category.NGHI_QUYET,
        "01-NQ/ĐH",
        "Nghị quyết Đại hội đại biểu Đảng bộ Thành phố lần thứ I, nhiệm kỳ 2025–2030",
        "Đại hội đại biểu Đảng bộ Thành phố",
        "Đại hội thống nhất các mục tiêu: xây dựng Đảng bộ trong sạch, vững mạnh; phát triển kinh tế số; "
        "chăm lo đời sống nhân dân; mỗi chi bộ có kế hoạch học tập nghị quyết trong quý đầu nhiệm kỳ.",
        (
            "Đại hội đánh giá nhiệm kỳ qua Đảng bộ đã lãnh đạo hoàn thành phần lớn chỉ tiêu; một số "
            "chỉ tiêu về nhà ở xã hội và giảm ùn tắc giao thông chưa đạt.",
            "Mục tiêu nhiệm kỳ 2025–2030: tăng trưởng bình quân trên 8% mỗi năm; kinh tế số chiếm 30% "
            "tổng sản phẩm; 100% thủ tục hành chính được làm trực tuyến toàn trình.",
            "Ba khâu đột phá: hạ tầng giao thông kết nối vùng; nguồn nhân lực chất lượng cao; cải cách "
            "thủ tục hành chính gắn với chuyển đổi số.",
            "Mỗi chi bộ xây dựng kế hoạch học tập, quán triệt nghị quyết trong quý đầu nhiệm kỳ; đảng "
            "viên viết bài thu hoạch về việc làm cụ thể của mình.",
        ),
    ),
    (
        "city",
        Category.CHI_THI,
        "05-CT/TU",
        "Chỉ thị về tăng cường công tác kiểm tra, giám sát của chi bộ",
        "Ban Thường vụ Thành ủy",
        "Chi bộ kiểm tra ít nhất một đảng viên mỗi quý; báo cáo kết quả lên cấp ủy cơ sở "
        "trước ngày 25 của tháng cuối quý.",
        (
            "Chi ủy lập chương trình kiểm tra, giám sát cả năm, công khai trong chi bộ.",
            "Nội dung kiểm tra tập trung vào việc chấp hành nghị quyết, giữ mối liên hệ với nơi cư trú "
            "và kê khai tài sản, thu nhập theo quy định.",
            "Kết quả kiểm tra được thông báo cho đảng viên được kiểm tra và báo cáo cấp ủy cơ sở trước "
            "ngày 25 của tháng cuối quý.",
        ),
    ),
    (
        "city",
        Category.HUONG_DAN,
        "08-HD/BTCTU",
        "Hướng dẫn rà soát dữ liệu đảng viên (thay bằng Hướng dẫn 12)",
        "Ban Tổ chức Thành ủy",
        "Các bước rà soát dữ liệu trên CSDL 3.0.",
        (
            "Chi bộ in danh sách đảng viên từ CSDL 3.0, đối chiếu từng dòng với sổ đảng viên.",
            "Sai sót ghi vào phiếu rà soát, gửi văn phòng cấp ủy cơ sở nhập lại.",
        ),
    ),
    (
        "city",
        Category.HUONG_DAN,
        "12-HD/BTCTU",
        "Hướng dẫn làm sạch và chuẩn hóa dữ liệu đảng viên trên CSDL 4.0",
        "Ban Tổ chức Thành ủy",
        "Các bước đối chiếu số căn cước, giới tính, ngày sinh với hồ sơ giấy; cách xử lý bản ghi trùng lặp; "
        "thời hạn hoàn thành 15 ngày.",
        (
            "Hướng dẫn này thay thế Hướng dẫn số 08-HD/BTCTU về rà soát dữ liệu đảng viên.",
            "Bước một: đối chiếu số căn cước công dân mười hai chữ số, ngày sinh, giới tính với hồ sơ "
            "giấy và với thẻ căn cước do đảng viên xuất trình.",
            "Bước hai: xử lý bản ghi trùng lặp; hai bản ghi cùng số căn cước thì giữ bản ghi có hồ sơ "
            "gốc, bản còn lại chuyển cấp ủy cơ sở quyết định.",
            "Bước ba: chi ủy ký xác nhận danh sách đã làm sạch; thời hạn hoàn thành 15 ngày kể từ ngày "
            "nhận hướng dẫn.",
        ),
    ),
    (
        "city",
        Category.KET_LUAN,
        "03-KL/TU",
        "Kết luận của Ban Thường vụ về chuyển đổi số trong sinh hoạt chi bộ",
        "Ban Thường vụ Thành ủy",
        "Khuyến khích đảng viên dùng Sổ tay điện tử để đọc tài liệu trước buổi sinh hoạt; giảm in ấn.",
        (
            "Qua sáu tháng thí điểm tại 40 chi bộ, lượng giấy in tài liệu sinh hoạt giảm khoảng hai "
            "phần ba; đảng viên cao tuổi cần được hướng dẫn thêm.",
            "Từ quý tới, tài liệu sinh hoạt gửi lên sổ tay điện tử chậm nhất ba ngày trước buổi họp; "
            "chi bộ vẫn in một số bản cho đồng chí không dùng điện thoại thông minh.",
        ),
    ),
    (
        "city",
        Category.QUY_DINH,
        "02-QĐi/TU",
        "Quy định về sinh hoạt chuyên đề của chi bộ",
        "Ban Thường vụ Thành ủy",
        "Mỗi quý ít nhất một buổi sinh hoạt chuyên đề; chủ đề do cấp ủy cơ sở gợi ý.",
        (
            "Chủ đề sinh hoạt chuyên đề gắn với việc cụ thể: giữ gìn vệ sinh khu phố, giúp đỡ hộ nghèo, "
            "phòng chống ma túy, an toàn giao thông trước cổng trường.",
            "Chi ủy phân công một đảng viên chuẩn bị báo cáo đề dẫn không quá mười lăm phút.",
            "Kết thúc buổi sinh hoạt, chi bộ ra nghị quyết ngắn có người phụ trách và thời hạn.",
        ),
    ),
    (
        "city",
        Category.THONG_BAO,
        "45-TB/TU",
        "Thông báo lịch học tập, quán triệt nghị quyết năm 2025",
        "Văn phòng Thành ủy",
        "Lịch học tập theo từng khối; đảng viên cao tuổi có thể học qua Sổ tay.",
        (
            "Khối phường, xã học tập tập trung vào sáng thứ Bảy hai tuần đầu tháng sau.",
            "Khối doanh nghiệp học theo ca, do đảng ủy cơ sở bố trí phù hợp giờ sản xuất.",
            "Đảng viên từ 75 tuổi trở lên hoặc đau ốm được học qua tài liệu trên sổ tay điện tử và nộp "
            "thu hoạch cho chi bộ.",
        ),
    ),
    (
        "city",
        Category.QUYET_DINH,
        "118-QĐ/TU",
        "Quyết định thành lập Tổ công tác hỗ trợ sổ tay đảng viên điện tử",
        "Ban Thường vụ Thành ủy",
        "Tổ công tác gồm cán bộ ban tổ chức, văn phòng và trung tâm dữ liệu; hỗ trợ chi bộ mở tài khoản.",
        (
            "Thành lập Tổ công tác hỗ trợ sổ tay đảng viên điện tử gồm chín đồng chí; tổ trưởng là "
            "Phó trưởng Ban Tổ chức Thành ủy.",
            "Tổ có nhiệm vụ tập huấn cho chi ủy, giải đáp vướng mắc về tài khoản, tổng hợp góp ý của "
            "đảng viên về giao diện.",
            "Tổ tự giải thể sau khi 95% đảng viên của Đảng bộ đã kích hoạt tài khoản.",
        ),
    ),
    (
        "city",
        Category.KE_HOACH,
        "20-KH/TU",
        "Kế hoạch phát triển đảng viên trong thanh niên công nhân",
        "Ban Thường vụ Thành ủy",
        "Chỉ tiêu kết nạp, cách bồi dưỡng quần chúng ưu tú tại khu công nghiệp.",
        (
            "Mỗi tổ chức cơ sở đảng trong doanh nghiệp giới thiệu ít nhất ba quần chúng ưu tú đi học "
            "lớp nhận thức về Đảng mỗi năm.",
            "Công đoàn và đoàn thanh niên phát hiện, bồi dưỡng công nhân trẻ có tay nghề giỏi, gương "
            "mẫu trong lao động.",
            "Ban Tổ chức Thành ủy sơ kết việc thực hiện kế hoạch vào tháng 6 hằng năm.",
        ),
    ),
    (
        "city",
        Category.TAI_LIEU_SINH_HOAT,
        "TL-07/BTGTU",
        "Tài liệu sinh hoạt chuyên đề: đảng viên gương mẫu nơi cư trú",
        "Ban Tuyên giáo Thành ủy",
        "Gợi ý thảo luận về trách nhiệm của đảng viên đang công tác đối với khu phố nơi mình ở.",
        (
            "Câu hỏi thảo luận: đồng chí đã tham gia sinh hoạt với tổ dân phố nơi cư trú bao nhiêu lần "
            "trong năm qua?",
            "Ví dụ tham khảo: một đảng viên vận động các hộ cùng hẻm góp tiền lắp đèn chiếu sáng, tự tay "
            "đi dây và giữ sổ thu chi công khai.",
            "Đề nghị mỗi đảng viên đăng ký một việc làm cụ thể cho khu phố và báo cáo kết quả ở buổi "
            "sinh hoạt cuối quý.",
        ),
    ),
)
