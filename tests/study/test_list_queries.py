"""The study's list pages run a fixed number of queries, however many studies, members or reflections."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from sotay.accounts.models import Role
from sotay.study.actions import create_study, open_study, save_reflection
from tests import factories
from tests.queries import assert_flat

pytestmark = pytest.mark.usefixtures("no_n_plus_one")
_n = itertools.count()


def _more_studies(tree, unit_staff, ward_doc):
    def grow():
        for org in (tree.ward1, tree.branch1):
            s = create_study(
                by=unit_staff,
                org=org,
                title=f"Đợt học tập {next(_n)}",
                prompt="Liên hệ bản thân",
                due_on=timezone.localdate() + datetime.timedelta(days=5),
                document_ids=[ward_doc.pk],
            )
            open_study(by=unit_staff, study=s)
            create_study(  # a draft as well
                by=unit_staff,
                org=org,
                title=f"Bản nháp {next(_n)}",
                prompt="P",
                due_on=timezone.localdate() + datetime.timedelta(days=5),
                document_ids=[ward_doc.pk],
            )

    return grow


def test_study_list_is_flat_for_a_member_and_for_staff(client, tree, member_user, unit_staff, ward_doc):
    grow = _more_studies(tree, unit_staff, ward_doc)
    grow()
    client.force_login(member_user)
    assert_flat(client, "/hoc-tap/", grow, at_most=10)
    client.force_login(unit_staff)
    assert_flat(client, "/hoc-tap/", grow, at_most=12)


def _more_reflections(tree, study):
    def grow():
        for branch in (tree.branch1, tree.branch2):
            member = factories.member(branch)
            user = factories.user(f"dv{next(_n)}", role=Role.MEMBER, at=branch, member=member)
            save_reflection(by=user, study=study, text="Bài thu hoạch", submit=True)
            factories.member(branch)  # and one who has not started

    return grow


def test_review_queue_is_flat(client, tree, study, secretary):
    grow = _more_reflections(tree, study)
    grow()
    client.force_login(secretary)
    assert_flat(client, "/hoc-tap/cho-nhan-xet/", grow, at_most=10)
    assert_flat(client, "/hoc-tap/cho-nhan-xet/?xem=tat-ca", grow, at_most=10)


def test_statistics_and_names_are_flat(client, tree, study, unit_staff):
    grow = _more_reflections(tree, study)
    grow()
    client.force_login(unit_staff)
    assert_flat(client, f"/hoc-tap/{study.pk}/thong-ke/", grow, at_most=12)
    for slug in ("da-nop", "chua-bat-dau"):
        assert_flat(client, f"/hoc-tap/{study.pk}/thong-ke/{tree.ward1.pk}/{slug}/", grow, at_most=12)


def test_study_page_is_flat(client, tree, study, member_user, secretary, ward_doc):
    def grow():
        from sotay.study.actions import change_study
        from tests.library.conftest import make_doc

        doc = make_doc(tree.city, f"Văn bản thêm {next(_n)}")
        ids = [*study.documents.values_list("pk", flat=True), doc.pk]
        change_study(by=secretary_staff, study=study, due_on=study.due_on, document_ids=ids)

    secretary_staff = study.created_by
    client.force_login(member_user)
    assert_flat(client, f"/hoc-tap/{study.pk}/", grow, at_most=14)
