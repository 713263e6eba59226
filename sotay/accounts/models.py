"""Accounts and their roles, each role scoped to an organisation node (and so to its subtree)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A person who signs in: a member using the handbook, a committee member, unit staff or an admin."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    member = models.OneToOneField(
        "members.Member",
        verbose_name="hồ sơ đảng viên",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    # A sign-in name for members (sotay.accounts.backends): the phone given when they registered.
    phone = models.CharField("số điện thoại đăng nhập", max_length=10, blank=True)
    # Raised to end every session of the account (its handbook access was revoked by the sync): the
    # session hash mixes it in, so sessions signed before no longer verify (`end_sessions`).
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    # "Chữ lớn": the member's choice of larger text on every page, remembered across devices.
    large_text = models.BooleanField("chữ lớn", default=False)

    PERSONAL_FIELDS = frozenset({"full_name", "phone"})

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"
        constraints = [
            models.UniqueConstraint(fields=["phone"], condition=~models.Q(phone=""), name="user_phone_unique")
        ]
        # The dashboard's incremental refresh finds what changed since its last run by these timestamps.
        indexes = [
            models.Index(fields=["last_login"], name="user_last_login_idx"),
            models.Index(fields=["date_joined"], name="user_date_joined_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's hash of the password, with the epoch mixed in once it was raised (epoch 0 keeps
        Django's own value, so sessions signed before this field existed stay valid)."""
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        from django.utils.crypto import salted_hmac

        salt = "sotay.accounts.User.session_auth_hash"
        return salted_hmac(
            salt, f"{self.password}:{self.session_epoch}", secret=secret, algorithm="sha256"
        ).hexdigest()


class Role(models.TextChoices):
    MEMBER = "member", "Đảng viên"
    BRANCH_SECRETARY = "branch_secretary", "Bí thư chi bộ"
    BRANCH_DEPUTY = "branch_deputy", "Phó bí thư chi bộ"
    BRANCH_COMMITTEE = "branch_committee", "Cấp ủy viên"
    UNIT_STAFF = "unit_staff", "Cán bộ Ban Tổ chức"
    EDITOR = "editor", "Biên tập viên"
    SYSADMIN = "sysadmin", "Quản trị hệ thống"


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self) -> RoleAssignmentQuerySet:
        return self.filter(revoked_at__isnull=True)


class RoleAssignment(models.Model):
    """A role held at an organisation node; it grants its capabilities on that node's subtree only."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("vai trò", max_length=20, choices=Role.choices)
    org = models.ForeignKey(
        "orgs.Org", verbose_name="tổ chức", on_delete=models.PROTECT, related_name="roles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "org"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_role_per_user_org",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.org}"


class RegistrationState(models.TextChoices):
    PENDING = "pending", "Chờ duyệt"
    APPROVED = "approved", "Đã duyệt"
    REJECTED = "rejected", "Bị từ chối"


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def pending(self) -> RegistrationQuerySet:
        return self.filter(state=RegistrationState.PENDING)

    def in_subtrees(self, roots: list[Any]) -> RegistrationQuerySet:
        """Registrations whose branch lies in one of `roots`' subtrees (the queue of committees and staff)."""
        from sotay.orgs.models import subtree_q

        if not roots:  # an empty Q would match every row
            return self.none()
        return self.filter(subtree_q(roots, field="branch__path"))


class Registration(models.Model):
    """A member's request for a handbook account, waiting for their branch committee."""

    member = models.ForeignKey(
        "members.Member", verbose_name="đảng viên", on_delete=models.CASCADE, related_name="registrations"
    )
    # The branch the member chose; it is their registry branch (checked when submitted).
    branch = models.ForeignKey(
        "orgs.Org", verbose_name="chi bộ", on_delete=models.PROTECT, related_name="registrations"
    )
    phone = models.CharField("số điện thoại", max_length=10)
    # The password the member chose, hashed at once: the account is created with it when approved.
    password_hash = models.CharField(max_length=128)
    state = models.CharField(
        "tình trạng", max_length=10, choices=RegistrationState.choices, default=RegistrationState.PENDING
    )
    created_at = models.DateTimeField("gửi lúc", auto_now_add=True)
    decided_at = models.DateTimeField("duyệt lúc", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField("lý do từ chối", max_length=255, blank=True)

    objects = RegistrationQuerySet.as_manager()

    PERSONAL_FIELDS = frozenset({"phone", "password_hash"})
    SENSITIVE_FIELDS = frozenset({"member", "branch"})

    class Meta:
        verbose_name = "đăng ký tài khoản"
        verbose_name_plural = "đăng ký tài khoản"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(state="pending"),
                name="one_pending_registration_per_member",
            )
        ]
        # The dashboard's incremental refresh finds what changed since its last run by these timestamps.
        indexes = [
            models.Index(fields=["created_at"], name="registration_created_idx"),
            models.Index(fields=["decided_at"], name="registration_decided_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.branch_id} ({self.get_state_display()})"


class FormAttempt(models.Model):
    """One counted submission of a public form (registration, activation) from an address: those forms
    are throttled on these."""

    REGISTER = "register"
    ACTIVATE = "activate"

    form = models.CharField(max_length=10)
    address = models.CharField(max_length=45, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    PERSONAL_FIELDS = frozenset({"address"})

    def __str__(self) -> str:
        return f"{self.form} {self.address} {self.at:%d/%m/%Y %H:%M}"


class ActivationCodeQuerySet(models.QuerySet["ActivationCode"]):
    def usable(self) -> ActivationCodeQuerySet:
        from django.utils import timezone

        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class ActivationCode(models.Model):
    """A one-time code printed on a slip: it activates a member's account, or resets its password.

    Only a keyed hash of the code is stored (sotay.accounts.activation): the slip is printed when the code
    is issued, and reprinting means reissuing (which revokes the previous code)."""

    member = models.ForeignKey(
        "members.Member", verbose_name="đảng viên", on_delete=models.CASCADE, related_name="activation_codes"
    )
    branch = models.ForeignKey("orgs.Org", verbose_name="chi bộ", on_delete=models.PROTECT, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("cấp lúc", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_at = models.DateTimeField("hết hạn lúc")
    used_at = models.DateTimeField("dùng lúc", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    # Wrong dates of birth typed with this code; the code is revoked at SOTAY_ACTIVATION_MAX_FAILURES.
    failures = models.PositiveSmallIntegerField(default=0)

    objects = ActivationCodeQuerySet.as_manager()

    SENSITIVE_FIELDS = frozenset({"member", "branch"})

    class Meta:
        verbose_name = "mã kích hoạt"
        verbose_name_plural = "mã kích hoạt"
        indexes = [
            models.Index(fields=["member", "used_at", "revoked_at"], name="activation_member_idx"),
            # The dashboard's incremental refresh finds what changed since its last run by these.
            models.Index(fields=["created_at"], name="activation_created_idx"),
            models.Index(fields=["used_at"], name="activation_used_idx"),
            models.Index(fields=["revoked_at"], name="activation_revoked_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} ({self.created_at:%d/%m/%Y})"
