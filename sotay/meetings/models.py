"""Branch meetings (sinh hoạt chi bộ, domain.md §4.5): the meeting, its agenda and documents, what members do
before it (reading, commenting, answering), attendance, votes, minutes and follow-up tasks.

Written only by `sotay.meetings.actions`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class MeetingKind(models.TextChoices):
    REGULAR = "regular", "Sinh hoạt thường kỳ"
    THEMATIC = "thematic", "Sinh hoạt chuyên đề"
    EXTRAORDINARY = "extraordinary", "Sinh hoạt bất thường"


class MeetingState(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã gửi giấy mời"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def of_branch(self, branch: models.Model | int) -> MeetingQuerySet:
        return self.filter(branch=branch)

    def published(self) -> MeetingQuerySet:
        """What the branch's members see."""
        return self.filter(state=MeetingState.PUBLISHED)


class Meeting(models.Model):
    """One meeting of a branch (chi bộ), from the draft the committee prepares to the minutes."""

    branch = models.ForeignKey(
        "orgs.Org", verbose_name="chi bộ", on_delete=models.PROTECT, related_name="meetings"
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
        indexes = [models.Index(fields=["branch", "starts_at"], name="meeting_branch_start_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d/%m/%Y})"

    @property
    def is_published(self) -> bool:
        return self.state == MeetingState.PUBLISHED


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


class Answer(models.TextChoices):
    ATTENDING = "attending", "Tham dự"
    ABSENT = "absent", "Vắng mặt"


class Rsvp(models.Model):
    """A member's answer to the invitation (the last one counts)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    answer = models.CharField("trả lời", max_length=10, choices=Answer.choices)
    reason = models.CharField("lý do vắng", max_length=255, blank=True)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="one_rsvp_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.answer}"


class Presence(models.TextChoices):
    PRESENT = "present", "Có mặt"
    EXCUSED = "excused", "Vắng có lý do"
    ABSENT = "absent", "Vắng không lý do"


class Attendance(models.Model):
    """Whether a member was at a meeting: marked by the secretary or by the member's QR check-in."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="meeting_attendance")
    presence = models.CharField("điểm danh", max_length=10, choices=Presence.choices)
    by_qr = models.BooleanField(default=False)
    marked_at = models.DateTimeField(auto_now=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.presence}"


class Motion(models.Model):
    """A resolution or proposal put to the branch during a meeting. The tally lives here; for a secret vote
    the ballots record only who voted, never how."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="motions")
    title = models.CharField("nội dung biểu quyết", max_length=300)
    secret = models.BooleanField("bỏ phiếu kín", default=False)
    by_hands = models.BooleanField("giơ tay (thư ký nhập kết quả)", default=False)
    votes_for = models.PositiveIntegerField("tán thành", default=0)
    votes_against = models.PositiveIntegerField("không tán thành", default=0)
    votes_abstain = models.PositiveIntegerField("không biểu quyết", default=0)
    present = models.PositiveIntegerField("số có mặt", default=0)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "biểu quyết"
        verbose_name_plural = "biểu quyết"
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Choice(models.TextChoices):
    FOR = "for", "Tán thành"
    AGAINST = "against", "Không tán thành"
    ABSTAIN = "abstain", "Không biểu quyết"


class Ballot(models.Model):
    """One member's vote on a motion: once each. `choice` is blank for a secret vote."""

    motion = models.ForeignKey(Motion, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice.choices, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["motion", "member"], name="one_ballot_per_member")]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.motion_id}"


class Minutes(models.Model):
    """The minutes (biên bản) of a meeting. Once finalised they are published to the branch and change only
    through an `Amendment`."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    content = models.TextField("diễn biến", max_length=20000, blank=True)
    conclusions = models.TextField("kết luận", max_length=10000, blank=True)
    finalised_at = models.DateTimeField("hoàn tất lúc", null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "biên bản"
        verbose_name_plural = "biên bản"

    def __str__(self) -> str:
        return f"Biên bản {self.meeting_id}"


class Amendment(models.Model):
    """A change to finalised minutes, with the text before and after and why."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="amendments")
    field = models.CharField(max_length=16)
    before = models.TextField()
    after = models.TextField()
    reason = models.CharField("lý do", max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["minutes", "id"]

    def __str__(self) -> str:
        return f"Sửa biên bản {self.minutes_id}: {self.reason}"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Đang làm"
    DONE = "done", "Đã xong"


class FollowUp(models.Model):
    """A task from the meeting's conclusions, assigned to a member of the branch."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="followups")
    title = models.CharField("việc cần làm", max_length=300)
    assignee = models.ForeignKey(
        "members.Member", verbose_name="người thực hiện", on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField("hạn")
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "việc sau sinh hoạt"
        verbose_name_plural = "việc sau sinh hoạt"
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title


class CalendarFeed(models.Model):
    """A member's private iCalendar address: only its secret's hash is stored; a new one revokes the old."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="one_live_feed"
            )
        ]

    def __str__(self) -> str:
        return f"Lịch {self.user_id}"
