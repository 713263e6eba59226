"""Staff two-factor sign-in (TOTP through django-otp): who must use it, enrolment and verification.

Unit staff and system administrators must enrol a device and confirm a code before any page shows them
personal data (`StaffTwoFactorMiddleware`); branch committees may opt in, and once they have a device
they are asked for a code too. `SOTAY_STAFF_2FA` turns the requirement off (the demo, development).
"""

from __future__ import annotations

import django_otp
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from sotay.accounts.models import Role, User
from sotay.accounts.permissions import home_org, roles_of
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError

REQUIRED_ROLES = frozenset({Role.UNIT_STAFF, Role.SYSADMIN})
OPTIONAL_ROLES = frozenset({Role.BRANCH_SECRETARY, Role.BRANCH_DEPUTY, Role.BRANCH_COMMITTEE})
BAD_CODE = "Mã xác thực không đúng hoặc đã hết hạn. Xin nhập mã đang hiện trên ứng dụng."


def must_enrol(user: User) -> bool:
    return bool(settings.SOTAY_STAFF_2FA) and bool(roles_of(user) & REQUIRED_ROLES)


def may_enrol(user: User) -> bool:
    return bool(roles_of(user) & (REQUIRED_ROLES | OPTIONAL_ROLES))


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def needs_code(user: User) -> bool:
    """Whether this signed-in session must still confirm a code (required, or opted in with a device)."""
    if not settings.SOTAY_STAFF_2FA or not may_enrol(user):
        return False
    if user.is_verified():  # type: ignore[attr-defined]  # set by django_otp's OTPMiddleware
        return False
    return must_enrol(user) or confirmed_device(user) is not None


@transaction.atomic
def start_enrolment(*, user: User) -> TOTPDevice:
    """The user's unconfirmed device (a new secret), shown as a QR code until a code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    return device


@transaction.atomic
def confirm_enrolment(*, request: HttpRequest, user: User, token: str) -> TOTPDevice:
    """Confirm the device with a first code; older devices of the user are removed (one at a time)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        raise ActionError({"token": [BAD_CODE]})
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    record(
        actor=user,
        action=AuditAction.UPDATE,
        object_type="user",
        object_id=user.pk,
        org=home_org(user),
        summary="Đăng ký thiết bị xác thực hai lớp",
    )
    return device


def verify_code(*, request: HttpRequest, user: User, token: str) -> None:
    """Mark the session verified with a code from the user's device (throttled by django-otp)."""
    device = confirmed_device(user)
    if device is None or not device.verify_token(token.strip()):
        record(
            actor=user,
            action=AuditAction.LOGIN_FAILED,
            object_type="user",
            object_id=user.pk,
            org=home_org(user),
            summary="Nhập sai mã xác thực hai lớp",
        )
        raise ActionError({"token": [BAD_CODE]})
    django_otp.login(request, device)
