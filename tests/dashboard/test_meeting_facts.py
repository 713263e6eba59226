"""Meetings and corrections in the facts, against counts made here row by row from the raw tables; the
per-node rollup against the branches' rows; the list of branches without this month's meeting."""

from __future__ import annotations

import datetime
from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from sotay.accounts.models import Role
from sotay.corrections.models import Correction, CorrectionState
from sotay.dashboard import queries
from sotay.dashboard.facts import FIGURES, refresh
from sotay.dashboard.meeting_facts import month_start
from sotay.dashboard.models import BranchDay, NodeDay, RefreshKind
from sotay.meetings import compliance
from sotay.meetings.models import Attendance, Meeting, MeetingKind, MeetingState, Presence
from sotay.members.models import Member
from sotay.orgs.models import BRANCH_TYPES, Org
from tests import factories
from tests.queries import assert_flat

FLAG_FIELD = {
    "month_without_regular": "flag_month_without_regular",
    "quarter_without_thematic": "flag_quarter_without_thematic",
    "documents_late": "flag_documents_late",
    "minutes_late": "flag_minutes_late",
    "next_month_unscheduled": "flag_next_month_unscheduled",
}


def _meeting(branch: Org, starts: datetime.datetime, **kw: Any) -> Meeting:
    values = {"kind": MeetingKind.REGULAR, "state": MeetingState.PUBLISHED, "published_at": starts} | kw
    return Meeting.objects.create(
        branch=branch,
        title="Sinh hoạt",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        **values,
    )


@pytest.fixture
def meetings(adoption: Any) -> Any:
    """Branch 1 held this month's regular meeting (three marked, two present, one by QR); branch 2 has
    only a draft and a thematic meeting; unit 2 held last month's only. Corrections of every state."""
    tree = adoption.tree
    now = timezone.now()
    this_month = month_start(now) + (now - month_start(now)) / 2
    held = _meeting(tree.branch1, this_month)
    b1 = [m for m in adoption.members if m.org_id == tree.branch1.pk][:3]
    Attendance.objects.create(meeting=held, member=b1[0], presence=Presence.PRESENT, by_qr=True)
    Attendance.objects.create(meeting=held, member=b1[1], presence=Presence.PRESENT)
    Attendance.objects.create(meeting=held, member=b1[2], presence=Presence.ABSENT)
    _meeting(tree.branch2, this_month, state=MeetingState.DRAFT, published_at=None)
    _meeting(tree.branch2, this_month, kind=MeetingKind.THEMATIC)
    _meeting(tree.unit2, month_start(now) - datetime.timedelta(days=10))
    _meeting(tree.branch1, now + datetime.timedelta(days=3))  # later this month or next: not yet held
    members = adoption.members
    for i, (state, due) in enumerate(
        [
            (CorrectionState.SUBMITTED, now - datetime.timedelta(days=1)),
            (CorrectionState.FORWARDED, now + datetime.timedelta(days=2)),
            (CorrectionState.APPLIED, now - datetime.timedelta(days=5)),
        ]
    ):
        Correction.objects.create(
            member=members[i], field="phone", proposed_value="0912345678", state=state, due_at=due
        )
    return adoption


def raw(root: Org) -> dict[str, int]:
    now = timezone.now()
    branches = [o for o in Org.objects.all() if o.type in BRANCH_TYPES and o.path.startswith(root.path)]
    ids = {b.pk for b in branches}
    local_now = timezone.localtime(now)
    out = dict.fromkeys(["branches", "held_regular", "attendance_marked", "attendance_present"], 0)
    out["branches"] = len(branches)
    this_month = [
        m
        for m in Meeting.objects.all()
        if m.branch_id in ids
        and m.state == "published"
        and m.starts_at <= now
        and (timezone.localtime(m.starts_at).year, timezone.localtime(m.starts_at).month)
        == (local_now.year, local_now.month)
    ]
    out["held_regular"] = len({m.branch_id for m in this_month if m.kind == "regular"})
    held_ids = {m.pk for m in this_month}
    for a in Attendance.objects.all():
        if a.meeting_id in held_ids:
            out["attendance_marked"] += 1
            out["attendance_present"] += a.presence == "present"
    for field in FLAG_FIELD.values():
        out[field] = 0
    for found in compliance.flags_for(ids, now=now).values():
        for code in {f.code for f in found}:
            out[FLAG_FIELD[code]] += 1
    members = {m.pk: m for m in Member.objects.select_related("org")}
    corrections = [c for c in Correction.objects.all() if members[c.member_id].org.path.startswith(root.path)]
    out["corrections_open"] = sum(c.state in ("submitted", "forwarded") for c in corrections)
    out["corrections_overdue"] = sum(
        c.state in ("submitted", "forwarded") and c.due_at < now for c in corrections
    )
    return out


