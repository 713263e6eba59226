"""Member records (the 4.0 store), their life-cycle events and transfers between branches.

Writes go through `sotay.members.actions`; nothing else calls `.save()` on these models.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact

from sotay import vn
from sotay.orgs.models import MAX_DEPTH, SEGMENT_WIDTH
from sotay.pipeline import schema


class Gender(models.TextChoices):
    NAM = "Nam", "Nam"
    NU = "Nữ", "Nữ"


class MemberStatus(models.TextChoices):
    DU_BI = "du_bi", "Dự bị"
    CHINH_THUC = "chinh_thuc", "Chính thức"
    MIEN_SINH_HOAT = "mien_sinh_hoat", "Miễn sinh hoạt"
    XOA_TEN = "xoa_ten", "Xóa tên"
    KHAI_TRU = "khai_tru", "Khai trừ"
    XIN_RA = "xin_ra", "Xin ra khỏi Đảng"
    TU_TRAN = "tu_tran", "Từ trần"


ACTIVE_STATUSES = frozenset({MemberStatus.DU_BI, MemberStatus.CHINH_THUC, MemberStatus.MIEN_SINH_HOAT})
TERMINAL_STATUSES = frozenset(set(MemberStatus) - ACTIVE_STATUSES)
# Quy định 339-QĐ/TW: the handbook is for official and probationary members, never exempted ones.
HANDBOOK_STATUSES = frozenset({MemberStatus.DU_BI, MemberStatus.CHINH_THUC})


class MemberQuerySet(models.QuerySet["Member"]):
    def active(self) -> MemberQuerySet:
        """On a branch's list: probationary, official or exempted (not those who left or died)."""
        return self.filter(status__in=ACTIVE_STATUSES)

    def in_subtree(self, root: models.Model) -> MemberQuerySet:
        from sotay.orgs.models import subtree_q

        return self.filter(subtree_q([root], field="org__path"))  # type: ignore[list-item]

    def in_transit(self) -> MemberQuerySet:
        return self.filter(in_transit_to__isnull=False)


