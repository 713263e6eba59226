"""Resolution study (học tập nghị quyết): a committee opens a study of library documents for its subtree;
each member writes a reflection (bài thu hoạch) that their own branch's committee completes or returns."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class StudyStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    OPEN = "open", "Đang học tập"
    CLOSED = "closed", "Đã kết thúc"


class StudyQuerySet(models.QuerySet["Study"]):
    def published(self) -> StudyQuerySet:
        """What members see: open and closed studies, never drafts."""
        return self.exclude(status=StudyStatus.DRAFT)

    def open(self) -> StudyQuerySet:
        return self.filter(status=StudyStatus.OPEN)


class Study(models.Model):
    """A study of one or more library documents opened by a committee for its subtree, with a deadline."""

    org = models.ForeignKey(
        "orgs.Org", verbose_name="đối tượng (cấp tổ chức)", on_delete=models.PROTECT, related_name="studies"
    )
    title = models.CharField("tiêu đề", max_length=200)
    prompt = models.TextField("yêu cầu bài thu hoạch")
    due_on = models.DateField("hạn nộp")
    documents = models.ManyToManyField("library.Document", verbose_name="văn bản", related_name="studies")
    status = models.CharField(
        "tình trạng", max_length=8, choices=StudyStatus.choices, default=StudyStatus.DRAFT
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StudyQuerySet.as_manager()

    class Meta:
        verbose_name = "đợt học tập"
        verbose_name_plural = "đợt học tập"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["org", "status"], name="study_org_status_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_past_due(self) -> bool:
        return self.due_on < timezone.localdate()


class ReflectionStatus(models.TextChoices):
    DRAFT = "draft", "Đang viết"
    SUBMITTED = "submitted", "Đã nộp, chờ chi bộ xem"
    RETURNED = "returned", "Chi bộ trả lại để sửa"
    COMPLETED = "completed", "Đạt"


# A member may still change the text in these states; submitted and completed reflections are locked.
EDITABLE = frozenset({ReflectionStatus.DRAFT, ReflectionStatus.RETURNED})


def _upload_name(instance: Reflection, filename: str) -> str:
    # Set by the action (a random token): a stored file's name says nothing and cannot be guessed.
    return instance.stored_name


class ReflectionQuerySet(models.QuerySet["Reflection"]):
    def handed_in(self) -> ReflectionQuerySet:
        return self.exclude(status=ReflectionStatus.DRAFT)


class Reflection(models.Model):
    """A member's reflection (bài thu hoạch) on a study, reviewed by their own branch's committee."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="reflections")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="study_reflections")
    # The member's branch when they wrote it: its committee reviews it.
    branch = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("bài thu hoạch")
    status = models.CharField(
        "tình trạng", max_length=10, choices=ReflectionStatus.choices, default=ReflectionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Handed in after the deadline: accepted, and flagged for the committee.
    late = models.BooleanField(default=False)
    # An optional attached PDF or DOCX, checked by its content; served only by `reflection_file`.
    file = models.FileField("tệp đính kèm", upload_to=_upload_name, max_length=200, blank=True)
    stored_name = models.CharField(max_length=200, blank=True, editable=False)
    file_name = models.CharField("tên tệp gốc", max_length=255, blank=True)
    file_kind = models.CharField(max_length=8, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    review_comment = models.TextField("nhận xét của chi bộ", blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReflectionQuerySet.as_manager()

    PERSONAL_FIELDS = frozenset({"member", "text", "file", "file_name"})

    class Meta:
        verbose_name = "bài thu hoạch"
        verbose_name_plural = "bài thu hoạch"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["study", "member"], name="one_reflection_per_member_and_study")
        ]
        indexes = [models.Index(fields=["study", "branch", "status"], name="reflection_branch_status_idx")]

    def __str__(self) -> str:
        return f"{self.study} — {self.member_id}"
