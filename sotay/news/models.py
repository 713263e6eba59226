"""News written for members, reviewed by an editorial board before it is published to a subtree.

An item targets a node of the tree and is read by everyone whose organisation lies under it (as a
library document is). It is written by an editor or unit staff of that subtree and approved by a
*different* editor whose scope holds the target; approval publishes it at once or at `publish_at`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class NewsStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Chờ duyệt"
    RETURNED = "returned", "Trả lại để sửa"
    SCHEDULED = "scheduled", "Đã duyệt, hẹn giờ đăng"
    PUBLISHED = "published", "Đã đăng"
    WITHDRAWN = "withdrawn", "Đã gỡ"


EDITABLE = frozenset({NewsStatus.DRAFT, NewsStatus.RETURNED})


class NewsItemQuerySet(models.QuerySet["NewsItem"]):
    def published(self) -> NewsItemQuerySet:
        return self.filter(status=NewsStatus.PUBLISHED)

    def due(self) -> NewsItemQuerySet:
        """Approved items whose publishing time has come (the scheduled job publishes them)."""
        return self.filter(status=NewsStatus.SCHEDULED, publish_at__lte=timezone.now())

    def feed_order(self) -> NewsItemQuerySet:
        return self.order_by("-pinned", "-published_at", "-id")


class NewsItem(models.Model):
    """A news item for the members of a subtree, with its editorial state."""

    title = models.CharField("tiêu đề", max_length=200)
    # Sanitised HTML (sotay.news.text): paragraphs, emphasis, lists, h2/h3 and http(s) links only.
    body = models.TextField("nội dung")
    target = models.ForeignKey(
        "orgs.Org", verbose_name="đăng cho", on_delete=models.PROTECT, related_name="news"
    )
    status = models.CharField(
        "tình trạng", max_length=10, choices=NewsStatus.choices, default=NewsStatus.DRAFT
    )
    pinned = models.BooleanField("ghim lên đầu", default=False)
    publish_at = models.DateTimeField("hẹn giờ đăng", null=True, blank=True)
    published_at = models.DateTimeField("đăng lúc", null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_comment = models.TextField("ý kiến khi trả lại", blank=True)
    # Stored under random names in SOTAY_NEWS_IMAGES_DIR, served by the permission-checked view.
    image = models.CharField(max_length=80, blank=True, editable=False)
    thumb = models.CharField(max_length=80, blank=True, editable=False)
    image_alt = models.CharField("mô tả ảnh", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="news_written"
    )

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        verbose_name = "tin"
        verbose_name_plural = "tin tức"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-pinned", "-published_at", "-id"], name="news_feed_idx"),
            models.Index(fields=["target", "status"], name="news_target_status_idx"),
            models.Index(fields=["status", "publish_at"], name="news_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE


class NewsRead(models.Model):
    """That an account has opened a news item (its unread mark goes)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="news_read")
    item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="reads")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lượt đọc tin"
        verbose_name_plural = "lượt đọc tin"
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="one_read_per_news_item")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.item_id}"
