"""Questions from members to a committee (their branch's, or a higher one's), answered within a deadline.

An answer may be published as a question-and-answer for the committee's subtree, with the question text
as the committee rewrote it for publication and never the asker's name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class QuestionStatus(models.TextChoices):
    WAITING = "waiting", "Chờ trả lời"
    ANSWERED = "answered", "Đã trả lời"


class QuestionQuerySet(models.QuerySet["Question"]):
    def waiting(self) -> QuestionQuerySet:
        return self.filter(status=QuestionStatus.WAITING)

    def overdue(self) -> QuestionQuerySet:
        return self.waiting().filter(due_on__lt=timezone.localdate())

    def published(self) -> QuestionQuerySet:
        return self.filter(published_at__isnull=False)


class Question(models.Model):
    """A member's question to a committee, and its answer."""

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="questions"
    )
    org = models.ForeignKey(
        "orgs.Org", verbose_name="gửi đến cấp ủy", on_delete=models.PROTECT, related_name="questions"
    )
    subject = models.CharField("tiêu đề", max_length=200)
    body = models.TextField("câu hỏi")
    status = models.CharField(
        "tình trạng", max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.WAITING
    )
    due_on = models.DateField("hạn trả lời")
    answer = models.TextField("trả lời", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Published as Q&A for the subtree: the question as the committee rewrote it (no names).
    published_at = models.DateTimeField(null=True, blank=True)
    public_question = models.TextField("câu hỏi (bản công khai)", blank=True)
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    objects = QuestionQuerySet.as_manager()

    PERSONAL_FIELDS = frozenset({"asker", "body"})

    class Meta:
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["org", "status", "due_on"], name="questions_org_status_idx"),
            models.Index(fields=["asker", "-created_at"], name="questions_asker_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_overdue(self) -> bool:
        return self.status == QuestionStatus.WAITING and self.due_on < timezone.localdate()
