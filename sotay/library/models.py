"""The document library: documents issued at a node of the tree, read by that node's subtree.

A document issued at node N is read by everyone whose organisation lies under N (the reverse of staff
permissions, which look down the tree). Search columns are written by `sotay.library.search.index_fields`
and indexed by the database itself (FTS5 triggers on SQLite, generated tsvector columns on PostgreSQL:
docs/adr/0011-content-and-search.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sotay.orgs.models import Org, OrgType


class Category(models.TextChoices):
    NGHI_QUYET = "nghi_quyet", "Nghị quyết"
    CHI_THI = "chi_thi", "Chỉ thị"
    QUY_DINH = "quy_dinh", "Quy định"
    QUYET_DINH = "quyet_dinh", "Quyết định"
    KET_LUAN = "ket_luan", "Kết luận"
    HUONG_DAN = "huong_dan", "Hướng dẫn"
    THONG_BAO = "thong_bao", "Thông báo"
    KE_HOACH = "ke_hoach", "Kế hoạch"
    TAI_LIEU_SINH_HOAT = "tai_lieu_sinh_hoat", "Tài liệu sinh hoạt"


class Level(models.TextChoices):
    """The level of the node that issued a document (a filter of the library)."""

    CENTRAL = "tw", "Trung ương"
    PROVINCE = "tinh", "Tỉnh, thành phố"
    WARD = "xa", "Xã, phường, đặc khu"
    GRASSROOTS = "co_so", "Cơ sở"
    BRANCH = "chi_bo", "Chi bộ"


LEVEL_TYPES: dict[str, frozenset[str]] = {
    Level.CENTRAL: frozenset({OrgType.TRUNG_UONG}),
    Level.PROVINCE: frozenset({OrgType.DANG_BO_TINH, OrgType.DANG_BO_KHOI_TW}),
    Level.WARD: frozenset({OrgType.DANG_BO_XA, OrgType.DANG_BO_PHUONG, OrgType.DAC_KHU}),
    Level.GRASSROOTS: frozenset(
        {OrgType.DANG_BO_CO_QUAN, OrgType.DANG_BO_CO_SO, OrgType.DANG_BO_BO_PHAN, OrgType.CHI_BO_CO_SO}
    ),
    Level.BRANCH: frozenset({OrgType.CHI_BO}),
}


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"


class DocumentQuerySet(models.QuerySet["Document"]):
    def issued_at_any(self, orgs: list[Org]) -> DocumentQuerySet:
        """Documents issued at one of `orgs` or at any of their ancestors (what their members read).

        An ancestor's path is a prefix of the node's path, so the set of paths is known without a query."""
        paths: set[str] = set()
        for org in orgs:
            paths.update(org.path[:end] for end in range(10, len(org.path) + 1, 10))
        return self.filter(issued_at__path__in=sorted(paths)) if paths else self.none()

    def current(self) -> DocumentQuerySet:
        return self.filter(superseded_by__isnull=True)

    def not_withdrawn(self) -> DocumentQuerySet:
        """What members read: a withdrawn document is kept for the record, shown to its managers only."""
        return self.filter(withdrawn_at__isnull=True)

    def at_level(self, level: str) -> DocumentQuerySet:
        return self.filter(issued_at__type__in=LEVEL_TYPES.get(level, ()))


def _upload_name(instance: Document, filename: str) -> str:
    # Set by the action (a random token): a stored file's name says nothing and cannot be guessed.
    return instance.stored_name


class Document(models.Model):
    """A party document (nghị quyết, chỉ thị, hướng dẫn…) issued at a node, with its file and text."""

    title = models.CharField("trích yếu", max_length=500)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True)
    category = models.CharField("loại văn bản", max_length=24, choices=Category.choices)
    issued_on = models.DateField("ngày ban hành")
    issuer = models.CharField("cơ quan ban hành", max_length=255)
    summary = models.TextField("tóm tắt", blank=True)
    issued_at = models.ForeignKey(
        "orgs.Org", verbose_name="cấp ban hành", on_delete=models.PROTECT, related_name="documents"
    )
    file = models.FileField("tệp", upload_to=_upload_name, max_length=200, blank=True)
    stored_name = models.CharField(max_length=200, blank=True, editable=False)
    file_name = models.CharField("tên tệp gốc", max_length=255, blank=True)
    file_kind = models.CharField(max_length=8, choices=FileKind.choices, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    text = models.TextField("nội dung", blank=True)
    # The file was accepted but its text could not be read (encrypted, scanned images): it is found by
    # its title, number and summary only.
    text_unreadable = models.BooleanField(default=False)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name="được thay thế bởi",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    # Withdrawn (thu hồi): hidden from members, kept with its file for the record and its managers.
    withdrawn_at = models.DateTimeField("thời điểm thu hồi", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.CharField("lý do thu hồi", max_length=500, blank=True)
    # Search keys (sotay.library.search.index_fields): folded words of the title and number; folded
    # words of everything else; the lower-case words with their diacritics (to rank exact matches first);
    # the consecutive pairs of folded words (a phrase as an AND of pairs, no positions read).
    search_title = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)
    search_marked = models.TextField(blank=True, editable=False)
    search_pairs = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["issued_at", "issued_on"], name="library_doc_org_date_idx"),
            models.Index(fields=["-issued_on", "-id"], name="library_doc_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Bookmark(models.Model):
    """A document a member keeps to read later ("xem sau")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "văn bản xem sau"
        verbose_name_plural = "văn bản xem sau"
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "document"], name="one_bookmark_per_document")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.document_id}"


class Reading(models.Model):
    """That a person opened a document: first and last time, and how often (the dashboard's "who has read
    the documents for this month's meeting")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="readings")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="readings")
    first_at = models.DateTimeField(auto_now_add=True)
    last_at = models.DateTimeField(auto_now=True)
    times = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "lượt đọc"
        verbose_name_plural = "lượt đọc"
        constraints = [models.UniqueConstraint(fields=["user", "document"], name="one_reading_per_document")]
        indexes = [models.Index(fields=["document", "first_at"], name="library_reading_doc_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} đọc {self.document_id}"
