"""Branch meetings (sinh hoạt chi bộ, domain.md §4.5): the meeting, its agenda and documents, what members do
before it (reading, commenting, answering), attendance, votes, minutes and follow-up tasks.

Written only by `sotay.meetings.actions`.
"""

from sotay.meetings.models.after import Amendment, CalendarFeed, FollowUp, Minutes, TaskStatus
from sotay.meetings.models.attendance import Answer, Attendance, Ballot, Choice, Motion, Presence, Rsvp
from sotay.meetings.models.meeting import (
    AgendaItem,
    Comment,
    Document,
    DocumentRead,
    Meeting,
    MeetingAudience,
    MeetingKind,
    MeetingQuerySet,
    MeetingState,
)

__all__ = [
    "AgendaItem",
    "Amendment",
    "Answer",
    "Attendance",
    "Ballot",
    "CalendarFeed",
    "Choice",
    "Comment",
    "Document",
    "DocumentRead",
    "FollowUp",
    "Meeting",
    "MeetingAudience",
    "MeetingKind",
    "MeetingQuerySet",
    "MeetingState",
    "Minutes",
    "Motion",
    "Presence",
    "Rsvp",
    "TaskStatus",
]
