"""What every member action shares: the editable fields, the audit row, the event, the checks.

Each action module (`records`, `lifecycle`, `transfers`, `bulk`) writes through these helpers so that
every change to a member record leaves one life-cycle event and one audit row.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.members.models import Member, MemberEvent
from sotay.orgs.models import Org
from sotay.pipeline import schema

if TYPE_CHECKING:
    from sotay.accounts.models import User

EDITABLE_FIELDS = schema.EDITABLE


def today() -> datetime.date:
    return datetime.date.today()


def snapshot(member: Member) -> dict[str, Any]:
    return {f: getattr(member, f) for f in (*EDITABLE_FIELDS, "status", "org_id", "in_transit_to_id")}


def audit(
    member: Member,
    by: User | None,
    action: AuditAction,
    summary: str,
    *,
    org: Org | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """One audit row for a change to `member`, filed under its branch (or `org`) for subtree filtering."""
    record(
        actor=by,
        action=action,
        object_type="member",
        object_id=member.pk,
        org=org or member.org,
        summary=summary,
        changes=changes,
    )


def event(member: Member, kind: str, on: datetime.date, by: User | None, **extra: Any) -> MemberEvent:
    return MemberEvent.objects.create(member=member, kind=kind, on=on, created_by=by, **extra)


def check_uniqueness(values: dict[str, Any], *, exclude_pk: int | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    others = Member.objects.exclude(pk=exclude_pk) if exclude_pk else Member.objects.all()
    if values.get("code") and others.filter(code=values["code"]).exists():
        errors["code"] = [f"Mã đảng viên {values['code']} đã có trong hệ thống."]
    if values.get("cccd") and others.filter(cccd=values["cccd"]).exists():
        errors["cccd"] = ["Số CCCD này đã thuộc về một đảng viên khác."]
    if values.get("card_number") and others.filter(card_number=values["card_number"]).exists():
        errors["card_number"] = ["Số thẻ đảng viên này đã thuộc về một đảng viên khác."]
    return errors


def raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ActionError(errors)


def locked(member: Member) -> Member:
    return Member.objects.select_for_update().select_related("org").get(pk=member.pk)


def check_event_date(member: Member, on: datetime.date) -> None:
    if on > today():
        raise ActionError({"on": ["Ngày quyết định không được ở sau ngày hôm nay."]})
    if on < member.admission_date:
        raise ActionError({"on": ["Ngày này ở trước ngày vào Đảng."]})
