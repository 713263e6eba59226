"""The account follows the registry: the member role of a handbook account is what the sync decided.

`sync_handbook` calls `follow_registry` with the members whose entitlement it granted, moved or revoked.
The member record stays the one source of identity: an account holds the member role exactly at the
branch its member is active in, and only while the member is entitled (QĐ 339-QĐ/TW: official or
probationary, never exempted). Losing the entitlement (exempted, transferred out and confirmed, struck
off, deceased) revokes the role and ends the account's sessions; a confirmed transfer moves the role to
the receiving branch; a regained entitlement (reinstated) gives the role back.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sotay.accounts.models import Role, RoleAssignment, User
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.members.models import HANDBOOK_STATUSES


def end_sessions(user: User) -> None:
    """Sign the account out everywhere: sessions signed with the previous epoch no longer verify."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


@transaction.atomic
def follow_registry(*, member_ids: Iterable[int], by: User | None) -> int:
    """Align the member role of the accounts of `member_ids` with their registry record and entitlement.

    Returns how many accounts changed. One audit row per changed account. Reads the accounts and their
    member roles in two queries; writes only for accounts that change (a handful per run).
    """
    from sotay.handbook.models import Entitlement

    ids = set(member_ids)
    if not ids:
        return 0
    users = list(User.objects.filter(member_id__in=ids).select_related("member__org"))
    if not users:
        return 0
    entitled = set(
        Entitlement.objects.filter(member_id__in=ids, active=True).values_list("member_id", flat=True)
    )
    roles: dict[int, list[RoleAssignment]] = {}
    for a in (
        RoleAssignment.objects.active()
        .filter(user__in=users, role=Role.MEMBER)
        .select_related("org")
        .order_by("pk")
    ):
        roles.setdefault(a.user_id, []).append(a)
    now = timezone.now()
    changed = 0
    for user in users:
        member = user.member
        assert member is not None
        held = roles.get(user.pk, [])
        keep = member.pk in entitled and member.status in HANDBOOK_STATUSES
        stale = [a for a in held if not keep or a.org_id != member.org_id]
        needs_role = keep and not any(a.org_id == member.org_id for a in held)
        if not stale and not needs_role:
            continue
        RoleAssignment.objects.filter(pk__in=[a.pk for a in stale]).update(revoked_at=now)
        if needs_role:
            RoleAssignment.objects.create(user=user, role=Role.MEMBER, org=member.org, created_by=by)
        if keep:
            summary = f"Tài khoản {user.username} theo hồ sơ đảng viên: sinh hoạt tại {member.org.code}"
        else:
            end_sessions(user)
            summary = (
                f"Tài khoản {user.username} thôi dùng Sổ tay (hồ sơ {member.code}: "
                f"{member.get_status_display()}); các phiên đăng nhập đã kết thúc"
            )
        record(
            actor=by,
            action=AuditAction.REVOKE if not keep else AuditAction.GRANT,
            object_type="user",
            object_id=user.pk,
            org=member.org,
            summary=summary,
            changes={"member_role": [sorted(a.org.code for a in held), [member.org.code] if keep else []]},
        )
        changed += 1
    return changed