class Member(models.Model):
    """A party member's record: the fields of the legacy export and of QĐ 339's profile, stored clean."""

    code = models.CharField("mã đảng viên", max_length=32, unique=True)
    full_name = models.CharField("họ và tên", max_length=150)
    # Accent-folded name for accent-insensitive search ("nguyen van hoa" finds "Nguyễn Văn Hòa").
    name_key = models.CharField(max_length=150, editable=False)  # indexed with id (Meta.indexes)
    birth_date = models.DateField("ngày sinh")
    gender = models.CharField("giới tính", max_length=3, choices=Gender.choices)
    cccd = models.CharField("số CCCD", max_length=12, unique=True)
    card_number = models.CharField("số thẻ đảng viên", max_length=8, unique=True, null=True, blank=True)
    profile_number = models.CharField("số lý lịch", max_length=12, blank=True)
    admission_date = models.DateField("ngày vào Đảng")
    official_date = models.DateField("ngày chính thức", null=True, blank=True)
    ethnicity = models.CharField("dân tộc", max_length=40, blank=True)
    religion = models.CharField("tôn giáo", max_length=60, blank=True)
    hometown = models.CharField("quê quán", max_length=255, blank=True)
    residence = models.CharField("nơi thường trú", max_length=255, blank=True)
    phone = models.CharField("số điện thoại", max_length=11, blank=True)  # mobile 10, landline 11
    education = models.CharField("trình độ học vấn", max_length=40, blank=True)
    political_theory = models.CharField("lý luận chính trị", max_length=40, blank=True)
    # No index of its own: `member_org_status_idx` (org, status) leads with it (migration 0011).
    org = models.ForeignKey(
        "orgs.Org",
        verbose_name="chi bộ sinh hoạt",
        on_delete=models.PROTECT,
        related_name="members",
        db_index=False,
    )
    status = models.CharField("tình trạng", max_length=16, choices=MemberStatus.choices)
    status_since = models.DateField("từ ngày", null=True, blank=True)
    # Set while a transfer is under way: the member stays on the sending branch's list (counted once)
    # until the receiving branch confirms, when `org` changes in the same transaction.
    in_transit_to = models.ForeignKey(
        "orgs.Org",
        verbose_name="đang chuyển đến",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming_members",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    verified_at = models.DateTimeField("đối chiếu hồ sơ giấy lúc", null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    # Personal data classification (Law 91/2025/QH15, NĐ 356/2025): every read of a member page is logged;
    # sensitive fields are shown only to roles that need them and never exported without an audit row.
    PERSONAL_FIELDS = schema.PERSONAL
    # Ethnic origin, religion and Party membership itself (a political affiliation) are sensitive.
    SENSITIVE_FIELDS = schema.SENSITIVE

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        ordering = ["name_key", "id"]
        indexes = [
            # By organisation (lists, counts, the foreign key's checks); on PostgreSQL it also carries the
            # name key and the id, so the search that reads a subtree's rows reads the index alone (0011).
            models.Index(fields=["org", "status"], name="member_org_status_idx"),
            # The lists' order and keyset cursor (name key, id): a page is one index range (ADR 0009).
            models.Index(fields=["name_key", "id"], name="member_name_key_id_idx"),
            # Search by phone is an exact match beside CCCD, card and code, all indexed.
            models.Index(fields=["phone"], name="member_phone_idx"),
            # The dashboard's incremental refresh reads the members changed since its last run.
            models.Index(fields=["updated_at"], name="member_updated_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Exact(Length("cccd"), 12), name="member_cccd_12_chars"),
            models.CheckConstraint(
                condition=Q(card_number__isnull=True) | Q(Exact(Length("card_number"), 8)),
                name="member_card_8_chars",
            ),
            models.CheckConstraint(
                condition=Q(official_date__isnull=True) | Q(official_date__gt=models.F("admission_date")),
                name="member_official_after_admission",
            ),
            models.CheckConstraint(
                condition=Q(admission_date__gt=models.F("birth_date")), name="member_admitted_after_birth"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def cccd_masked(self) -> str:
        return vn.mask_identifier(self.cccd)


class EventKind(models.TextChoices):
    CREATED = "created", "Lập hồ sơ"
    ADMITTED = "admitted", "Kết nạp"
    RECOGNISED_OFFICIAL = "recognised_official", "Công nhận chính thức"
    EXEMPTED = "exempted", "Miễn sinh hoạt"
    REINSTATED = "reinstated", "Sinh hoạt trở lại"
    TRANSFER_STARTED = "transfer_started", "Chuyển sinh hoạt đi"
    TRANSFER_RECEIVED = "transfer_received", "Tiếp nhận sinh hoạt"
    TRANSFER_CANCELLED = "transfer_cancelled", "Hủy chuyển sinh hoạt"
    ENDED = "ended", "Ra khỏi danh sách"
    ORG_MERGED = "org_merged", "Chuyển theo sáp nhập tổ chức"
    EDITED = "edited", "Sửa thông tin"


class MemberEvent(models.Model):
    """One step of a member's history, with its date, decision reference and who recorded it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("sự kiện", max_length=24, choices=EventKind.choices)
    on = models.DateField("ngày")
    decision_ref = models.CharField("số quyết định", max_length=80, blank=True)
    from_status = models.CharField(max_length=16, choices=MemberStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=MemberStatus.choices, blank=True)
    from_org = models.ForeignKey(
        "orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_org = models.ForeignKey("orgs.Org", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("ghi chú", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "quá trình"
        verbose_name_plural = "quá trình"
        ordering = ["member", "on", "id"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.get_kind_display()}"


class TransferState(models.TextChoices):
    IN_TRANSIT = "in_transit", "Đang chuyển"
    RECEIVED = "received", "Đã tiếp nhận"
    CANCELLED = "cancelled", "Đã hủy"


class Transfer(models.Model):
    """A move between branches: sent by one, confirmed by the other (7-HSĐV columns 10 and 11)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="transfers")
    from_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="transfers_out")
    to_org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="transfers_in")
    state = models.CharField(max_length=12, choices=TransferState.choices, default=TransferState.IN_TRANSIT)
    sent_on = models.DateField("ngày chuyển đi")
    received_on = models.DateField("ngày chuyển đến", null=True, blank=True)
    decision_ref = models.CharField("số quyết định", max_length=80, blank=True)
    # Asked for by the receiving side (a member of another unit found in its file during a campaign):
    # the holding (sending) unit confirms instead of the receiving one.
    requested_by_receiver = models.BooleanField("bên nhận đề nghị", default=False)
    note = models.CharField("ghi chú", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "chuyển sinh hoạt"
        verbose_name_plural = "chuyển sinh hoạt"
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(state="in_transit"), name="one_open_transfer_per_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.to_org}"

    @property
    def confirming_org_id(self) -> int:
        """The side that confirms: the receiving branch, or the holding one when the receiver asked."""
        return self.from_org_id if self.requested_by_receiver else self.to_org_id


class OrgMemberCount(models.Model):
    """How many members an organisation holds directly, by status (and of them how many are leaving).

    Maintained by `sotay.members.actions` in the transaction that changes a member (see
    `sotay.members.counts`); a subtree's figures are the sum over its organisations' rows, so no page
    counts the member table. `sotay check-member-counts` recomputes them and reports any drift.
    """

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    # The organisation's materialised path, copied (written with the row, rewritten when a subtree moves:
    # `sotay.members.counts`), so that a subtree's sum is one range of one index, without a join.
    path = models.CharField(max_length=SEGMENT_WIDTH * MAX_DEPTH, default="")
    status = models.CharField(max_length=16, choices=MemberStatus.choices)
    members = models.IntegerField(default=0)
    # Of `members`, those with a transfer under way (counted at the sending branch, as on its list).
    in_transit = models.IntegerField(default=0)

    class Meta:
        verbose_name = "số đảng viên theo tổ chức"
        verbose_name_plural = "số đảng viên theo tổ chức"
        constraints = [models.UniqueConstraint(fields=["org", "status"], name="org_member_count_unique")]
        # Covering: a subtree's sum reads its rows from this index alone, in path order
        # (`sotay.members.counts`). The figures are key columns, not `INCLUDE`d: SQLite has no INCLUDE,
        # and Django creates no index at all there for one that asks for it. The unique constraint stays
        # the upserts' target.
        indexes = [
            models.Index(fields=["path", "status", "members", "in_transit"], name="org_member_count_path")
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.status}: {self.members}"


class CountRollup(models.Model):
    """A large subtree's figures by status, and its children's, summed from `OrgMemberCount` by the task
    worker every minute (`sotay.members.rollup`): the nation's pages read a few rows instead of every
    count row in the country. A snapshot: as old as its `refreshed_at`."""

    path = models.CharField(max_length=SEGMENT_WIDTH * MAX_DEPTH)
    status = models.CharField(max_length=16, choices=MemberStatus.choices)
    members = models.IntegerField(default=0)
    in_transit = models.IntegerField(default=0)
    # Set on a large node's rows: its children's rows were written in the same refresh (a child without
    # a row has no members), so its children's figures can be read here too.
    children_rolled = models.BooleanField(default=False)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = "số đảng viên tổng hợp theo cây con"
        verbose_name_plural = "số đảng viên tổng hợp theo cây con"
        constraints = [models.UniqueConstraint(fields=["path", "status"], name="count_rollup_unique")]

    def __str__(self) -> str:
        return f"{self.path} {self.status}: {self.members}"
