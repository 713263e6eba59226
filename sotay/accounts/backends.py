"""Sign-in by username (staff), phone number or CCCD (members), with the password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import QuerySet
from django.http import HttpRequest

from sotay.accounts.models import User
from sotay.accounts.permissions import carried_roles, keep_carried_roles
from sotay.core.compiled import Compiled
from sotay.members.own import RECORD_RELATED
from sotay.notifications.queries import unread_bounded
from sotay.vn.phones import clean_phone


def _account(pk: int) -> QuerySet[User]:
    """The signed-in account as every page wants it, in one query: with its member record (and that
    record's branches, `members.own`), the unread count of the navigation's badge
    (`notifications.queries`) and its active roles (`accounts.permissions`). Pages read them from the
    account instead of querying each (issue 12)."""
    return (
        User.objects.select_related(*(f"member__{name}" for name in RECORD_RELATED))
        .annotate(unread_bounded=unread_bounded(), roles_carried=carried_roles())
        .filter(pk=pk)
    )


# Read on every request: compiled once (`sotay.core.compiled`).
_ACCOUNT = Compiled(_account, pk=int)


def find_user(identifier: str) -> User | None:
    """The account a sign-in name names: a username first, then a 12-digit CCCD (through the member
    record, the one source of identity), then a phone number given at registration."""
    identifier = identifier.strip()
    if not identifier:
        return None
    user = User.objects.filter(username=identifier).first()
    if user is not None:
        return user
    digits = identifier.replace(" ", "").replace(".", "")
    if len(digits) == 12 and digits.isascii() and digits.isdigit():
        return User.objects.filter(member__cccd=digits).first()
    phone = clean_phone(identifier).value
    if len(phone) == 10:
        return User.objects.filter(phone=phone).first()
    return None


class IdentifierBackend(ModelBackend):
    """Django's model backend, with the account found by `find_user`."""

    def get_user(self, user_id: Any) -> User | None:
        """As Django's: the active account with this id, or None."""
        if type(user_id) is not int:
            return super().get_user(user_id)
        user: User | None = _ACCOUNT.first(pk=user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        keep_carried_roles(user, user.roles_carried)  # type: ignore[attr-defined]
        return user

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            User().set_password(password)  # the same time spent as for a wrong password (no enumeration)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """The name axes counts failures under (settings.AXES_USERNAME_CALLABLE): the account's username
    whichever identifier was typed, so that switching between phone, CCCD and "+84…" forms of the same
    account does not earn fresh attempts."""
    raw = str((credentials or {}).get("username", "") or "")
    if not raw and request is not None:
        raw = str(request.POST.get("username", ""))
    user = find_user(raw[:150])
    return user.username if user is not None else raw.strip()[:150]
