"""Accounts and their roles, each role scoped to an organisation node (and so to its subtree)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in: a member using the handbook, a committee member, unit staff or an admin."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    member = models.OneToOneField(
        "members.Member",
        verbose_name="hồ sơ đảng viên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    MEMBER = "member", "Đảng viên"
    BRANCH_SECRETARY = "branch_secretary", "Bí thư chi bộ"
    BRANCH_DEPUTY = "branch_deputy", "Phó bí thư chi bộ"
    BRANCH_COMMITTEE = "branch_committee", "Cấp ủy viên"
    UNIT_STAFF = "unit_staff", "Cán bộ Ban Tổ chức"
    EDITOR = "editor", "Biên tập viên"
    SYSADMIN = "sysadmin", "Quản trị hệ thống"


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self) -> RoleAssignmentQuerySet:
        return self.filter(revoked_at__isnull=True)


class RoleAssignment(models.Model):
    """A role held at an organisation node; it grants its capabilities on that node's subtree only."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    org = models.ForeignKey(
        "orgs.Org", verbose_name="tổ chức", on_delete=models.PROTECT, related_name="roles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "org"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_role_per_user_org",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.org}"
