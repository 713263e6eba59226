"""Reading before the meeting in the facts: members who opened this month's meeting documents, against a
count made here from the raw tables; the list of those who have not; scoped like every dashboard list."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import Role
from sotay.dashboard import queries
from sotay.dashboard.facts import refresh
from sotay.dashboard.meeting_facts import month_start
from sotay.meetings.models import Document, DocumentRead, Meeting, MeetingKind, MeetingState
from sotay.members.models import HANDBOOK_STATUSES, Member, MemberStatus
from sotay.orgs.models import Org
from tests import factories


def _meeting(branch: Org, starts: datetime.datetime, state: str = MeetingState.PUBLISHED) -> Meeting:
    return Meeting.objects.create(
        branch=branch,
        kind=MeetingKind.REGULAR,
        title="Sinh hoạt",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        state=state,
        published_at=starts if state == MeetingState.PUBLISHED else None,
    )


def _document(meeting: Meeting, n: int) -> Document:
    return Document.objects.create(
        meeting=meeting,
        title=f"Tài liệu {n}",
        original_name=f"{n}.pdf",
        stored_name=f"doc-{meeting.pk}-{n}",
        content_type="application/pdf",
        size=10,
    )


def _raw(root: Org) -> tuple[int, int]:
    """(due, opened) counted here member by member."""
    now = timezone.localtime()
    this_month = [
        m
        for m in Meeting.objects.filter(state=MeetingState.PUBLISHED)
        if (timezone.localtime(m.starts_at).year, timezone.localtime(m.starts_at).month)
        == (now.year, now.month)
        and m.branch.path.startswith(root.path)
    ]
    docs = [d for d in Document.objects.all() if d.meeting in this_month]
    branches = {d.meeting.branch_id for d in docs}
    due = opened = 0
    for member in Member.objects.filter(org_id__in=branches, status__in=HANDBOOK_STATUSES):
        due += 1
        read = DocumentRead.objects.filter(
            member=member, document__in=docs, document__meeting__branch=member.org
        )
        opened += read.exists()
    return due, opened


def test_documents_opened_match_the_raw_tables_and_the_list(client: Any, adoption: Any) -> None:
    tree = adoption.tree
    now = timezone.now()
    middle = month_start(now) + (now - month_start(now)) / 2
    held = _meeting(tree.branch1, middle)
    first, second = _document(held, 1), _document(held, 2)
    _meeting(tree.branch2, middle)  # no documents: nothing due in branch 2
    old = _meeting(tree.unit2, month_start(now) - datetime.timedelta(days=5))  # last month's
    draft = _meeting(tree.unit2, middle, state=MeetingState.DRAFT)
    b1 = [m for m in adoption.members if m.org_id == tree.branch1.pk]
    official = [m for m in b1 if m.status == MemberStatus.CHINH_THUC]
    exempted = next(m for m in b1 if m.status == MemberStatus.MIEN_SINH_HOAT)
    DocumentRead.objects.create(document=first, member=official[0])
    DocumentRead.objects.create(document=second, member=official[0])  # both: counted once
    DocumentRead.objects.create(document=second, member=official[1])
    DocumentRead.objects.create(document=first, member=exempted)  # the handbook is not for them
    u2 = next(m for m in adoption.members if m.org_id == tree.unit2.pk)
    DocumentRead.objects.create(document=_document(old, 3), member=u2)  # last month's meeting
    DocumentRead.objects.create(document=_document(draft, 4), member=u2)  # a draft's document

    refresh(full=True)

    for node in (tree.city, tree.ward1, tree.branch1, tree.ward2):
        fig = queries.node_figures(node, timezone.localdate())
        assert (fig["documents_due"], fig["documents_opened"]) == _raw(node), node
    fig = queries.node_figures(tree.city, timezone.localdate())
    assert fig["documents_opened"] == 2
    assert fig["documents_due"] > fig["documents_opened"]

    client.force_login(factories.user("bantochuctp", role=Role.UNIT_STAFF, at=tree.city))
    page = client.get(reverse("dashboard_node", args=[tree.city.pk])).content.decode()
    assert f"({fig['documents_opened']}/{fig['documents_due']}," in page
    listed = client.get(reverse("dashboard_list", args=[tree.city.pk, "chua-mo-tai-lieu"])).content.decode()
    unopened = [m for m in official[2:] if m.status in HANDBOOK_STATUSES]
    for m in unopened:
        assert f">{m.code}<" in listed
    assert f">{official[0].code}<" not in listed
    assert f">{official[1].code}<" not in listed
    assert f">{exempted.code}<" not in listed

    client.force_login(factories.user("bantochuc2", role=Role.UNIT_STAFF, at=tree.ward2))
    assert client.get(reverse("dashboard_list", args=[tree.ward1.pk, "chua-mo-tai-lieu"])).status_code == 404


def test_a_new_reading_is_seen_by_the_incremental_refresh(adoption: Any) -> None:
    tree = adoption.tree
    now = timezone.now()
    doc = _document(_meeting(tree.branch1, month_start(now) + (now - month_start(now)) / 2), 1)
    refresh(full=True)
    member = next(m for m in adoption.members if m.org_id == tree.branch1.pk)
    DocumentRead.objects.create(document=doc, member=member)
    refresh()
    assert queries.node_figures(tree.branch1, timezone.localdate())["documents_opened"] == 1
