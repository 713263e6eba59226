from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sotay.audit.admin import AuditedModelAdmin
from sotay.orgs.models import Org


@admin.register(Org)
class OrgAdmin(AuditedModelAdmin):
    """Read-only here: the tree changes through sotay.orgs.actions (paths must stay consistent)."""

    list_display = ("code", "name", "type", "parent", "valid_from", "valid_to")
    list_filter = ("type",)
    search_fields = ("code", "name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
