"""The audit log: every read of a member's personal page and every change (who, what, when, from where)."""

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Xem"
    CREATE = "create", "Tạo"
    UPDATE = "update", "Sửa"
    DELETE = "delete", "Xóa"
    STATUS = "status", "Đổi trạng thái"
    TRANSFER = "transfer", "Chuyển sinh hoạt"
    EXPORT = "export", "Xuất dữ liệu"
    SEARCH = "search", "Tìm kiếm"
    LOGIN = "login", "Đăng nhập"
    LOGIN_FAILED = "login_failed", "Đăng nhập sai"
    LOGOUT = "logout", "Đăng xuất"
    GRANT = "grant", "Phân quyền"
    REVOKE = "revoke", "Thu hồi quyền"


class AuditEvent(models.Model):
    """One audited act. Append-only: nothing in the app updates these rows; only `prune_logs`
    (retention, itself audited) deletes them."""

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField("người thực hiện (lúc ghi)", max_length=150, blank=True)
    action = models.CharField("hành động", max_length=16, choices=AuditAction.choices)
    object_type = models.CharField("loại đối tượng", max_length=40)
    object_id = models.CharField("mã đối tượng", max_length=64, blank=True)
    summary = models.CharField("nội dung", max_length=255, blank=True)
    # Path of the organisation the object belongs to, so unit staff see the log of their subtree only.
    org_path = models.CharField(max_length=120, blank=True, db_index=True)
    # Field-level changes {field: [old, new]}; personal identifiers are masked before they get here.
    changes = models.JSONField("thay đổi", default=dict, blank=True)
    ip = models.CharField("địa chỉ", max_length=45, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    channel = models.CharField("kênh", max_length=8, default="web")

    class Meta:
        verbose_name = "nhật ký truy cập"
        verbose_name_plural = "nhật ký truy cập"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.get_action_display()} {self.summary}"
