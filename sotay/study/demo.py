"""Demo resolution study: one running at the ward over the demo library's documents, with reflections
in every state (not started, draft, submitted, late, returned, completed)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sotay.accounts.actions import create_user, grant_role
from sotay.accounts.models import Role, User
from sotay.library.models import Category, Document
from sotay.members.models import Member, MemberStatus
from sotay.orgs.models import Org
from sotay.study.actions import change_study, create_study, open_study, review_reflection, save_reflection
from sotay.study.models import Study

TITLE = "Học tập, quán triệt Nghị quyết Đại hội Đảng bộ các cấp nhiệm kỳ 2025 – 2030"
PROMPT = (
    "Sau khi nghiên cứu các văn bản, đồng chí viết bài thu hoạch (khoảng một đến hai trang) nêu:\n"
    "1. Những điểm mới, cốt lõi của nghị quyết mà đồng chí tâm đắc nhất;\n"
    "2. Liên hệ bản thân: đồng chí sẽ làm gì để thực hiện nghị quyết tại nơi công tác và nơi cư trú."
)
_TEXTS = {
    "draft": "Điểm tâm đắc thứ nhất là yêu cầu chuyển đổi số trong công tác Đảng. (đang viết tiếp)",
    "on_time": (
        "Nghị quyết xác định rõ nhiệm vụ xây dựng Đảng là then chốt. Bản thân tôi sẽ gương mẫu thực hiện, "
        "tham gia đầy đủ sinh hoạt chi bộ và vận động gia đình cùng thực hiện nếp sống văn minh ở khu phố."
    ),
    "late": (
        "Tôi nộp muộn vì đi công tác. Điều tôi tâm đắc là tinh thần lấy người dân làm trung tâm; "
        "tôi sẽ tích cực tham gia tổ dân phố, lắng nghe và phản ánh ý kiến của bà con với chi bộ."
    ),
    "completed": (
        "Nghị quyết đặt mục tiêu phát triển kinh tế gắn với bảo đảm an sinh xã hội. Ở nơi công tác, tôi "
        "đăng ký cải tiến quy trình một cửa để giảm thời gian giải quyết hồ sơ cho người dân."
    ),
    "returned": "Tôi thấy nghị quyết rất hay và sẽ thực hiện tốt.",
}


def _writer(member: Member, branch: Org, password: str) -> User:
    user = User.objects.filter(member=member).first()
    if user is None:
        user = create_user(by=None, username=f"dv-{member.code}", password=password, member=member)
        grant_role(by=None, user=user, role=Role.MEMBER, org=branch)
    return user


def load_study_demo(
    *, ward: Org, branch: Org, staff: User, secretary: User, member_user: User, password: str
) -> Study:
    """Open the study once (a second call changes nothing). `member_user` (the demo member) has theirs
    returned with a comment, so that the home page shows a study waiting for them."""
    study = Study.objects.filter(title=TITLE, org=ward).first()
    if study is not None:
        return study
    today = timezone.localdate()
    docs = list(
        Document.objects.not_withdrawn()
        .current()
        .issued_at_any([ward])
        .filter(category__in=[Category.NGHI_QUYET, Category.HUONG_DAN])
        .order_by("-issued_on", "id")
        .values_list("pk", flat=True)[:3]
    )
    study = create_study(
        by=staff,
        org=ward,
        title=TITLE,
        prompt=PROMPT,
        due_on=today + datetime.timedelta(days=10),
        document_ids=docs,
    )
    open_study(by=staff, study=study)
    study.refresh_from_db()
    others = [
        _writer(m, branch, password)
        for m in Member.objects.filter(org=branch, status=MemberStatus.CHINH_THUC)
        .exclude(user=member_user)
        .order_by("code")[:4]
    ]
    # The rest of the branch has not started. A small branch gets the first states only.
    writers = dict(zip(("completed", "on_time", "draft", "late"), others, strict=False))
    if "draft" in writers:
        save_reflection(by=writers["draft"], study=study, text=_TEXTS["draft"], submit=False)
    if "on_time" in writers:
        save_reflection(by=writers["on_time"], study=study, text=_TEXTS["on_time"], submit=True)
    if "completed" in writers:
        done = save_reflection(by=writers["completed"], study=study, text=_TEXTS["completed"], submit=True)
        review_reflection(by=secretary, reflection=done, complete=True, comment="Bài có liên hệ cụ thể, đạt.")
    mine = save_reflection(by=member_user, study=study, text=_TEXTS["returned"], submit=True)
    review_reflection(
        by=secretary,
        reflection=mine,
        complete=False,
        comment="Đồng chí bổ sung phần liên hệ bản thân: việc cụ thể sẽ làm ở nơi công tác và nơi cư trú.",
    )
    if "late" not in writers:
        return study
    # A late reflection: the deadline had passed when it came in, then the ward extended it (the demo
    # sets the past deadline directly, as no action moves a deadline into the past).
    Study.objects.filter(pk=study.pk).update(due_on=today - datetime.timedelta(days=1))
    study.refresh_from_db()
    save_reflection(by=writers["late"], study=study, text=_TEXTS["late"], submit=True)
    change_study(by=staff, study=study, due_on=today + datetime.timedelta(days=10), document_ids=docs)
    study.refresh_from_db()
    return study
