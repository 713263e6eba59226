"""Files written during a database transaction follow it: a file stored by a write that rolls back is deleted,
and a file whose row is deleted goes only once the deletion is committed.

Django has no rollback hook, so `delete_unless_committed` registers an on-commit callback and watches it: when
the transaction (or the savepoint) rolls back, Django drops its pending callbacks, the callback object is
freed and its finaliser deletes the file; when it commits, the callback runs first and marks the file kept.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable

from django.db import transaction

log = logging.getLogger(__name__)


class _Kept:
    """The on-commit callback; `state` is shared with the finaliser (which must not hold this object)."""

    def __init__(self, state: dict[str, bool]) -> None:
        self.state = state

    def __call__(self) -> None:
        self.state["kept"] = True


def _delete_if_dropped(state: dict[str, bool], delete: Callable[[], None]) -> None:
    if not state["kept"]:
        try:
            delete()
        except OSError:  # already gone, or the disk refuses: never let cleanup raise
            log.warning("could not delete a file left by a rolled-back write", exc_info=True)


def delete_unless_committed(delete: Callable[[], None], *, using: str | None = None) -> None:
    """Call `delete` (which removes a file just written) if the current transaction does not commit."""
    state = {"kept": False}
    keep = _Kept(state)
    weakref.finalize(keep, _delete_if_dropped, state, delete)
    transaction.on_commit(keep, using=using)


def delete_after_commit(delete: Callable[[], None], *, using: str | None = None) -> None:
    """Call `delete` once the deletion of the file's row is committed (never if it rolls back)."""

    def run() -> None:
        try:
            delete()
        except OSError:
            log.warning("could not delete a file after its row was deleted", exc_info=True)

    transaction.on_commit(run, using=using)
