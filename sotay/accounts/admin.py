"""Django admin: for a system administrator at the root of the tree only (admin_site.py, ADR 0007);
role changes go through the audited actions, and every change through a page is audited too."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db.models import Model
from django.http import HttpRequest

from sotay.accounts.actions import grant_role, revoke_role
from sotay.accounts.models import RoleAssignment, User
from sotay.accounts.permissions import home_org
from sotay.audit.admin import AuditedModelAdmin
from sotay.orgs.models import Org

# Django's groups and permissions are not used: sotay.accounts.permissions is the one permission layer.
admin.site.unregister(Group)


@admin.register(User)
class SotayUserAdmin(AuditedModelAdmin, UserAdmin):
    list_display = ("username", "full_name", "member", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "full_name")
    raw_id_fields = ("member",)
    fieldsets = (*UserAdmin.fieldsets, ("Sổ tay", {"fields": ("full_name", "member")}))  # type: ignore[misc]
    # The admin flags follow the root system-administrator role (accounts.actions); Django's groups and
    # permissions are not used (sotay.accounts.permissions is the one permission layer).
    readonly_fields = ("is_staff", "is_superuser", "groups", "user_permissions", "last_login", "date_joined")

    def audit_org(self, obj: Model) -> Org | None:
        return home_org(obj)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedModelAdmin):
    list_display = ("user", "role", "org", "created_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("user__username", "org__code", "org__name")
    raw_id_fields = ("user", "org")
    readonly_fields = ("created_at", "created_by", "revoked_at")
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a role is granted or revoked, never edited in place

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        saved = grant_role(by=request.user, user=obj.user, role=obj.role, org=obj.org)  # type: ignore[arg-type]
        obj.pk = saved.pk

    @admin.action(description="Thu hồi các vai trò đã chọn")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for assignment in queryset.filter(revoked_at__isnull=True):
            revoke_role(by=request.user, assignment=assignment)  # type: ignore[arg-type]
