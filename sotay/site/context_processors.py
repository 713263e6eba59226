from typing import Any

from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils.functional import SimpleLazyObject

from sotay.accounts.permissions import Cap, can_use_admin_site, has_cap_anywhere, roles_of
from sotay.corrections.access import may_see_queues
from sotay.handbook.access import has_handbook
from sotay.meetings.access import manage_roots
from sotay.notifications.queries import unread_badge

# The flags the menu's links depend on (base.html); the cache key of the rendered menu.
MENU_FLAGS = (
    "profile",
    "meetings",
    "study",
    "members",
    "dashboard",
    "registrations",
    "corrections",
    "campaigns",
    "audit",
    "admin",
)


def roles(request: HttpRequest) -> dict[str, Any]:
    """What the navigation needs to know about the signed-in user (computed lazily, cached per request)."""
    user = request.user
    if not user.is_authenticated:
        return {}
    nav: dict[str, Any] = {
        "members": has_cap_anywhere(user, Cap.VIEW_MEMBERS),
        # The operations dashboard: unit staff and branch committees (sotay.dashboard.access).
        "dashboard": has_cap_anywhere(user, Cap.VIEW_MEMBERS),
        "audit": has_cap_anywhere(user, Cap.VIEW_AUDIT),
        "campaigns": has_cap_anywhere(user, Cap.EDIT_MEMBERS),
        "admin": can_use_admin_site(user),
        "registrations": has_cap_anywhere(user, Cap.MANAGE_ACCOUNTS),
        "profile": has_handbook(user),
        "corrections": may_see_queues(user),
        "meetings": has_handbook(user) or bool(manage_roots(user)),
        # Resolution study: members (their reflections) and committees (open, review, statistics).
        "study": has_handbook(user) or has_cap_anywhere(user, Cap.VIEW_MEMBERS),
        "roles": roles_of(user),
    }
    # The menu's links depend on these flags alone: base.html keeps the rendered links per flag set
    # (`{% cache %}`), so a page does not reverse the same twenty URLs for every request (issue 12).
    flags = "".join("1" if nav[k] else "0" for k in MENU_FLAGS)
    nav["menu_key"] = f"{get_script_prefix()}|{flags}"
    return {
        "nav": nav,
        # The unread count in the top bar: the count the request's account was read with
        # (sotay/accounts/backends.py), or one indexed query for an account read otherwise.
        "unread_badge": SimpleLazyObject(lambda: unread_badge(user)),
    }
