"""A double submit does nothing twice: the same thing made by the same person a moment ago is returned
(docs/adr/0015-double-submits.md).

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


def hold(row: Model, *, using: str = "default") -> None:
    """Lock `row` until the transaction ends, so that another transaction doing the same waits for
    this one's commit: FOR NO KEY UPDATE (two of them wait for each other, but rows that merely point at
    `row` — a notification to an account, an audit row naming it — are not held up). SQLite takes no row
    lock: its IMMEDIATE transactions already run one at a time."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        raise RuntimeError("hold() runs inside the action's transaction (its lock ends with it).")
    if connection.features.has_select_for_update:
        no_key = connection.features.has_select_for_no_key_update
        rows = row._meta.model._default_manager.using(using)
        list(rows.select_for_update(no_key=no_key).filter(pk=row.pk).values_list("pk"))


def recent_twin[M: Model](twins: QuerySet[M], *, by: Model, window: datetime.timedelta = WINDOW) -> M | None:
    """The newest row of `twins` (the same author and content, filtered by the caller) created within
    `window`, after locking `by`'s row until the transaction ends; None if there is none."""
    hold(by, using=twins.db)
    return twins.filter(created_at__gte=timezone.now() - window).order_by("-created_at", "-pk").first()
