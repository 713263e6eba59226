"""What the registry has published to the handbook (Sổ tay đảng viên điện tử, QĐ 339-QĐ/TW).

Written only by `sotay.handbook.sync.actions.sync_handbook`. The change log is append-only: its primary key is
the cursor a separate handbook deployment reads from (`/so-tay/thay-doi/?sau=N`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Entitlement(models.Model):
    """A member's right to the handbook, bound to one branch, with the summary last published."""

    member = models.OneToOneField(
        "members.Member", verbose_name="đảng viên", on_delete=models.PROTECT, related_name="handbook"
    )
    branch = models.ForeignKey(
        "orgs.Org", verbose_name="chi bộ", on_delete=models.PROTECT, related_name="handbook_entitlements"
    )
    # The branch's path when last published: the subtree this entitlement was announced to. A run
    # compares it with the branch's current path, so a reorganisation that moves the branch is republished.
    branch_path = models.CharField(max_length=120, db_index=True)
    active = models.BooleanField("đang hiệu lực", default=True)
    # The QĐ 339 summary as last published (see `sotay.handbook.sync.payload.PAYLOAD_FIELDS`).
    payload = models.JSONField("thông tin đã đồng bộ")
    payload_hash = models.CharField(max_length=64)
    granted_at = models.DateTimeField("cấp lúc")
    updated_at = models.DateTimeField("cập nhật lúc")
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    # Personal data (Law 91/2025/QH15): the payload copies name, DOB, gender, CCCD, card number and phone;
    # the binding to a branch is Party membership itself (sensitive).
    PERSONAL_FIELDS = frozenset({"payload"})
    SENSITIVE_FIELDS = frozenset({"member", "branch", "branch_path", "active"})

    class Meta:
        verbose_name = "quyền dùng Sổ tay"
        verbose_name_plural = "quyền dùng Sổ tay"
        indexes = [
            models.Index(fields=["active", "branch_path"], name="handbook_active_path_idx"),
            # The dashboard's change detection reads entitlements changed since its last run
            # (`dashboard/changes.py`: `updated_at >= t OR revoked_at >= t`, one index each).
            models.Index(fields=["updated_at"], name="handbook_ent_updated_idx"),
            models.Index(fields=["revoked_at"], name="handbook_ent_revoked_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.branch_id} ({'hiệu lực' if self.active else 'đã thu hồi'})"


class ChangeOp(models.TextChoices):
    GRANT = "grant", "Cấp quyền"
    UPDATE = "update", "Cập nhật"
    REVOKE = "revoke", "Thu hồi"


class HandbookChange(models.Model):
    """One published difference. Append-only; the auto-increment id is the consumers' cursor."""

    id = models.BigAutoField(primary_key=True)
    run = models.ForeignKey("SyncRun", on_delete=models.PROTECT, related_name="changes")
    op = models.CharField("thao tác", max_length=8, choices=ChangeOp.choices)
    member = models.ForeignKey(
        "members.Member", null=True, on_delete=models.SET_NULL, related_name="handbook_changes"
    )
    member_code = models.CharField("mã đảng viên", max_length=32)
    branch_code = models.CharField("mã chi bộ", max_length=40)
    # The branch's path at the time of the change: the feed is filtered by subtree on it.
    branch_path = models.CharField(max_length=120, db_index=True)
    # For an update that moves a member (transfer, reorganisation): where they were bound before, so
    # the old subtree's consumers learn the member left. Blank otherwise.
    from_branch_code = models.CharField(max_length=40, blank=True)
    from_branch_path = models.CharField(max_length=120, blank=True, db_index=True)
    payload = models.JSONField(null=True, blank=True)  # null for a revoke: nothing more to publish
    at = models.DateTimeField("thời điểm")

    PERSONAL_FIELDS = frozenset({"payload"})
    SENSITIVE_FIELDS = frozenset({"member", "member_code", "branch_code", "branch_path", "op"})

    class Meta:
        verbose_name = "thay đổi Sổ tay"
        verbose_name_plural = "thay đổi Sổ tay"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.op} {self.member_code} @ {self.branch_code}"


class SyncRun(models.Model):
    """One run of the sync over a subtree: who, when, what it wrote, and the cursor before and after."""

    scope = models.ForeignKey("orgs.Org", verbose_name="phạm vi", on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField("bắt đầu")
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    granted = models.PositiveIntegerField("cấp mới", default=0)
    updated = models.PositiveIntegerField("cập nhật", default=0)
    revoked = models.PositiveIntegerField("thu hồi", default=0)
    unchanged = models.PositiveIntegerField("không đổi", default=0)
    rejected = models.PositiveIntegerField("bị từ chối", default=0)
    cursor_before = models.BigIntegerField(default=0)
    cursor_after = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "lượt đồng bộ Sổ tay"
        verbose_name_plural = "lượt đồng bộ Sổ tay"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%d/%m/%Y %H:%M} {self.scope_id}"


class RejectReason(models.TextChoices):
    BRANCH_CLOSED = "branch_closed", "Chi bộ đã giải thể hoặc sáp nhập"
    BRANCH_NOT_YET = "branch_not_yet", "Chi bộ chưa có hiệu lực"
    NOT_A_BRANCH = "not_a_branch", "Không sinh hoạt tại một chi bộ"


class Rejection(models.Model):
    """An entitled-by-status member a run could not sync, and why (for staff to fix the record)."""

    run = models.ForeignKey(SyncRun, on_delete=models.CASCADE, related_name="rejections")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    # The member's registry branch at the time, so health figures filter rejections by subtree.
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("lý do", max_length=16, choices=RejectReason.choices)
    detail = models.CharField("chi tiết", max_length=255, blank=True)

    class Meta:
        verbose_name = "đảng viên không đồng bộ được"
        verbose_name_plural = "đảng viên không đồng bộ được"
        constraints = [models.UniqueConstraint(fields=["run", "member"], name="one_rejection_per_run")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.get_reason_display()}"


# Payload fields a consumer may be granted; identifiers only where granted by name (docs/security.md).
CONSUMER_FIELDS = (
    "full_name",
    "birth_date",
    "gender",
    "admission_date",
    "official_date",
    "branch_name",
    "card_number",
    "cccd",
    "phone",
)
IDENTIFIER_FIELDS = frozenset({"card_number", "cccd", "phone"})


class FeedConsumer(models.Model):
    """A non-person account that reads the change feed of one subtree: another system (the handbook's own
    deployment, a province's operations software), with the payload fields it was granted.

    It signs requests with a bearer token shown once when the account is made; only a hash is stored.
    """

    name = models.CharField("tên hệ thống", max_length=120)
    root = models.ForeignKey("orgs.Org", verbose_name="phạm vi", on_delete=models.PROTECT, related_name="+")
    fields = models.JSONField("trường được cấp", default=list)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "hệ thống đọc thay đổi"
        verbose_name_plural = "hệ thống đọc thay đổi"

    def __str__(self) -> str:
        return self.name
