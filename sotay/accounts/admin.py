"""Django admin: for system administrators only; role changes go through the audited actions."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest

from sotay.accounts.actions import grant_role, revoke_role
from sotay.accounts.models import RoleAssignment, User


def _superusers_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]


@admin.register(User)
class SotayUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "member", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "full_name")
    raw_id_fields = ("member",)
    fieldsets = (*UserAdmin.fieldsets, ("Sổ tay", {"fields": ("full_name", "member")}))  # type: ignore[misc]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
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
