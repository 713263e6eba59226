"""What other apps require before a subtree is published to the handbook, and what they record after.

The handbook does not know the campaign (the layers point the other way); an app that has a rule about
syncing registers it here in its `AppConfig.ready()`, so the one sync action (`request_sync`) applies it
wherever the sync is started from — the handbook's sync page or the campaign's third step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sotay.accounts.models import User
    from sotay.orgs.models import Org

# root -> the reasons (Vietnamese) this subtree may not be synced yet; empty when it may.
Refusal = Callable[["Org"], list[str]]
# (root, by) -> None, after a sync of root's subtree finished.
AfterSync = Callable[["Org", "User | None"], None]

_refusals: list[Refusal] = []
_after: list[AfterSync] = []


def refuse_sync_when(check: Refusal) -> None:
    """Register a rule every sync of a subtree must pass (idempotent)."""
    if check not in _refusals:
        _refusals.append(check)


def after_sync(hook: AfterSync) -> None:
    """Register what to record after a subtree was synced (idempotent)."""
    if hook not in _after:
        _after.append(hook)


def refusals(root: Org) -> list[str]:
    return [reason for check in _refusals for reason in check(root)]


def synced(root: Org, by: User | None) -> None:
    for hook in _after:
        hook(root, by)
