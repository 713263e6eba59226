"""The home page: what the signed-in user's roles let them do."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sotay.accounts.models import Role
from sotay.accounts.permissions import Cap, assignments, scope_roots
from sotay.core.compiled import count_together
from sotay.meetings.access import next_meeting, own_member
from sotay.members.counts import subtree_totals
from sotay.members.models import ACTIVE_STATUSES
from sotay.members.own import own_record
from sotay.news.queries import unread_counting
from sotay.study.queries import waiting_counting


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    held = assignments(user)
    member_scope = scope_roots(user, Cap.VIEW_MEMBERS)
    # One query over the maintained per-organisation counts for every scope (ADR 0009).
    totals = subtree_totals(member_scope)
    scopes = [
        {
            "org": root,
            "active": totals[root.pk].active,
            "in_transit": totals[root.pk].in_transit,
            "as_of": totals[root.pk].as_of,
        }
        for root in member_scope
    ]
    # The member's own record, read once (with its branch) for every card below.
    record = own_record(user)
    # The member's next branch meeting first: what a member opens the handbook for (issue 13/14).
    member = own_member(user)
    meeting, answer = next_meeting(member) if member is not None else (None, "")
    # Unread news, and open studies still waiting for the member's reflection (a reminder): both
    # counts in one query.
    news = unread_counting(user)
    waiting = waiting_counting(record) if record is not None and record.status in ACTIVE_STATUSES else None
    counts = iter(count_together([c for c in (news, waiting) if c is not None]))
    news_unread = next(counts) if news is not None else 0
    study_waiting = next(counts) if waiting is not None else 0
    context = {
        "handbook_member": member is not None,
        "next_meeting": meeting,
        "next_answer": answer,
        "held": held,
        "scopes": scopes,
        "can_audit": bool(scope_roots(user, Cap.VIEW_AUDIT)),
        "can_edit_content": bool(scope_roots(user, Cap.EDIT_CONTENT)),
        "is_member": bool(getattr(user, "member_id", None)),
        "news_unread": news_unread,
        "study_waiting": study_waiting,
        "is_committee": any(
            a.role in (Role.BRANCH_SECRETARY, Role.BRANCH_DEPUTY, Role.BRANCH_COMMITTEE) for a in held
        ),
    }
    return render(request, "site/home.html", context)
