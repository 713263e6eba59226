"""At the meeting: answers to the invitation, attendance, motions and ballots."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sotay.meetings.models.meeting import Meeting


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
        # The dashboard's incremental refresh finds the attendance marked since its last run.
        indexes = [models.Index(fields=["marked_at"], name="attendance_marked_at_idx")]

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
