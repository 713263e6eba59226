"""Studies and reflections: who opens, who writes, who reviews; late, double submits, hostile input."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sotay.accounts.models import Role
from sotay.audit.models import AuditEvent
from sotay.core.errors import ActionError
from sotay.notifications.models import Notification
from sotay.study.access import get_study_for_user, studies_for
from sotay.study.actions import change_study, create_study, review_reflection, save_reflection
from sotay.study.models import Reflection, ReflectionStatus, Study, StudyStatus
from sotay.study.queries import progress_by_branch, rolled_up
from tests import factories
from tests.library.conftest import make_doc

SOON = datetime.timedelta(days=7)


@pytest.fixture
def binh_user(binh):
    return factories.user("binh", role=Role.MEMBER, at=binh.org, member=binh)


def test_opening_tells_the_target_members_once(member_user, binh_user, study):
    assert study.status == StudyStatus.OPEN
    told = set(Notification.objects.filter(kind="study.opened").values_list("user__username", flat=True))
    assert told == {"hoa"}  # ward 2's member is not a target


def test_moving_the_deadline_tells_again_but_changing_documents_does_not(
    member_user, study, unit_staff, ward_doc
):
    other = make_doc(study.org, "Hướng dẫn của phường")
    change_study(by=unit_staff, study=study, due_on=study.due_on, document_ids=[ward_doc.pk, other.pk])
    assert Notification.objects.filter(user=member_user).count() == 1
    change_study(by=unit_staff, study=study, due_on=study.due_on + SOON, document_ids=[ward_doc.pk])
    assert Notification.objects.filter(user=member_user).count() == 2


def test_documents_must_be_readable_by_the_whole_subtree(tree, unit_staff):
    below = make_doc(tree.branch1, "Văn bản của chi bộ 1")
    with pytest.raises(ActionError):
        create_study(
            by=unit_staff,
            org=tree.ward1,
            title="T",
            prompt="P",
            due_on=timezone.localdate() + SOON,
            document_ids=[below.pk],
        )
    assert not Study.objects.exists()


def test_a_sibling_cannot_open_or_see_a_study(tree, study, outsider, ward_doc):
    with pytest.raises(ActionError):
        create_study(
            by=outsider,
            org=tree.ward1,
            title="T",
            prompt="P",
            due_on=timezone.localdate() + SOON,
            document_ids=[ward_doc.pk],
        )
    assert not studies_for(outsider).exists()
    from django.http import Http404

    with pytest.raises(Http404):
        get_study_for_user(outsider, study.pk)


def test_a_member_submits_is_returned_revises_and_is_completed(study, member_user, secretary):
    draft = save_reflection(
        by=member_user, study=study, text="<script>alert(1)</script> bản nháp", submit=False
    )
    assert draft.status == ReflectionStatus.DRAFT
    r = save_reflection(by=member_user, study=study, text="Bài thu hoạch", submit=True)
    assert (r.pk, r.status, r.late) == (draft.pk, ReflectionStatus.SUBMITTED, False)
    again = save_reflection(by=member_user, study=study, text="Bài thu hoạch", submit=True)
    assert again.pk == r.pk  # a double submit
    with pytest.raises(ActionError):
        save_reflection(by=member_user, study=study, text="Sửa sau khi nộp", submit=True)
    with pytest.raises(ActionError):
        review_reflection(by=secretary, reflection=r, complete=False, comment="  ")
    review_reflection(by=secretary, reflection=r, complete=False, comment="Cần liên hệ thực tế")
    r.refresh_from_db()
    assert r.status == ReflectionStatus.RETURNED
    save_reflection(by=member_user, study=study, text="Bài đã sửa", submit=True)
    review_reflection(by=secretary, reflection=r, complete=True, comment="")
    r.refresh_from_db()
    assert (r.status, r.text) == (ReflectionStatus.COMPLETED, "Bài đã sửa")
    assert Notification.objects.filter(user=member_user, kind="study.reviewed").count() == 2
    assert not AuditEvent.objects.filter(summary__contains="Bài đã sửa").exists()


def test_huge_or_empty_text_changes_nothing(study, member_user):
    for text in ("", "   ", "x" * 20_001):
        with pytest.raises(ActionError):
            save_reflection(by=member_user, study=study, text=text, submit=True)
    assert not Reflection.objects.exists()


def test_a_late_reflection_is_accepted_and_flagged(study, member_user):
    Study.objects.filter(pk=study.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    study.refresh_from_db()
    r = save_reflection(by=member_user, study=study, text="Nộp muộn", submit=True)
    assert r.late


def test_only_the_members_own_branch_committee_reviews(tree, study, member_user, unit_staff):
    r = save_reflection(by=member_user, study=study, text="Bài", submit=True)
    other_branch = factories.user("bithu2", role=Role.BRANCH_SECRETARY, at=tree.branch2)
    for user in (other_branch, unit_staff):
        with pytest.raises(ActionError):
            review_reflection(by=user, reflection=r, complete=True, comment="")
    r.refresh_from_db()
    assert r.status == ReflectionStatus.SUBMITTED


def test_a_member_outside_the_subtree_cannot_write(study, binh_user):
    with pytest.raises(ActionError):
        save_reflection(by=binh_user, study=study, text="Bài", submit=True)
    assert not studies_for(binh_user).exists()


def test_progress_per_branch_and_rolled_up(tree, study, member_user, lan, secretary):
    factories.member(tree.branch1)
    save_reflection(by=member_user, study=study, text="Bài", submit=True)
    rows = progress_by_branch(study, tree.ward1)
    b1, b2 = rows[tree.branch1.pk], rows[tree.branch2.pk]
    assert (b1.target, b1.submitted, b1.not_started) == (2, 1, 1)
    assert (b2.target, b2.not_started) == (1, 1)
    total = rolled_up(rows)
    assert (total.target, total.submitted, total.not_started) == (3, 1, 2)
    assert set(progress_by_branch(study, tree.branch2)) == {tree.branch2.pk}


def test_a_study_names_every_refused_field_at_once(tree, unit_staff):
    with pytest.raises(ActionError) as refused:
        create_study(
            by=unit_staff,
            org=tree.ward1,
            title=" ",
            prompt="",
            due_on=timezone.localdate() - datetime.timedelta(days=1),
            document_ids=[],
        )
    assert set(refused.value.message_dict) == {"title", "prompt", "due_on", "documents"}
    assert not Study.objects.exists()
