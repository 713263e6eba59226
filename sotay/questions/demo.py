"""Demo questions: some answered (one published as Q&A), some waiting, one overdue."""

from __future__ import annotations

import datetime

from sotay.accounts.models import User
from sotay.orgs.models import Org
from sotay.questions.actions import answer_question, ask_question, publish_question
from sotay.questions.models import Question

_ASKED = [
    (
        "Mức đảng phí khi nghỉ hưu",
        "Tôi đã nghỉ hưu, mức đóng đảng phí hằng tháng tính theo lương hưu như thế nào?",
        "Đảng viên nghỉ hưu đóng theo tỷ lệ trên lương hưu; "
        "chi bộ sẽ gửi bảng mức đóng trong buổi sinh hoạt tới.",
        "Đảng viên nghỉ hưu đóng đảng phí theo mức nào?",
    ),
    (
        "Học nghị quyết trên Sổ tay",
        "Tôi có thể học nghị quyết trên Sổ tay thay cho buổi học tập trung không?",
        "Đồng chí đọc tài liệu trên Sổ tay trước, vẫn tham dự buổi học tập trung để thảo luận.",
        "",
    ),
    (
        "Chuyển sinh hoạt tạm thời",
        "Tôi sắp đi công tác dài ngày ở tỉnh khác, thủ tục chuyển sinh hoạt tạm thời ra sao?",
        "",
        "",
    ),
    ("Sửa ngày vào Đảng", "Hồ sơ trên Sổ tay ghi sai ngày vào Đảng của tôi, tôi cần làm gì?", "", ""),
]


def load_questions(*, asker: User, branch: Org, answerer: User) -> int:
    for subject, body, answer, public in _ASKED:
        question = ask_question(by=asker, org=branch, subject=subject, body=body)
        if answer:
            answer_question(by=answerer, question=question, answer=answer)
        if public:
            publish_question(by=answerer, question=question, public_question=public)
    # One question waiting past its deadline, so the overdue flag shows.
    Question.objects.filter(subject="Sửa ngày vào Đảng").update(
        due_on=datetime.date.today() - datetime.timedelta(days=2)
    )
    return len(_ASKED)
