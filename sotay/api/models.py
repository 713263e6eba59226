"""Bearer tokens of the API: one per device of a person, stored hashed, revocable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sotay.accounts.models import RoleAssignment, User
from sotay.orgs.models import Org, subtree_q


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        """Used by the authentication of every API request."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def of_accounts_in(self, roots: list[Org]) -> ApiTokenQuerySet:
        """Tokens of accounts in the subtrees of `roots` (unit staff's token page): accounts whose member
        record is in them, or that hold an active role at a node in them. No roots: no tokens."""
        if not roots:
            return self.none()
        in_roles = (
            RoleAssignment.objects.active().filter(subtree_q(roots, field="org__path")).values("user_id")
        )
        users = User.objects.filter(subtree_q(roots, field="member__org__path") | Q(pk__in=in_roles))
        return self.filter(user__in=users.values("pk"))


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
