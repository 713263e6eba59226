"""Bearer tokens of the API: one per device of a person, stored hashed, revocable."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        """Used by the authentication of every API request."""
        from django.utils import timezone

        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A bearer token of one user on one device (only the SHA-256 of the token is kept)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    device = models.CharField("thiết bị", max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("hết hạn")
    last_used_on = models.DateField("dùng lần cuối", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.device}"
