"""A cleaning campaign: units, steps and deadlines; imported files staged for review; decisions; merges."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sotay.pipeline import schema

# The normalised fields of a staged record, in the order of the checker's normalized.csv.
RECORD_FIELDS = schema.STAGED_RECORD
DATE_FIELDS = schema.DATE_FIELDS


class Campaign(models.Model):
    """A campaign run by the staff at the top of a subtree (e.g. the city's "15 ngày đêm")."""

    name = models.CharField("tên chiến dịch", max_length=200)
    root = models.ForeignKey("orgs.Org", verbose_name="phạm vi", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Declared finished by the staff at its root (`actions.close.close_campaign`); units left unfinished keep
    # working, and the sync rule still holds them back until their records are promoted and reconciled.
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_note = models.CharField("ghi chú khi kết thúc", max_length=500, blank=True)

    class Meta:
        verbose_name = "chiến dịch"
        verbose_name_plural = "chiến dịch"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class StepKind(models.TextChoices):
    CLEAN = "clean", "Làm sạch dữ liệu"
    MIGRATE = "migrate", "Chuyển đổi lên CSDL 4.0"
    SYNC = "sync", "Đồng bộ sang Sổ tay"


class CampaignStep(models.Model):
    """One step every unit goes through, with its deadline."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=StepKind.choices)
    title = models.CharField("tên bước", max_length=200)
    deadline = models.DateField("hạn")

    class Meta:
        ordering = ["campaign", "order"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="one_step_per_kind")]

    def __str__(self) -> str:
        return self.title


class CampaignUnit(models.Model):
    """A unit of the campaign (a direct child of the root: ward committee, agency committee, ...)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="units")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người phụ trách",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        ordering = ["campaign", "org__path"]
        constraints = [models.UniqueConstraint(fields=["campaign", "org"], name="one_unit_per_org")]

    def __str__(self) -> str:
        return str(self.org)

    def current_batch(self) -> ImportBatch | None:
        """The unit's latest upload that has not been replaced by a newer one."""
        return self.batches.exclude(state=BatchState.SUPERSEDED).order_by("-uploaded_at", "-id").first()

    def set_step(self, kind: str, state: str, by: object = None) -> None:
        """Move the unit's step of `kind` to `state`; a step already done stays done unless set done again."""
        steps = UnitStep.objects.filter(unit=self, step__kind=kind)
        if state == StepState.DONE:
            steps.update(state=state, done_at=timezone.now(), done_by=by)
        else:
            steps.exclude(state=StepState.DONE).update(state=state)


class StepState(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa bắt đầu"
    IN_PROGRESS = "in_progress", "Đang làm"
    DONE = "done", "Hoàn thành"


class UnitStep(models.Model):
    """Where a unit stands on a step."""

    unit = models.ForeignKey(CampaignUnit, on_delete=models.CASCADE, related_name="step_states")
    step = models.ForeignKey(CampaignStep, on_delete=models.CASCADE, related_name="unit_states")
    state = models.CharField(max_length=12, choices=StepState.choices, default=StepState.NOT_STARTED)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "step"], name="one_state_per_unit_step")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.step}: {self.get_state_display()}"

    def status_on(self, today: datetime.date) -> str:
        """done / late / at_risk / on_track, against the step's deadline."""
        if self.state == StepState.DONE:
            return "done"
        if today > self.step.deadline:
            return "late"
        if (self.step.deadline - today).days <= 1:
            return "at_risk"
        return "on_track"


class BatchState(models.TextChoices):
    CHECKED = "checked", "Đã kiểm tra"
    PROMOTED = "promoted", "Đã chuyển lên CSDL 4.0"
    SUPERSEDED = "superseded", "Đã thay bằng tệp mới"