def test_meeting_and_correction_figures_match_the_raw_tables(meetings: Any) -> None:
    run = refresh()
    tree = meetings.tree
    for node in (tree.city, tree.ward1, tree.unit1, tree.branch1, tree.branch2, tree.ward2, tree.unit2):
        fig = queries.node_figures(node, run.day)
        for key, value in raw(node).items():
            assert fig[key] == value, (node.name, key, fig[key], value)
    city = queries.node_figures(tree.city, run.day)
    assert (city["branches"], city["held_regular"]) == (3, 1)
    assert (city["attendance_marked"], city["attendance_present"], city["checked_in"]) == (3, 2, 1)
    assert (city["corrections_open"], city["corrections_overdue"]) == (2, 1)


def test_rollup_rows_are_the_sums_of_the_branches_rows(meetings: Any) -> None:
    run = refresh()
    parents = [o for o in Org.objects.all() if Org.objects.filter(parent=o).exists()]
    assert NodeDay.objects.filter(day=run.day).count() == len(parents)
    for node in parents:
        rolled = NodeDay.objects.get(org=node, day=run.day)
        rows = [r for r in BranchDay.objects.filter(day=run.day) if r.path.startswith(node.path)]
        for key in FIGURES:
            assert getattr(rolled, key) == sum(getattr(r, key) for r in rows), (node.name, key)
    children = queries.children_figures(meetings.tree.city, run.day)
    assert set(children) == {meetings.tree.ward1.path, meetings.tree.ward2.path}
    assert [d for d, _f in queries.history(meetings.tree.city, run.day, run.day)] == [run.day]


def test_a_new_meeting_is_seen_by_the_incremental_refresh(meetings: Any) -> None:
    refresh()
    tree = meetings.tree
    now = timezone.now()
    _meeting(tree.branch2, month_start(now) + (now - month_start(now)) / 2)
    run = refresh()
    assert run.kind == RefreshKind.INCREMENTAL
    assert queries.node_figures(tree.city, run.day)["held_regular"] == 2
    assert queries.node_figures(tree.ward1, run.day)["held_regular"] == 2


@pytest.mark.usefixtures("no_n_plus_one")
def test_branches_without_a_meeting_listed_and_exported(client: Any, meetings: Any) -> None:
    refresh()
    tree = meetings.tree
    client.force_login(factories.user("bantochuctp", role=Role.UNIT_STAFF, at=tree.city))
    page = client.get(reverse("dashboard_no_meeting", args=[tree.city.pk])).content.decode()
    assert tree.branch2.name in page
    assert tree.unit2.name in page
    assert tree.branch1.name not in page
    node = client.get(reverse("dashboard_node", args=[tree.city.pk])).content.decode()
    assert "Sinh hoạt chi bộ tháng này" in node
    assert "<strong>1/3</strong>" in node
    response = client.get(reverse("dashboard_no_meeting_export", args=[tree.city.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    names = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert sorted(names) == sorted([tree.branch2.name, tree.unit2.name])
    quality = client.get(reverse("dashboard_quality", args=[tree.city.pk])).content.decode()
    assert "quá hạn" in quality


def test_branch_staff_of_another_ward_get_404(client: Any, meetings: Any) -> None:
    refresh()
    client.force_login(factories.user("bantochuc2", role=Role.UNIT_STAFF, at=meetings.tree.ward2))
    for name in ("dashboard_no_meeting", "dashboard_no_meeting_export"):
        assert client.get(reverse(name, args=[meetings.tree.ward1.pk])).status_code == 404
        assert client.get(reverse(name, args=[meetings.tree.ward2.pk])).status_code == 200


@pytest.mark.usefixtures("no_n_plus_one")
def test_no_meeting_list_runs_a_bounded_number_of_queries(client: Any, meetings: Any) -> None:
    def grow() -> None:
        unit = Org.objects.get(pk=meetings.tree.unit1.pk)
        for i in range(3):
            factories.org(f"79.P1.U1.X{i}", "chi_bo", unit, f"Chi bộ thêm {i}")
        refresh(full=True)

    refresh()
    client.force_login(factories.user("bantochuctp", role=Role.UNIT_STAFF, at=meetings.tree.city))
    assert_flat(client, reverse("dashboard_no_meeting", args=[meetings.tree.city.pk]), grow, at_most=12)
