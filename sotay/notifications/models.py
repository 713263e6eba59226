from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class NotificationQuerySet(models.QuerySet["Notification"]):
    def of(self, user: object) -> NotificationQuerySet:
        return self.filter(user=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to one account: what happened, where to look, and whether it was read."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("loại", max_length=40)
    title = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("liên kết", max_length=300, blank=True)
    # Set by the caller for an event that must reach a person once ("meeting:12:published").
    dedupe = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField("lúc", default=timezone.now)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "thông báo"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe"], condition=~Q(dedupe=""), name="notification_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["user", "-id"], name="notification_list"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title


class PushSubscription(models.Model):
    """A browser's web-push endpoint for one account (only where VAPID keys are configured)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    endpoint = models.URLField("địa chỉ nhận", max_length=500, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField("đăng ký lúc", auto_now_add=True)

    class Meta:
        verbose_name = "đăng ký thông báo đẩy"

    def __str__(self) -> str:
        return f"{self.user_id} → {self.endpoint[:40]}"
