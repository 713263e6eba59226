"""A double submit does nothing twice: the same thing made by the same person a moment ago is returned.

A check-then-create is not enough on its own: two identical POSTs that arrive together (a double tap on
a slow network, a retried request) both find nothing and both create. `recent_twin` first takes a row
lock on the author's account (FOR NO KEY UPDATE), so a second submit by the same person waits for the
first one's transaction and then finds its row. PostgreSQL's READ COMMITTED gives each statement a fresh
snapshot, so the row committed meanwhile is seen. SQLite transactions here are IMMEDIATE
(sotay/dbconfig.py): writers already run one at a time, and no lock is taken there.

Call it inside the action's transaction, after the input is checked and before anything is written.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

WINDOW = datetime.timedelta(minutes=1)


def recent_twin[M: Model](twins: QuerySet[M], *, by: Model, window: datetime.timedelta = WINDOW) -> M | None:
    """The newest row of `twins` (the same author and content, filtered by the caller) created within
    `window`, after locking `by`'s row until the transaction ends; None if there is none."""
    connection = transaction.get_connection(twins.db)
    if not connection.in_atomic_block:
        raise RuntimeError("recent_twin runs inside the action's transaction (its lock ends with it).")
    if connection.features.has_select_for_update:  # not SQLite: its writers already take turns
        # NO KEY UPDATE: two of them still wait for each other, but rows that merely point at the
        # account (a notification to its owner, an audit row naming them) are not held up.
        no_key = connection.features.has_select_for_no_key_update
        authors = by._meta.model._default_manager.using(twins.db)
        list(authors.select_for_update(no_key=no_key).filter(pk=by.pk).values_list("pk"))  # until commit
    return twins.filter(created_at__gte=timezone.now() - window).order_by("-created_at", "-pk").first()
