"""Writes to accounts and role assignments, audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sotay.accounts.models import Role, RoleAssignment, User
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.members.models import Member
from sotay.orgs.models import BRANCH_TYPES, Org, OrgType

BRANCH_ROLES = frozenset({Role.BRANCH_SECRETARY, Role.BRANCH_DEPUTY, Role.BRANCH_COMMITTEE, Role.MEMBER})
COMMITTEE_ORG_TYPES = BRANCH_TYPES | {OrgType.DANG_BO_CO_SO}


@transaction.atomic
def create_user(
    *, by: User | None, username: str, password: str, full_name: str = "", member: Member | None = None
) -> User:
    username = username.strip()
    if not username:
        raise ActionError({"username": ["Tên đăng nhập là bắt buộc."]})
    if User.objects.filter(username=username).exists():
        raise ActionError({"username": [f"Tên đăng nhập «{username}» đã có."]})
    if member is not None and User.objects.filter(member=member).exists():
        raise ActionError({"member": ["Hồ sơ đảng viên này đã gắn với một tài khoản khác."]})
    user = User(username=username, full_name=full_name or (member.full_name if member else ""), member=member)
    user.set_password(password)
    user.save()
    record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="user",
        object_id=user.pk,
        summary=f"Tạo tài khoản {username}",
    )
    return user


def _sync_admin_flags(user: User) -> None:
    """is_staff/is_superuser follow one rule: the user holds the system-administrator role at a root of
    the tree. A role held lower is scoped to its subtree and never becomes a global flag (ADR 0007)."""
    root_admin = (
        RoleAssignment.objects.active()
        .filter(user=user, role=Role.SYSADMIN, org__parent__isnull=True)
        .exists()
    )
    if user.is_staff != root_admin or user.is_superuser != root_admin:
        user.is_staff = user.is_superuser = root_admin
        user.save(update_fields=["is_staff", "is_superuser"])


@transaction.atomic
def grant_role(*, by: User | None, user: User, role: str, org: Org) -> RoleAssignment:
    if role not in Role.values:
        raise ActionError({"role": ["Vai trò không hợp lệ."]})
    # A committee role sits at a branch, or at a đảng ủy cơ sở for its executive committee (domain.md §4.5:
    # that committee holds its own meetings, sotay.meetings).
    if role in BRANCH_ROLES and role != Role.MEMBER and org.type not in COMMITTEE_ORG_TYPES:
        raise ActionError({"org": ["Vai trò cấp ủy phải gắn với một chi bộ hoặc một đảng ủy cơ sở."]})
    if role == Role.MEMBER and (user.member is None or user.member.org_id != org.pk):
        raise ActionError({"org": ["Vai trò đảng viên phải gắn với chi bộ nơi đảng viên sinh hoạt."]})
    existing = RoleAssignment.objects.active().filter(user=user, role=role, org=org).first()
    if existing:
        return existing
    assignment = RoleAssignment.objects.create(user=user, role=role, org=org, created_by=by)
    if role == Role.SYSADMIN:
        _sync_admin_flags(user)
    record(
        actor=by,
        action=AuditAction.GRANT,
        object_type="user",
        object_id=user.pk,
        org=org,
        summary=f"Giao vai trò {Role(role).label} tại {org.code} cho {user.username}",
    )
    return assignment


@transaction.atomic
def revoke_role(*, by: User | None, assignment: RoleAssignment) -> None:
    assignment.revoked_at = timezone.now()
    assignment.save(update_fields=["revoked_at"])
    user = assignment.user
    if assignment.role == Role.SYSADMIN:
        _sync_admin_flags(user)
    record(
        actor=by,
        action=AuditAction.REVOKE,
        object_type="user",
        object_id=user.pk,
        org=assignment.org,
        summary=(
            f"Thu hồi vai trò {assignment.get_role_display()} tại {assignment.org.code} của {user.username}"
        ),
    )


@transaction.atomic
def set_login_phone(*, by: User | None, user: User, phone: str) -> User:
    """Give an account a phone number to sign in with (blank removes it); one account per number."""
    from sotay.vn.phones import clean_phone

    value = clean_phone(phone).value if phone.strip() else ""
    if phone.strip() and len(value) != 10:
        raise ActionError({"phone": ["Số điện thoại di động gồm 10 chữ số, ví dụ 0912345678."]})
    if value and User.objects.filter(phone=value).exclude(pk=user.pk).exists():
        raise ActionError({"phone": ["Số điện thoại này đã dùng cho một tài khoản khác."]})
    before = user.phone
    user.phone = value
    user.save(update_fields=["phone"])
    record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="user",
        object_id=user.pk,
        org=user.member.org if user.member else None,
        summary=f"Đặt số điện thoại đăng nhập cho {user.username}",
        changes={"phone": [before, value]},
    )
    return user


def set_large_text(*, user: User, on: bool) -> User:
    """The account's "chữ lớn" choice. Interface state of the account's own (like a read mark), so it
    writes no audit row."""
    if user.large_text != on:
        user.large_text = on
        user.save(update_fields=["large_text"])
    return user
