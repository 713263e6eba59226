"""Corrections a member asks for on their own record ("Báo sai thông tin"), routed upward.

Submitted by the member → forwarded (or rejected with a reason) by the branch committee → applied through
the registry's actions (or rejected) by unit staff. Each step has a deadline (`SOTAY_CORRECTION_DAYS`).
Written only by `sotay.corrections.actions`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

OPEN_STATES = ("submitted", "forwarded")


class CorrectionState(models.TextChoices):
    SUBMITTED = "submitted", "Chờ cấp ủy chi bộ xem xét"
    FORWARDED = "forwarded", "Cấp ủy đã chuyển, chờ Ban Tổ chức cập nhật"
    APPLIED = "applied", "Đã cập nhật vào hồ sơ"
    REJECTED = "rejected", "Không chấp nhận"


class CorrectionQuerySet(models.QuerySet["Correction"]):
    def open(self) -> CorrectionQuerySet:
        """Waiting for the committee or for unit staff."""
        return self.filter(state__in=OPEN_STATES)

    def overdue(self) -> CorrectionQuerySet:
        """Open past the deadline of their current step."""
        return self.open().filter(due_at__lt=timezone.now())

    def in_subtrees(self, roots: list[models.Model]) -> CorrectionQuerySet:
        """Corrections of members whose registry branch lies in one of `roots`' subtrees."""
        from sotay.orgs.models import subtree_q

        if not roots:  # an empty Q would match every row
            return self.none()
        return self.filter(subtree_q(roots, field="member__org__path"))  # type: ignore[arg-type]


class Correction(models.Model):
    """A value a member proposes for one field of their own record, and where the request stands."""

    member = models.ForeignKey(
        "members.Member", verbose_name="đảng viên", on_delete=models.CASCADE, related_name="corrections"
    )
    field = models.CharField("trường", max_length=20)
    current_value = models.CharField("giá trị trong hồ sơ", max_length=255, blank=True)
    proposed_value = models.CharField("giá trị đề nghị", max_length=255)
    note = models.CharField("ghi chú của đảng viên", max_length=500, blank=True)
    state = models.CharField(
        "tình trạng", max_length=10, choices=CorrectionState.choices, default=CorrectionState.SUBMITTED
    )
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The deadline of the current step (SOTAY_CORRECTION_DAYS after it began).
    due_at = models.DateTimeField("hạn xử lý")
    forwarded_at = models.DateTimeField("chuyển lúc", null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("xử lý xong lúc", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who refused, when refused: "submitted" (the committee) or "forwarded" (unit staff).
    rejected_at_step = models.CharField(max_length=10, blank=True)
    reason = models.CharField("lý do", max_length=255, blank=True)

    objects = CorrectionQuerySet.as_manager()

    # The values are the member's personal data (a CCCD, a date of birth, perhaps a religion).
    PERSONAL_FIELDS = frozenset({"current_value", "proposed_value", "note"})
    SENSITIVE_FIELDS = frozenset({"member"})

    class Meta:
        verbose_name = "báo sai thông tin"
        verbose_name_plural = "báo sai thông tin"
        ordering = ["due_at", "id"]
        constraints = [
            # A double submit, or a second report on the same field while one is open, adds nothing.
            models.UniqueConstraint(
                fields=["member", "field"],
                condition=models.Q(state__in=OPEN_STATES),
                name="one_open_correction_per_field",
            )
        ]
        indexes = [models.Index(fields=["state", "due_at"], name="correction_state_due_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.field} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at < timezone.now()
