"""Sign-ins, sign-outs and failed attempts go to the audit log."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sotay.accounts.backends import find_user
from sotay.accounts.permissions import home_org
from sotay.audit.log import record
from sotay.audit.models import AuditAction


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(
        actor=user,
        action=AuditAction.LOGIN,
        object_type="user",
        object_id=user.pk,
        org=home_org(user),
        summary="Đăng nhập",
    )


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(
            actor=user,
            action=AuditAction.LOGOUT,
            object_type="user",
            object_id=user.pk,
            org=home_org(user),
            summary="Đăng xuất",
        )


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    # A known account's failures go to its unit, whose staff can then see someone trying it.
    target = find_user(username) if username else None
    record(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        object_type="user",
        object_id=target.pk if target else "",
        org=home_org(target) if target else None,
        summary=f"Đăng nhập sai: {username}",
    )
