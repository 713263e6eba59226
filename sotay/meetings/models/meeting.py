"""The meeting itself, its agenda, documents (and who read them) and the comments on its agenda."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q


def is_https_link(link: str) -> bool:
    """An https:// address with a host and no user part ("https://hop.gov.vn@evil.example/" goes to
    evil.example): the links the meeting page follows (`Meeting.online_href`) and, with Django's URL
    check on top, the only ones the actions store."""
    parts = urlsplit(link.strip())
    return parts.scheme.lower() == "https" and bool(parts.netloc) and "@" not in parts.netloc


class MeetingKind(models.TextChoices):
    REGULAR = "regular", "Sinh hoạt thường kỳ"
    THEMATIC = "thematic", "Sinh hoạt chuyên đề"
    EXTRAORDINARY = "extraordinary", "Sinh hoạt bất thường"


class MeetingState(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã gửi giấy mời"
    CANCELLED = "cancelled", "Đã hủy"


class MeetingAudience(models.TextChoices):
    """Who a meeting is for: a branch's members, or a grassroots party committee's executive committee (the
    accounts holding committee roles at that đảng ủy cơ sở; domain.md §4.5)."""

    BRANCH = "branch", "Đảng viên chi bộ"
    COMMITTEE = "committee", "Ban chấp hành đảng ủy cơ sở"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def of_branch(self, branch: models.Model | int) -> MeetingQuerySet:
        return self.filter(branch=branch)

    def published(self) -> MeetingQuerySet:
        """What the branch's members see."""
        return self.filter(state=MeetingState.PUBLISHED)

    def seen_by_members(self) -> MeetingQuerySet:
        """Published meetings, and those cancelled after their invitations went out (shown as cancelled)."""
        return self.filter(
            Q(state=MeetingState.PUBLISHED) | Q(state=MeetingState.CANCELLED, published_at__isnull=False)
        )

    def of_branches(self) -> MeetingQuerySet:
        """Branch meetings only: the compliance rules are about them, not about committee meetings."""
        return self.filter(audience=MeetingAudience.BRANCH)

    def not_cancelled(self) -> MeetingQuerySet:
        return self.exclude(state=MeetingState.CANCELLED)


class Meeting(models.Model):
    """One meeting of a branch (chi bộ), from the draft the committee prepares to the minutes."""

    branch = models.ForeignKey(
        "orgs.Org", verbose_name="chi bộ", on_delete=models.PROTECT, related_name="meetings"
    )
    audience = models.CharField(
        "dành cho", max_length=10, choices=MeetingAudience.choices, default=MeetingAudience.BRANCH
    )
    kind = models.CharField("loại", max_length=16, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    title = models.CharField("chủ đề", max_length=200)
    starts_at = models.DateTimeField("bắt đầu")
    ends_at = models.DateTimeField("kết thúc")
    place = models.CharField("địa điểm", max_length=255, blank=True)
    online_link = models.URLField("đường dẫn họp trực tuyến", max_length=500, blank=True)
    chair = models.ForeignKey(
        "members.Member",
        verbose_name="chủ trì",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(max_length=10, choices=MeetingState.choices, default=MeetingState.DRAFT)
    published_at = models.DateTimeField("gửi giấy mời lúc", null=True, blank=True)
    cancelled_at = models.DateTimeField("hủy lúc", null=True, blank=True)
    cancel_reason = models.CharField("lý do hủy", max_length=255, blank=True)
    # The calendar feed's SEQUENCE (RFC 5545 §3.8.7.4): raised by every change members see (time, place,
    # title, cancellation), so calendar apps replace their copy of the event.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # Raised by every change to what the meeting page shows beneath the meeting's own fields (agenda,
    # comments, documents, motions): the key of that part's kept copy (`meetings/views/detail.py`).
    content_version = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    # The day-before reminder went out (the daily job sends it once).
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "buổi sinh hoạt"
        verbose_name_plural = "buổi sinh hoạt"
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["branch", "starts_at"], name="meeting_branch_start_idx"),
            # The dashboard's incremental refresh finds the meetings changed since its last run.
            models.Index(fields=["created_at"], name="meeting_created_idx"),
            models.Index(fields=["published_at"], name="meeting_published_idx"),
            models.Index(fields=["cancelled_at"], name="meeting_cancelled_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d/%m/%Y})"

    @property
    def online_href(self) -> str:
        """The online link as a link to follow: only an https:// address. A row saved before links had
        to be one (http://, or javascript: through the API) is shown as text, not linked."""
        return self.online_link.strip() if is_https_link(self.online_link) else ""

    @property
    def is_published(self) -> bool:
        return self.state == MeetingState.PUBLISHED

    @property
    def for_committee(self) -> bool:
        return self.audience == MeetingAudience.COMMITTEE

    @property
    def is_cancelled(self) -> bool:
        return self.state == MeetingState.CANCELLED

    @property
    def seen_by_members(self) -> bool:
        return self.is_published or (self.is_cancelled and self.published_at is not None)


class AgendaItem(models.Model):
    """One item of a meeting's agenda, in order, with who presents it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField("thứ tự")
    title = models.CharField("nội dung", max_length=300)
    presenter = models.CharField("người trình bày", max_length=150, blank=True)

    class Meta:
        verbose_name = "nội dung sinh hoạt"
        verbose_name_plural = "nội dung sinh hoạt"
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Document(models.Model):
    """A file attached to a meeting, stored under a random name outside MEDIA_ROOT and served only through
    `views.documents.document_file` after the permission check."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("tên tài liệu", max_length=200)
    original_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=64, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "tài liệu"
        verbose_name_plural = "tài liệu"
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.title


class DocumentRead(models.Model):
    """A member opened a document (the first time): the secretary sees who has not."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reads")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["document", "member"], name="one_read_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id} đọc {self.document_id}"


class Comment(models.Model):
    """A member's comment on an agenda item, before the meeting; the committee may hide it with a reason."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người viết", on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField("ý kiến", max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField("lý do ẩn", max_length=255, blank=True)

    class Meta:
        verbose_name = "ý kiến"
        verbose_name_plural = "ý kiến"
        ordering = ["item", "created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]
