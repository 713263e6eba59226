"""Writing audit rows.

Actions call `record()` inside their transaction, so a rolled-back change leaves no row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from sotay.audit.context import current
from sotay.audit.models import AuditAction, AuditEvent
from sotay.vn import mask_digit_runs, mask_identifier

if TYPE_CHECKING:
    from sotay.accounts.models import User
    from sotay.orgs.models import Org

# Fields whose values are masked in the change log (domain.md §7: identifiers masked in logs), by the
# registry's, the staging table's and the legacy export's names.
MASKED_FIELDS = frozenset(
    {
        "cccd",
        "card_number",
        "phone",
        "password",
        "so_the",
        "so_dien_thoai",
        "Số CCCD",
        "Số thẻ đảng viên",
        "Số điện thoại",
    }
)
# One masking rule for the product (sotay.vn); kept under this name for existing callers.
mask = mask_identifier


def _masked(value: Any, *, identifier: bool) -> Any:
    """Identifier fields masked whole; elsewhere every run of 9+ digits (a CCCD typed into a note)."""
    if isinstance(value, str):
        return mask_identifier(value) if identifier and value else mask_digit_runs(value)
    if isinstance(value, list | tuple):
        return [_masked(v, identifier=identifier) for v in value]
    if isinstance(value, dict):
        return {k: _masked(v, identifier=identifier or k in MASKED_FIELDS) for k, v in value.items()}
    return value


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def changes_of(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Only the fields that changed, identifiers masked."""
    out: dict[str, list[Any]] = {}
    for field, new in after.items():
        old = before.get(field)
        if old == new:
            continue
        pair = [_jsonable(old), _jsonable(new)]
        if field in MASKED_FIELDS:
            pair = [mask_identifier(str(v)) if v else v for v in pair]
        out[field] = pair
    return out


def record(
    *,
    actor: User | None,
    action: AuditAction,
    object_type: str,
    object_id: object = "",
    org: Org | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """One audit row. Every identifier is masked here, whoever the caller: identifier fields of
    `changes` whole, and any run of 9+ digits in the summary and in other values.

    A read (VIEW, SEARCH) written outside any transaction commits without waiting for the disk on
    PostgreSQL (ADR 0009): a change is never written this way, since inside an action's transaction
    `connection.in_atomic_block` is true and the action's commit stays synchronous."""
    if action in READS and not connection.in_atomic_block and connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            return _create(actor, action, object_type, object_id, org, summary, changes)
    return _create(actor, action, object_type, object_id, org, summary, changes)


# Reads of personal data: logged every time, but a crash may lose the last fraction of a second of them.
READS = frozenset({AuditAction.VIEW, AuditAction.SEARCH})


def _create(
    actor: User | None,
    action: AuditAction,
    object_type: str,
    object_id: object,
    org: Org | None,
    summary: str,
    changes: dict[str, Any] | None,
) -> AuditEvent:
    ctx = current()
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.get_username() if actor is not None and actor.pk else ctx.channel)[:150],
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        summary=mask_digit_runs(summary)[:255],
        org_path=org.path if org is not None else "",
        changes=_masked(changes or {}, identifier=False),
        ip=ctx.ip,
        user_agent=ctx.user_agent,
        channel=ctx.channel,
    )
