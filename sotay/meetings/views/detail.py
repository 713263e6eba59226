"""The meeting page's data: a fixed, small number of queries whatever the branch's size (issue 12: the
member's meeting page on a meeting day, `bench/member_pages.py`)."""

from __future__ import annotations

import functools
import re
import secrets
from collections import Counter, defaultdict
from typing import Any

from django.core.cache import cache
from django.db.models import CharField, Count, Exists, OuterRef, Prefetch, Q, StringAgg, Subquery, Value
from django.db.models.functions import Cast
from django.http import Http404
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import mark_safe

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.compiled import Compiled
from sotay.meetings.access import can_manage, check_meeting_access, invitees, is_branch_member, own_member
from sotay.meetings.actions.attendance import tally
from sotay.meetings.forms import AgendaItemForm, DocumentForm
from sotay.meetings.models import (
    AgendaItem,
    Answer,
    Attendance,
    Ballot,
    Comment,
    Document,
    DocumentRead,
    Meeting,
    Minutes,
    Motion,
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
# How long a worker keeps the members' copy of a meeting's agenda, documents and motions at most: a
# change through the actions replaces it at once; only a renamed comment author waits this long.
KEPT_SECONDS = 600


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


def _first(model: Any, member: Member | int, field: str) -> Subquery:
    return Subquery(model.objects.filter(meeting=OuterRef("pk"), member=member).values(field)[:1])


def _ids_of(model: Any, member: Member | int, target: str) -> Subquery:
    """The ids of this meeting's documents the member opened (motions they voted on), as "3,7,9"."""
    rows = model.objects.filter(member=member, **{f"{target}__meeting": OuterRef("pk")})
    joined = StringAgg(Cast(f"{target}_id", CharField()), delimiter=Value(","))
    return Subquery(rows.values("member").annotate(ids=joined).values("ids")[:1])


def _id_set(joined: str | None) -> set[int]:
    return {int(part) for part in (joined or "").split(",") if part}


_MINUTES_FIELDS = ["has_minutes", "minutes_finalised_at"]
_OWN_FIELDS = ["rsvp_answer", "rsvp_reason", "presence", "my_reads", "my_ballots"]


def _page_query(meeting: int, member: int | None) -> Any:
    """The meeting with its branch and chair, the minutes' state and, for `member`, their answer,
    attendance, documents opened and votes cast."""
    qs = (
        Meeting.objects.select_related("branch", "chair")
        .filter(pk=meeting)
        .annotate(
            has_minutes=Exists(Minutes.objects.filter(meeting=OuterRef("pk"))),
            minutes_finalised_at=Subquery(
                Minutes.objects.filter(meeting=OuterRef("pk")).values("finalised_at")
            ),
        )
    )
    if member is not None:
        qs = qs.annotate(
            rsvp_answer=_first(Rsvp, member, "answer"),
            rsvp_reason=_first(Rsvp, member, "reason"),
            presence=_first(Attendance, member, "presence"),
        )
        qs = qs.annotate(
            my_reads=_ids_of(DocumentRead, member, "document"),
            my_ballots=_ids_of(Ballot, member, "motion"),
        )
    return qs


# Compiled once each (sotay.core.compiled, issue 12): for a member of the branch, and for anyone else.
_PAGE_MINE = Compiled(_page_query, meeting=int, member=int)
_PAGE = Compiled(lambda meeting: _page_query(meeting, None), meeting=int)
_MY_NOTES = Compiled(
    lambda user, meeting: Note.objects.of(user).on_meeting(meeting)[:20], user=int, meeting=int
)


def meeting_for_page(user: Any, pk: int) -> Meeting:
    """The meeting for its page, as `get_meeting_for_user` gives it (404 unless the user may see it), read
    in the same query as the minutes' state and the viewer's own answers that `meeting_context` shows."""
    member = own_member(user)
    read = _PAGE.first(meeting=pk) if member is None else _PAGE_MINE.first(meeting=pk, member=member.pk)
    meeting = check_meeting_access(user, read)
    meeting.extras_of = member.pk if member is not None else None  # type: ignore[attr-defined]
    return meeting


def _extras(meeting: Meeting, member: Member | None) -> dict[str, Any]:
    """The minutes' state, and the member's answer, attendance, documents opened and votes cast, as the
    meeting was read with them (`meeting_for_page`, for the viewer's own member record)."""
    assert member is None or member.pk == meeting.extras_of  # type: ignore[attr-defined]
    fields = _MINUTES_FIELDS + (_OWN_FIELDS if member is not None else [])
    return {name: getattr(meeting, name) for name in fields}


def _shared(meeting: Meeting, *, manage: bool) -> dict[str, Any]:
    """What every member of the branch sees alike: the agenda with each item's latest comments and its
    count, the documents, the motions (`manage`: hidden comments too)."""
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
    # By the meeting's id, not through `meeting.documents`: a related manager would attach this meeting
    # object to every row, and the members' copy is kept for every reader while the page's meeting carries
    # its reader's own answers (`meeting_for_page`).
    return {
        "agenda": agenda,
        "documents": list(Document.objects.filter(meeting_id=meeting.pk).order_by("id")),
        "motions": list(Motion.objects.filter(meeting_id=meeting.pk).order_by("id")),
    }


# Stands, in a kept fragment, for what is the reader's own: the CSRF token of the request, and whether
# they opened each document. One per process, so that no comment or title can contain it.
_STAND_IN = secrets.token_hex(16)
_STAND_INS = re.compile(f"{_STAND_IN}(csrf|r[0-9]+){_STAND_IN}")


@functools.cache
def _badge(opened: bool) -> str:
    return render_to_string("meetings/_read_badge.html", {"opened": opened})


def _kept_for_members(
    request: AuthedHttpRequest, meeting: Meeting, upcoming: bool, reads: set[int] | None
) -> dict[str, Any]:
    """What every member of the branch sees alike (`_shared`), kept in this worker's cache under the
    meeting's content version (raised by every action that changes that part,
    `meetings.actions.common.PAGE_CONTENT`; ADR 0013): on a meeting day the branch's members open the
    same page, and it is read once per change. The agenda (`meetings/_agenda.html`) and documents
    (`meetings/_documents.html`) are kept rendered, the motions as rows (each member's vote shows on
    them); the reader's CSRF token and "opened" marks (`reads`: the documents they opened; None: no
    marks) are put into the markup per request."""
    stamp = int(meeting.created_at.timestamp() * 1_000_000)
    key = (
        f"meetings:page-html:{meeting.pk}:{stamp}:{meeting.content_version}:{meeting.state}:"
        f"{int(upcoming)}:{get_script_prefix()}"
    )
    kept: tuple[str, str, list[Any]] | None = cache.get(key)
    if kept is None:
        shared = _shared(meeting, manage=False)
        context = {
            "meeting": meeting,
            **shared,
            "upcoming": upcoming,
            "editable": False,
            "manage": False,
            "member": True,  # whether the reader's marks show is decided per request, below
            "csrf_token": f"{_STAND_IN}csrf{_STAND_IN}",
            "read_stand_in": _STAND_IN,
        }
        kept = (
            render_to_string("meetings/_agenda.html", context),
            render_to_string("meetings/_documents.html", context),
            shared["motions"],
        )
        cache.set(key, kept, KEPT_SECONDS)
    token = get_token(request)

    def own(match: re.Match[str]) -> str:
        what = match.group(1)
        if what == "csrf":
            return token
        if reads is None:
            return ""
        return _badge(int(what[1:]) in reads)

    agenda, documents = (_STAND_INS.sub(own, html) for html in (kept[0], kept[1]))
    return {
        "agenda_html": mark_safe(agenda),  # our own rendering, escaped there
        "documents_html": mark_safe(documents),
        "motions": kept[2],
    }


def meeting_context(request: AuthedHttpRequest, meeting: Meeting) -> dict[str, Any]:
    """Everything the meeting page shows, in a fixed number of queries whatever the branch's size, for a
    meeting read by `meeting_for_page`."""
    manage = can_manage(request.user, meeting.branch)
    member = own_member(request.user)
    mine = member if member is not None and is_branch_member(request.user, meeting.branch) else None
    shared = _shared(meeting, manage=True) if manage else {}
    extras = _extras(meeting, mine)
    finalised_at = extras["minutes_finalised_at"]
    minutes = Minutes(meeting=meeting, finalised_at=finalised_at) if extras["has_minutes"] else None
    ctx: dict[str, Any] = {
        "meeting": meeting,
        **shared,
        "manage": manage,
        "member": member,
        "upcoming": meeting.ends_at >= timezone.now(),
        "editable": False,
        "rsvp_open": meeting.starts_at > timezone.now(),
        "minutes": minutes,
    }
    if mine is not None:
        answer, presence = extras["rsvp_answer"], extras["presence"]
        ctx["my_rsvp"] = Rsvp(answer=answer, reason=extras["rsvp_reason"]) if answer is not None else None
        ctx["my_attendance"] = Attendance(presence=presence) if presence is not None else None
        ctx["my_reads"] = _id_set(extras["my_reads"])
        ctx["my_ballots"] = _id_set(extras["my_ballots"])
        # The member's own notes on this meeting (issue 15 item 7): nobody else's, whatever their role.
        ctx["my_notes"] = _MY_NOTES.rows(user=request.user.pk, meeting=meeting.pk)
    if manage:
        ctx.update(_manager_context(meeting, shared["documents"], minutes))
    else:
        # The "opened" marks show for a handbook member; only a member of the branch has opened any.
        reads = None if member is None else ctx.get("my_reads", set())
        ctx.update(_kept_for_members(request, meeting, ctx["upcoming"], reads))
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
