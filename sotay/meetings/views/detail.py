"""The meeting page's data: a fixed, small number of queries whatever the branch's size (issue 12: the
member's meeting page on a meeting day, `bench/member_pages.py`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.utils import timezone

from sotay.accounts.http import AuthedHttpRequest
from sotay.meetings.access import can_manage, invitees, is_branch_member, own_member
from sotay.meetings.actions.attendance import tally
from sotay.meetings.forms import AgendaItemForm, DocumentForm
from sotay.meetings.models import (
    AgendaItem,
    Answer,
    Attendance,
    Ballot,
    Comment,
    DocumentRead,
    Meeting,
    Minutes,
    Rsvp,
)
from sotay.members.models import Member
from sotay.notes.models import Note

# What the page shows of a comment and its author: a User row is wide, and a meeting has ~100 comments.
COMMENT_FIELDS = (
    "id",
    "item_id",
    "author_id",
    "body",
    "created_at",
    "hidden_at",
    "hidden_reason",
    "author__id",
    "author__full_name",
    "author__username",
)
# The meeting page shows each agenda item's latest comments; "Xem ý kiến cũ hơn" loads older ones by
# pages (keyset on (created_at, id): `older_comments`), so a busy meeting's page stays small.
LATEST_COMMENTS = 5
OLDER_COMMENTS = 20


def visible_comments(*, manage: bool) -> Any:
    """Comments as the page shows them: hidden ones only to those who manage the meeting."""
    comments = Comment.objects.select_related("author").only(*COMMENT_FIELDS)
    return comments if manage else comments.filter(hidden_at__isnull=True)


def older_comments(item: AgendaItem, *, manage: bool, before: str) -> tuple[list[Comment], bool]:
    """Up to OLDER_COMMENTS comments on `item` older than the comment `before` (its id; empty: the
    newest), oldest first, and whether there are older ones still. An id that is not one of this item's
    comments the user may see is a 404."""
    comments = visible_comments(manage=manage).filter(item=item)
    if before:
        ref = None
        if before.isdigit() and len(before) <= 18:
            ref = comments.filter(pk=int(before)).values("created_at", "id").first()
        if ref is None:
            raise Http404("Không tìm thấy ý kiến.")
        comments = comments.filter(
            Q(created_at__lt=ref["created_at"]) | Q(created_at=ref["created_at"], id__lt=ref["id"])
        )
    rows = list(comments.order_by("-created_at", "-id")[: OLDER_COMMENTS + 1])
    more = len(rows) > OLDER_COMMENTS
    return rows[:OLDER_COMMENTS][::-1], more


def _first(model: Any, member: Member, field: str) -> Subquery:
    return Subquery(model.objects.filter(meeting=OuterRef("pk"), member=member).values(field)[:1])


def _extras(meeting: Meeting, member: Member | None) -> dict[str, Any]:
    """The minutes' state and the member's answer and attendance, in one query."""
    qs = Meeting.objects.filter(pk=meeting.pk).annotate(
        has_minutes=Exists(Minutes.objects.filter(meeting=OuterRef("pk"))),
        minutes_finalised_at=Subquery(Minutes.objects.filter(meeting=OuterRef("pk")).values("finalised_at")),
    )
    fields = ["has_minutes", "minutes_finalised_at"]
    if member is not None:
        qs = qs.annotate(
            rsvp_answer=_first(Rsvp, member, "answer"),
            rsvp_reason=_first(Rsvp, member, "reason"),
            presence=_first(Attendance, member, "presence"),
        )
        fields += ["rsvp_answer", "rsvp_reason", "presence"]
    # first(), not get(): the page has already read the meeting with get(), and django-zeal counts a
    # second Meeting.get() in one request as an N+1.
    row = qs.values(*fields).first()
    assert row is not None  # the meeting was just read
    return row


def meeting_context(request: AuthedHttpRequest, meeting: Meeting) -> dict[str, Any]:
    """Everything the meeting page shows, in a fixed number of queries whatever the branch's size."""
    manage = can_manage(request.user, meeting.branch)
    member = own_member(request.user)
    mine = member if member is not None and is_branch_member(request.user, meeting.branch) else None
    latest = visible_comments(manage=manage).order_by("-created_at", "-id")[:LATEST_COMMENTS]
    counted = Q() if manage else Q(comments__hidden_at__isnull=True)
    agenda = list(
        AgendaItem.objects.filter(meeting=meeting)
        .annotate(comment_count=Count("comments", filter=counted))
        .order_by("position", "id")  # explicit: Django drops Meta.ordering from a GROUP BY query
        .prefetch_related(Prefetch("comments", latest, to_attr="latest_comments"))
    )
    for item in agenda:
        item.latest_comments.reverse()  # shown oldest first
        item.older_count = item.comment_count - len(item.latest_comments)  # type: ignore[attr-defined]
    documents_qs = meeting.documents.order_by("id")
    motions_qs = meeting.motions.order_by("id")
    if mine is not None:
        documents_qs = documents_qs.annotate(
            mine_read=Exists(DocumentRead.objects.filter(document=OuterRef("pk"), member=mine))
        )
        motions_qs = motions_qs.annotate(
            mine_voted=Exists(Ballot.objects.filter(motion=OuterRef("pk"), member=mine))
        )
    extras = _extras(meeting, mine)
    finalised_at = extras["minutes_finalised_at"]
    minutes = Minutes(meeting=meeting, finalised_at=finalised_at) if extras["has_minutes"] else None
    ctx: dict[str, Any] = {
        "meeting": meeting,
        "agenda": agenda,
        "documents": (documents := list(documents_qs)),
        "manage": manage,
        "member": member,
        "upcoming": meeting.ends_at >= timezone.now(),
        "editable": False,
        "rsvp_open": meeting.starts_at > timezone.now(),
        "minutes": minutes,
        "motions": (motions := list(motions_qs)),
    }
    if mine is not None:
        answer, presence = extras["rsvp_answer"], extras["presence"]
        ctx["my_rsvp"] = Rsvp(answer=answer, reason=extras["rsvp_reason"]) if answer is not None else None
        ctx["my_reads"] = {d.pk for d in documents if d.mine_read}  # type: ignore[attr-defined]
        ctx["my_attendance"] = Attendance(presence=presence) if presence is not None else None
        ctx["my_ballots"] = {m.pk for m in motions if m.mine_voted}  # type: ignore[attr-defined]
        # The member's own notes on this meeting (issue 15 item 7): nobody else's, whatever their role.
        ctx["my_notes"] = list(Note.objects.of(request.user).on_meeting(meeting)[:20])
    if manage:
        ctx.update(_manager_context(meeting, documents, minutes))
    return ctx


