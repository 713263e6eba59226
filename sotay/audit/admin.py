from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from sotay.audit.log import record
from sotay.audit.models import AuditAction, AuditEvent
from sotay.orgs.models import Org


class AuditedModelAdmin(admin.ModelAdmin):
    """Every add, change (a password change included) and delete made through the Django admin writes
    a row in our audit log, besides Django's own LogEntry (which unit staff never see)."""

    def audit_org(self, obj: Model) -> Org | None:
        """Whose subtree the row belongs to: the object's organisation when it has one."""
        if isinstance(obj, Org):
            return obj
        org = getattr(obj, "org", None)
        return org if isinstance(org, Org) else None

    def _audit(self, request: HttpRequest, obj: Model, action: AuditAction, what: str, message: Any) -> None:
        fields = sorted(
            {
                f
                for part in message
                if isinstance(part, dict)
                for v in part.values()
                for f in v.get("fields", [])
            }
            if isinstance(message, list)
            else set()
        )
        record(
            actor=request.user,  # type: ignore[arg-type]
            action=action,
            object_type=obj._meta.model_name or "object",
            object_id=obj.pk,
            org=self.audit_org(obj),
            summary=f"Quản trị: {what} {obj._meta.verbose_name} «{obj}»"
            + (
                f" ({', '.join(fields)})" if fields else (f" ({message})" if isinstance(message, str) else "")
            ),
            changes={"admin": fields} if fields else {},
        )

    def log_addition(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        self._audit(request, obj, AuditAction.CREATE, "thêm", message)
        return super().log_addition(request, obj, message)

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        self._audit(request, obj, AuditAction.UPDATE, "sửa", message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        for obj in queryset:
            self._audit(request, obj, AuditAction.DELETE, "xóa", "")
        return super().log_deletions(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedModelAdmin):
    """Append-only: viewable, never editable."""

    list_display = ("at", "actor_label", "action", "object_type", "object_id", "summary", "ip")
    list_filter = ("action", "object_type", "channel")
    search_fields = ("actor_label", "summary", "object_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
