"""Personal notes: private to their author. No staff page, export or audit row shows their text."""

from __future__ import annotations

from django.conf import settings
from django.db import models

MAX_CHARS = 10_000


class NoteQuerySet(models.QuerySet["Note"]):
    def of(self, user: object) -> NoteQuerySet:
        """The only way notes are read: the author's own."""
        return self.filter(user=user)

    def on_meeting(self, meeting: object) -> NoteQuerySet:
        return self.filter(meeting=meeting)


class Note(models.Model):
    """A member's private note, optionally on a document of the library or on a meeting (not both)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes")
    document = models.ForeignKey(
        "library.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField("ghi chú")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoteQuerySet.as_manager()

    # Everything the author writes is personal: never in an audit row, an export of others or a staff page.
    PERSONAL_FIELDS = frozenset({"body"})

    class Meta:
        verbose_name = "ghi chú"
        verbose_name_plural = "ghi chú"
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["user", "-updated_at"], name="notes_user_updated_idx")]

    def __str__(self) -> str:
        return f"Ghi chú {self.pk}"