class ImportBatch(models.Model):
    """One uploaded legacy export of a unit, kept byte for byte, with its staged records."""

    unit = models.ForeignKey(CampaignUnit, on_delete=models.CASCADE, related_name="batches")
    original_name = models.CharField("tên tệp", max_length=255)
    sha256 = models.CharField(max_length=64)
    # The sheet chosen by the person when the workbook held a member list on several ("" = the only one).
    sheet = models.CharField("trang tính", max_length=100, blank=True, default="")
    stored_path = models.CharField(max_length=500)
    rows = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=12, choices=BatchState.choices, default=BatchState.CHECKED)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    reconciliation = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        # A file replaced by another may be uploaded again later: only batches in use are unique per file.
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "sha256"],
                condition=~Q(state="superseded"),
                name="one_live_batch_per_file_per_unit",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class StagedRecord(models.Model):
    """A row of an imported file, normalised, editable under review, before it enters the registry."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    row = models.PositiveIntegerField()
    member_code = models.CharField(max_length=32, blank=True)
    raw = models.JSONField("giá trị gốc", default=dict)
    full_name = models.CharField(max_length=150, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=3, blank=True)
    cccd = models.CharField(max_length=32, blank=True)
    card_number = models.CharField(max_length=32, blank=True)
    admission_date = models.DateField(null=True, blank=True)
    official_date = models.DateField(null=True, blank=True)
    ethnicity = models.CharField(max_length=60, blank=True)
    religion = models.CharField(max_length=60, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    org_code = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=20, blank=True)
    hometown = models.CharField(max_length=255, blank=True)
    residence = models.CharField(max_length=255, blank=True)
    education = models.CharField(max_length=40, blank=True)
    political_theory = models.CharField(max_length=40, blank=True)
    # Where each field's current value came from: "file", "suggestion", "edit", "merge:<row>".
    provenance = models.JSONField(default=dict, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="absorbed"
    )
    paper_checked_at = models.DateTimeField(null=True, blank=True)

    # Personal data classification, as the registry's (the same field table): `raw` holds every cell of
    # the file's row, so it is personal and sensitive as a whole.
    PERSONAL_FIELDS = frozenset({"raw", *(schema.BY_FIELD[f].staged_field for f in schema.PERSONAL)})
    SENSITIVE_FIELDS = frozenset({"raw", *(schema.BY_FIELD[f].staged_field for f in schema.SENSITIVE)})

    class Meta:
        ordering = ["batch", "row"]
        constraints = [models.UniqueConstraint(fields=["batch", "row"], name="one_record_per_row")]
        indexes = [models.Index(fields=["batch", "member_code"], name="staged_code_idx")]

    def __str__(self) -> str:
        return f"{self.row}: {self.full_name}"


class FindingState(models.TextChoices):
    OPEN = "open", "Chưa xử lý"
    ACCEPTED = "accepted", "Đã nhận đề xuất"
    EDITED = "edited", "Đã sửa"
    PAPER = "paper", "Đã đối chiếu hồ sơ giấy"
    RESOLVED = "resolved", "Đã hết lỗi"


class Finding(models.Model):
    """A checker finding on a staged record: the unit's review queue."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="findings")
    record = models.ForeignKey(StagedRecord, on_delete=models.CASCADE, related_name="findings")
    rule = models.CharField(max_length=40)
    field = models.CharField(max_length=40, blank=True)
    severity = models.CharField(max_length=8)
    message = models.CharField(max_length=500)
    suggestion = models.CharField(max_length=255, blank=True)
    original = models.CharField("giá trị gốc", max_length=255, blank=True)
    state = models.CharField(max_length=10, choices=FindingState.choices, default=FindingState.OPEN)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["batch", "rule", "record__row"]
        indexes = [
            models.Index(fields=["batch", "state", "severity"], name="finding_queue_idx"),
            models.Index(fields=["batch", "rule", "state"], name="finding_rule_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "rule", "field"], name="one_finding_per_record_rule_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} @ {self.record.row}"


class DecisionKind(models.TextChoices):
    ACCEPT = "accept", "Nhận đề xuất"
    EDIT = "edit", "Sửa giá trị"
    PAPER = "paper", "Đối chiếu hồ sơ giấy"
    MERGE = "merge", "Gộp bản trùng"
    UNMERGE = "unmerge", "Tách bản đã gộp"
    NOT_SAME = "not_same", "Không phải cùng một người"
    REVERT = "revert", "Hoàn tác"


class Decision(models.Model):
    """One reviewer's act on a staged record, with the value before and after; revertable."""

    record = models.ForeignKey(StagedRecord, on_delete=models.CASCADE, related_name="decisions")
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    kind = models.CharField(max_length=10, choices=DecisionKind.choices)
    field = models.CharField(max_length=40, blank=True)
    old_value = models.CharField(max_length=255, blank=True)
    new_value = models.CharField(max_length=255, blank=True)
    note = models.CharField(max_length=500, blank=True)
    # The finding's state before this decision, restored by a revert.
    prev_state = models.CharField(max_length=10, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reverted_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reverts"
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.field}"


class PairState(models.TextChoices):
    OPEN = "open", "Chưa xử lý"
    MERGED = "merged", "Đã gộp"
    NOT_SAME = "not_same", "Không phải cùng một người"


class DuplicatePair(models.Model):
    """Two staged records the checker thinks are the same person."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="pairs")
    a = models.ForeignKey(StagedRecord, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(StagedRecord, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    state = models.CharField(max_length=10, choices=PairState.choices, default=PairState.OPEN)
    # Both records exactly as they were before the merge, so un-merge restores them.
    snapshot = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["batch", "-score", "a__row"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "a", "b"], name="one_pair"),
            models.CheckConstraint(condition=~Q(a=models.F("b")), name="pair_of_two"),
        ]

    def __str__(self) -> str:
        return f"{self.a_id} ~ {self.b_id} ({self.score:.2f})"


class ProgressSnapshot(models.Model):
    """Daily figures of a campaign, for the burndown."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="snapshots")
    on = models.DateField()
    open_errors = models.PositiveIntegerField(default=0)
    open_duplicates = models.PositiveIntegerField(default=0)
    units_done = models.JSONField(default=dict)  # step kind -> units done

    class Meta:
        ordering = ["campaign", "on"]
        constraints = [models.UniqueConstraint(fields=["campaign", "on"], name="one_snapshot_per_day")]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.on}"
