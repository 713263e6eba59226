from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sotay.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
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
