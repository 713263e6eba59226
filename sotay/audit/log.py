"""Writing audit rows.

Actions call `record()` inside their transaction, so a rolled-back change leaves no row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sotay.audit.context import current
from sotay.audit.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from sotay.accounts.models import User
    from sotay.orgs.models import Org

# Fields whose values are masked in the change log (domain.md §7: identifiers masked in logs).
MASKED_FIELDS = frozenset({"cccd", "card_number", "phone", "password"})


def mask(value: str) -> str:
    """`079190001234` -> `079******234`: enough to tell records apart, not enough to misuse."""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 6) + value[-3:]


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
            pair = [mask(str(v)) if v else v for v in pair]
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
    ctx = current()
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.get_username() if actor is not None and actor.pk else ctx.channel)[:150],
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        summary=summary[:255],
        org_path=org.path if org is not None else "",
        changes=changes or {},
        ip=ctx.ip,
        user_agent=ctx.user_agent,
        channel=ctx.channel,
    )
