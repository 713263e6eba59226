"""Assisted activation: one-time codes printed on slips, for members who do not register themselves.

The committee or unit staff issue codes for a branch's entitled members; each slip carries the member's
name, a short code and a QR code of the activation page. The member (or whoever helps them) types the
code and the date of birth, then sets a password: a new account, or a new password for an existing one
(no SMS or e-mail gateway on closed networks). A code expires (SOTAY_ACTIVATION_DAYS), works once, and
reissuing revokes the previous one. Only a keyed hash of each code is stored.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sotay.accounts.actions import create_user, grant_role
from sotay.accounts.models import ActivationCode, FormAttempt, Role, User
from sotay.accounts.registrations import is_entitled, throttled
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.handbook.models import Entitlement
from sotay.members.models import HANDBOOK_STATUSES, Member
from sotay.orgs.models import Org

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: read aloud and typed by elderly members from paper.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 8  # 25**8 ≈ 1.5e11, with the date of birth, an expiry and per-code and per-address limits

BAD_CODE = (
    "Mã kích hoạt không đúng, đã hết hạn, đã dùng hoặc đã bị thu hồi. Xin nhờ cấp ủy chi bộ cấp mã mới."
)
BAD_BIRTH_DATE = "Ngày sinh không khớp với hồ sơ của mã này. Xin kiểm tra lại ngày/tháng/năm sinh."
THROTTLED = "Đã nhập sai quá nhiều lần từ máy này. Xin đợi một giờ rồi thử lại, hoặc liên hệ cấp ủy chi bộ."
NOT_ENTITLED = (
    "Hồ sơ này hiện không dùng Sổ tay (Quy định 339-QĐ/TW: chỉ đảng viên chính thức và dự bị). "
    "Xin liên hệ cấp ủy chi bộ."
)


def normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, b"activation:" + normalise(code).encode(), hashlib.sha256).hexdigest()


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


@dataclass(frozen=True)
class Slip:
    member: Member
    code: str  # shown once, on the slip


def eligible_members(branch: Org) -> list[Member]:
    """A branch's members who may be issued a code: official or probationary, and synced."""
    synced = Entitlement.objects.filter(active=True, branch=branch).values("member_id")
    return list(
        Member.objects.filter(org=branch, status__in=HANDBOOK_STATUSES, pk__in=synced)
        .select_related("user")
        .order_by("name_key", "id")
    )


@transaction.atomic
def issue_activation_codes(
    *, branch: Org, members: list[Member], by: User | None, days: int | None = None
) -> list[Slip]:
    """New codes for `members` of `branch` (their usable codes are revoked); one audit row per batch."""
    allowed = {m.pk for m in eligible_members(branch)}
    refused = [m for m in members if m.pk not in allowed]
    if refused:
        raise ActionError(
            f"Không cấp được mã cho {len(refused)} đảng viên không thuộc chi bộ hoặc không dùng Sổ tay "
            f"(ví dụ {refused[0].full_name})."
        )
    if not members:
        raise ActionError("Chưa chọn đảng viên nào.")
    now = timezone.now()
    expires = now + datetime.timedelta(days=days or settings.SOTAY_ACTIVATION_DAYS)
    ids = [m.pk for m in members]
    revoked = ActivationCode.objects.usable().filter(member_id__in=ids).update(revoked_at=now)
    slips = [
        Slip(member=m, code="".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))) for m in members
    ]
    ActivationCode.objects.bulk_create(
        [
            ActivationCode(
                member=s.member, branch=branch, code_hash=code_hash(s.code), created_by=by, expires_at=expires
            )
            for s in slips
        ],
        batch_size=1000,
    )
    record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="activation_code",
        org=branch,
        summary=f"Cấp {len(slips)} mã kích hoạt cho {branch.code} (thu hồi {revoked} mã cũ)",
        changes={"members": [None, [m.code for m in members]]},
    )
    return slips


@transaction.atomic
def revoke_activation_code(*, code: ActivationCode, by: User | None) -> ActivationCode:
    """Revoke a usable code; a code already used, expired or revoked is left as it is."""
    code = ActivationCode.objects.select_for_update().select_related("member").get(pk=code.pk)
    if code.used_at or code.revoked_at:
        return code
    code.revoked_at = timezone.now()
    code.save(update_fields=["revoked_at"])
    record(
        actor=by,
        action=AuditAction.REVOKE,
        object_type="activation_code",
        object_id=code.pk,
        org=code.branch,
        summary=f"Thu hồi mã kích hoạt của {code.member.code}",
    )
    return code


def activate(*, code: str, birth_date: datetime.date, password: str, address: str) -> User:
    """Use a code: check it and the date of birth, then create the account or reset its password.

    Unknown codes count against the address and wrong dates of birth against the code, outside the
    transaction so that refusals are counted."""
    limit = settings.SOTAY_ACTIVATION_ADDRESS_LIMIT
    if throttled(address, form=FormAttempt.ACTIVATE, limit=limit):
        raise ActionError(THROTTLED)
    found = ActivationCode.objects.usable().filter(code_hash=code_hash(code)).select_related("member").first()
    if found is None:
        FormAttempt.objects.create(form=FormAttempt.ACTIVATE, address=address)
        raise ActionError({"code": [BAD_CODE]})
    if found.member.birth_date != birth_date:
        failures = found.failures + 1
        revoke = failures >= settings.SOTAY_ACTIVATION_MAX_FAILURES
        ActivationCode.objects.filter(pk=found.pk).update(
            failures=failures, revoked_at=timezone.now() if revoke else None
        )
        raise ActionError({"birth_date": [BAD_CODE if revoke else BAD_BIRTH_DATE]})
    return _use(found, password)


@transaction.atomic
def _use(found: ActivationCode, password: str) -> User:
    code = ActivationCode.objects.select_for_update().get(pk=found.pk)
    if code.used_at or code.revoked_at or code.expires_at <= timezone.now():
        raise ActionError({"code": [BAD_CODE]})  # used by a second tab in the meantime
    member = Member.objects.select_related("org").get(pk=code.member_id)
    if member.org_id != code.branch_id or not is_entitled(member):
        raise ActionError({"code": [NOT_ENTITLED]})
    user = User.objects.filter(member=member).first()
    if user is None:
        user = create_user(by=None, username=f"dv{member.code}", password=password, member=member)
        grant_role(by=None, user=user, role=Role.MEMBER, org=member.org)
        summary = f"Kích hoạt tài khoản {user.username} bằng mã"
    else:
        user.set_password(password)
        user.save(update_fields=["password"])
        summary = f"Đặt lại mật khẩu {user.username} bằng mã kích hoạt"
    code.used_at = timezone.now()
    code.save(update_fields=["used_at"])
    record(
        actor=user,
        action=AuditAction.UPDATE,
        object_type="activation_code",
        object_id=code.pk,
        org=member.org,
        summary=summary,
    )
    return user
