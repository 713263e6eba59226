from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sotay.study.actions import create_study, open_study
from tests.library.conftest import make_doc
from tests.personas import *  # noqa: F403


@pytest.fixture
def ward_doc(tree):
    return make_doc(tree.city, "Nghị quyết Đại hội Đảng bộ thành phố")


@pytest.fixture
def study(tree, unit_staff, ward_doc):
    """A study opened by the ward's unit staff for the whole ward 1."""
    s = create_study(
        by=unit_staff,
        org=tree.ward1,
        title="Học tập Nghị quyết Đại hội",
        prompt="Liên hệ bản thân",
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        document_ids=[ward_doc.pk],
    )
    open_study(by=unit_staff, study=s)
    s.refresh_from_db()
    return s
