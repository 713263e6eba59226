"""The Django admin site: open to a system administrator at a root of the tree only, and audited.

Installed instead of `django.contrib.admin` (settings.INSTALLED_APPS), so every app's
`admin.register` lands here. Every change made through it writes a row in our own audit log
(`AuditedModelAdmin`; a test fails on a registered admin without it), as do password changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse

from sotay.accounts.permissions import can_use_admin_site, home_org
from sotay.audit.log import record
from sotay.audit.models import AuditAction


class SotayAdminSite(admin.AdminSite):
    site_header = "Sổ tay — Quản trị hệ thống"
    site_title = "Sổ tay"

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        """Every admin registered here — ours, Django's, a library's — is audited: a class without
        `AuditedModelAdmin` is given it, so a new admin page cannot change data unrecorded."""
        from sotay.audit.admin import AuditedModelAdmin  # the site is built before apps' admin modules

        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedModelAdmin):
            base = type(f"Audited{base.__name__}", (AuditedModelAdmin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, base, **options)

    def has_permission(self, request: HttpRequest) -> bool:
        return can_use_admin_site(request.user)

    def password_change(self, request: HttpRequest, extra_context: Any = None) -> TemplateResponse:
        response = super().password_change(request, extra_context)
        if request.method == "POST" and response.status_code == 302:
            record(
                actor=request.user,  # type: ignore[arg-type]
                action=AuditAction.UPDATE,
                object_type="user",
                object_id=request.user.pk,
                org=home_org(request.user),
                summary="Quản trị: tự đổi mật khẩu",
                changes={"password": ["***", "***"]},
            )
        return response
