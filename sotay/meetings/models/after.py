"""After the meeting: minutes and their amendments, follow-up tasks; and the members' calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from sotay.meetings.models.meeting import Meeting


class Minutes(models.Model):
    """The minutes (biên bản) of a meeting. Once finalised they are published to the branch and change only
    through an `Amendment`."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    content = models.TextField("diễn biến", max_length=20000, blank=True)
    conclusions = models.TextField("kết luận", max_length=10000, blank=True)
    finalised_at = models.DateTimeField("hoàn tất lúc", null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "biên bản"
        verbose_name_plural = "biên bản"

    def __str__(self) -> str:
        return f"Biên bản {self.meeting_id}"


class Amendment(models.Model):
    """A change to finalised minutes, with the text before and after and why."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="amendments")
    field = models.CharField(max_length=16)
    before = models.TextField()
    after = models.TextField()
    reason = models.CharField("lý do", max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "id"]

    def __str__(self) -> str:
        return f"Sửa biên bản {self.minutes_id}: {self.reason}"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Đang làm"
    DONE = "done", "Đã xong"


class FollowUp(models.Model):
    """A task from the meeting's conclusions, assigned to a member of the branch."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="followups")
    title = models.CharField("việc cần làm", max_length=300)
    assignee = models.ForeignKey(
        "members.Member", verbose_name="người thực hiện", on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField("hạn")
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "việc sau sinh hoạt"
        verbose_name_plural = "việc sau sinh hoạt"
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A member's private iCalendar address: only its secret's hash is stored; a new one revokes the old."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_live_feed"
            )
        ]

    def __str__(self) -> str:
        return f"Lịch {self.user_id}"