def _manager_context(meeting: Meeting, documents: list[Any], minutes: Minutes | None) -> dict[str, Any]:
    """What the secretary sees besides: who opened each document, the answers, the tally, the forms."""
    people = list(invitees(meeting.branch).order_by("full_name").values_list("pk", "full_name"))
    reads: dict[int, set[int]] = defaultdict(set)
    for doc_id, member_id in DocumentRead.objects.filter(document__meeting=meeting).values_list(
        "document_id", "member_id"
    ):
        reads[doc_id].add(member_id)
    for d in documents:
        d.read_count = len(reads[d.pk])
        d.unread = [name for pk, name in people if pk not in reads[d.pk]]
    answers = Counter(Rsvp.objects.filter(meeting=meeting).values_list("answer", flat=True))
    return {
        "editable": not meeting.is_cancelled and not (minutes and minutes.finalised_at),
        "agenda_form": AgendaItemForm(auto_id="agenda_%s"),
        "document_form": DocumentForm(auto_id="doc_%s"),
        "expected": len(people),
        "attending": answers[Answer.ATTENDING],
        "absent": answers[Answer.ABSENT],
        "absentees": list(
            Rsvp.objects.filter(meeting=meeting, answer=Answer.ABSENT)
            .select_related("member")
            .order_by("member__full_name")
        ),
        "tally": tally(meeting),
    }
