"""Self-registration: a member asks for a handbook account; their branch committee approves or rejects.

A request is accepted only for an active, entitled member (`is_entitled`: synced to the handbook and not
exempted, QĐ 339-QĐ/TW) whose CCCD and date of birth match the registry. Every refusal that could tell a
stranger whether a CCCD exists reads the same (`NO_MATCH`); only someone who knows both the CCCD and the
date of birth learns more (exempted, another branch, already registered).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.actions import create_user, grant_role
from sotay.accounts.models import FormAttempt, Registration, RegistrationState, Role, User
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.handbook.models import Entitlement
from sotay.members.models import HANDBOOK_STATUSES, Member, MemberStatus
from sotay.notifications.actions import notify
from sotay.orgs.models import Org
from sotay.vn.phones import clean_phone

NO_MATCH = (
    "Không đối chiếu được thông tin với hồ sơ đảng viên. Đồng chí kiểm tra lại số CCCD, ngày sinh và "
    "chi bộ; nếu vẫn không được, xin liên hệ cấp ủy chi bộ."
)
EXEMPTED = (
    "Theo Quy định 339-QĐ/TW, Sổ tay đảng viên điện tử dành cho đảng viên chính thức và dự bị; đảng viên "
    "được miễn công tác và sinh hoạt đảng không dùng Sổ tay. Đồng chí không cần đăng ký; chi bộ vẫn giữ "
    "liên lạc với đồng chí như trước. Nếu đồng chí đã sinh hoạt trở lại, xin báo cấp ủy chi bộ."
)
OTHER_BRANCH = (
    "Hồ sơ của đồng chí không thuộc chi bộ đã chọn. Đồng chí chọn đúng chi bộ nơi mình đang sinh hoạt, "
    "hoặc hỏi cấp ủy chi bộ."
)
THROTTLED = "Đã gửi quá nhiều lần từ máy này. Xin đợi một giờ rồi thử lại, hoặc liên hệ cấp ủy chi bộ."


def is_entitled(member: Member) -> bool:
    """Official or probationary, and published by the sync (an active entitlement)."""
    return (
        member.status in HANDBOOK_STATUSES and Entitlement.objects.filter(member=member, active=True).exists()
    )


def throttled(address: str, *, form: str = FormAttempt.REGISTER, limit: int | None = None) -> bool:
    """Whether `address` has used up its submissions of `form` for the hour (SOTAY_REGISTRATION_LIMIT)."""
    since = timezone.now() - datetime.timedelta(hours=1)
    used = FormAttempt.objects.filter(form=form, address=address, at__gte=since).count()
    return used >= (limit if limit is not None else settings.SOTAY_REGISTRATION_LIMIT)


@dataclass(frozen=True)
class Submitted:
    registration: Registration | None  # None for an exempted member: nothing to approve
    exempted: bool = False


def submit_registration(
    *, cccd: str, birth_date: datetime.date, phone: str, branch_code: str, password: str, address: str
) -> Submitted:
    """Record a request for `branch_code`'s committee. Raises ActionError with a Vietnamese message.

    The attempt is counted before anything is checked and outside the request's transaction, so that a
    refused attempt counts too."""
    if throttled(address):
        raise ActionError(THROTTLED)
    FormAttempt.objects.create(form=FormAttempt.REGISTER, address=address)
    return _submit(cccd=cccd, birth_date=birth_date, phone=phone, branch_code=branch_code, password=password)


@transaction.atomic
def _submit(
    *, cccd: str, birth_date: datetime.date, phone: str, branch_code: str, password: str
) -> Submitted:
    member = Member.objects.select_related("org").filter(cccd=cccd.strip(), birth_date=birth_date).first()
    branch = Org.objects.filter(code=branch_code.strip()).first()
    if member is None or branch is None or not member.is_active:
        raise ActionError(NO_MATCH)
    if member.status == MemberStatus.MIEN_SINH_HOAT:
        return Submitted(registration=None, exempted=True)
    if member.org_id != branch.pk:
        raise ActionError({"branch_code": [OTHER_BRANCH]})
    if not is_entitled(member):
        raise ActionError(NO_MATCH)
    if User.objects.filter(member=member).exists():
        raise ActionError(
            "Đồng chí đã có tài khoản. Nếu quên mật khẩu, xin nhờ cấp ủy chi bộ cấp mã kích hoạt để đặt lại."
        )
    phone_value = clean_phone(phone).value
    if len(phone_value) != 10:
        raise ActionError({"phone": ["Số điện thoại di động gồm 10 chữ số, ví dụ 0912345678."]})
    if User.objects.filter(phone=phone_value).exists():
        raise ActionError({"phone": ["Số điện thoại này đã dùng cho một tài khoản khác."]})
    pending = Registration.objects.pending().filter(member=member).first()
    if pending is not None:
        # Asking twice is not an error: the newer phone and password replace the older ones.
        pending.phone = phone_value
        pending.password_hash = make_password(password)
        pending.save(update_fields=["phone", "password_hash"])
        registration = pending
    else:
        registration = Registration.objects.create(
            member=member, branch=branch, phone=phone_value, password_hash=make_password(password)
        )
    record(
        actor=None,
        action=AuditAction.CREATE,
        object_type="registration",
        object_id=registration.pk,
        org=branch,
        summary=f"Đảng viên {member.code} đăng ký tài khoản Sổ tay",
    )
    return Submitted(registration=registration)


def _locked(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().select_related("member", "branch").get(pk=registration.pk)


@transaction.atomic
def approve_registration(*, registration: Registration, by: User) -> User:
    """Create the member's account with the password they chose. Approving twice returns the same account."""
    registration = _locked(registration)
    member = registration.member
    if registration.state == RegistrationState.APPROVED:
        existing = User.objects.filter(member=member).first()
        if existing is not None:
            return existing
    if registration.state == RegistrationState.REJECTED:
        raise ActionError("Yêu cầu này đã bị từ chối; đảng viên cần gửi yêu cầu mới.")
    if member.org_id != registration.branch_id or not is_entitled(member):
        raise ActionError(
            "Đảng viên không còn thuộc chi bộ này hoặc không còn quyền dùng Sổ tay; hãy từ chối yêu cầu."
        )
    if User.objects.filter(member=member).exists():
        raise ActionError("Đảng viên này đã có tài khoản.")
    if User.objects.filter(phone=registration.phone).exists():
        raise ActionError(
            "Số điện thoại này đã dùng cho một tài khoản khác; hãy từ chối và nhờ đảng viên gửi lại."
        )
    user = create_user(by=by, username=f"dv{member.code}", password="", member=member)
    user.password = registration.password_hash
    user.phone = registration.phone
    user.save(update_fields=["password", "phone"])
    grant_role(by=by, user=user, role=Role.MEMBER, org=member.org)
    registration.state = RegistrationState.APPROVED
    registration.decided_at = timezone.now()
    registration.decided_by = by
    registration.password_hash = ""  # the account holds it now
    registration.save(update_fields=["state", "decided_at", "decided_by", "password_hash"])
    record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="registration",
        object_id=registration.pk,
        org=registration.branch,
        summary=f"Duyệt đăng ký tài khoản Sổ tay của {member.code}",
    )
    notify(
        users=[user],
        kind="accounts.approved",
        title="Tài khoản Sổ tay của đồng chí đã được duyệt",
        body="Chào mừng đồng chí. Xin xem hồ sơ của mình; thấy chỗ nào sai, bấm «Báo sai» ở dòng đó.",
        url=reverse("my_profile"),
        dedupe=f"registration:{registration.pk}:approved",
    )
    return user


@transaction.atomic
def reject_registration(*, registration: Registration, by: User, reason: str) -> Registration:
    """Refuse a request with a reason the member can read. Rejecting twice changes nothing."""
    reason = reason.strip()
    if not reason:
        raise ActionError({"reason": ["Xin ghi lý do từ chối để đảng viên biết."]})
    registration = _locked(registration)
    if registration.state == RegistrationState.REJECTED:
        return registration
    if registration.state == RegistrationState.APPROVED:
        raise ActionError("Yêu cầu này đã được duyệt.")
    registration.state = RegistrationState.REJECTED
    registration.decided_at = timezone.now()
    registration.decided_by = by
    registration.reason = reason[:255]
    registration.password_hash = ""
    registration.save(update_fields=["state", "decided_at", "decided_by", "reason", "password_hash"])
    record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="registration",
        object_id=registration.pk,
        org=registration.branch,
        summary=f"Từ chối đăng ký tài khoản Sổ tay của {registration.member.code}",
        changes={"reason": ["", reason[:255]]},
    )
    return registration
