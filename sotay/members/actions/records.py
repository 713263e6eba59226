"""Member records: create, correct field by field, and log reads. Status and branch change elsewhere
(`lifecycle`, `transfers`); promotion and org merges write in bulk (`bulk`).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from sotay import vn
from sotay.audit.log import changes_of
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.members import counts
from sotay.members.actions._common import (
    EDITABLE_FIELDS,
    audit,
    check_uniqueness,
    event,
    raise_if,
    snapshot,
)
from sotay.members.actions._common import today as _today
from sotay.members.models import EventKind, Member, MemberStatus
from sotay.members.validation import clean_record
from sotay.orgs.models import Org

if TYPE_CHECKING:
    from sotay.accounts.models import User


@transaction.atomic
def create_member(
    *,
    by: User | None,
    org: Org,
    status: str = MemberStatus.DU_BI,
    decision_ref: str = "",
    today: datetime.date | None = None,
    **fields: Any,
) -> Member:
    """Record a member (an existing one from a paper file or an import, or a new admission).

    A new admission is `status="du_bi"` with its admission date; an existing official member carries
    `official_date` and usually `card_number`.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown member fields: {sorted(unknown)}")
    data = {f: fields.get(f) for f in EDITABLE_FIELDS} | {"org": org, "status": status}
    for f in (
        "profile_number",
        "ethnicity",
        "religion",
        "hometown",
        "residence",
        "education",
        "political_theory",
    ):
        data[f] = (data[f] or "").strip() if isinstance(data[f], str) or data[f] is None else data[f]
    for f in ("code", "full_name", "birth_date", "gender", "cccd", "admission_date"):
        if data.get(f) in (None, ""):
            raise ActionError({f: ["Trường này là bắt buộc."]})
    cleaned = clean_record(data, today=today)
    raise_if(cleaned.errors)
    values = cleaned.values
    raise_if(check_uniqueness(values, exclude_pk=None))
    on = (
        values["official_date"]
        if status != MemberStatus.DU_BI and values["official_date"]
        else values["admission_date"]
    )
    member = Member(**values, name_key=vn.fold(values["full_name"]), status_since=on)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        # A concurrent insert won the race for the same code/CCCD/card.
        raise ActionError({"cccd": ["Mã đảng viên, số CCCD hoặc số thẻ đã có trong hệ thống."]}) from None
    counts.bump(org.pk, status, members=1)
    kind = EventKind.ADMITTED if status == MemberStatus.DU_BI else EventKind.CREATED
    event(member, kind, values["admission_date"], by, to_status=status, to_org=org, decision_ref=decision_ref)
    audit(
        member,
        by,
        AuditAction.CREATE,
        f"Lập hồ sơ {member.code}",
        org=org,
        changes=changes_of({}, snapshot(member)),
    )
    return member


@transaction.atomic
def update_member(
    *, member: Member, by: User | None, today: datetime.date | None = None, **fields: Any
) -> Member:
    """Correct fields of a record. Status and branch change only through their own actions."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = snapshot(member)
    data = {f: getattr(member, f) for f in EDITABLE_FIELDS} | {"status": member.status, "org": member.org}
    data.update(fields)
    cleaned = clean_record(data, today=today)
    cleaned.errors.pop("org", None)  # the branch is not being changed here
    raise_if(cleaned.errors)
    raise_if(check_uniqueness(cleaned.values, exclude_pk=member.pk))
    for f in EDITABLE_FIELDS:
        setattr(member, f, cleaned.values[f])
    member.name_key = vn.fold(member.full_name)
    changed = changes_of(before, snapshot(member))
    if not changed:
        return member
    member.save(update_fields=[*EDITABLE_FIELDS, "name_key", "updated_at"])
    event(member, EventKind.EDITED, today or _today(), by, note=", ".join(sorted(changed))[:255])
    audit(member, by, AuditAction.UPDATE, f"Sửa hồ sơ {member.code}", changes=changed)
    return member


def record_view(*, member: Member, by: User | None, what: str = "Xem hồ sơ") -> None:
    """Every read of a member's personal page by someone else is logged; a member reading their own
    record is not (issue 12 item 4, ADR 0009: it is no one else's access to their data)."""
    if by is not None and by.member_id is not None and by.member_id == member.pk:
        return
    audit(member, by, AuditAction.VIEW, f"{what} {member.code}")
