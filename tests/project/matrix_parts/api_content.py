"""The API's library, news, study and dashboard patterns in the matrix (bearer tokens only: a session
gets 401 on each). Objects of ward 2; tests/api/test_permissions.py walks these operations with tokens."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

STUDY = "Học tập nghị quyết riêng của phường Hai"


def _doc(w: Any) -> dict[str, Any]:
    from tests.project.matrix_parts.library import _doc as ward2_doc

    return {"doc_id": ward2_doc(w)}


def _news(w: Any) -> dict[str, Any]:
    from tests.project.matrix_parts.news import _item as ward2_item

    return {"news_id": ward2_item(w)}


def _study(w: Any) -> Any:
    from sotay.study.models import Reflection, ReflectionStatus, Study, StudyStatus
    from tests import factories

    study = Study.objects.filter(title=STUDY).first()
    if study is None:
        study = Study.objects.create(
            org=w.tree.unit2,
            title=STUDY,
            prompt="Liên hệ bản thân.",
            due_on=timezone.localdate() + datetime.timedelta(days=14),
            status=StudyStatus.OPEN,
        )
        member = factories.member(w.tree.unit2, full_name="Vũ Văn Học")
        Reflection.objects.create(
            study=study,
            member=member,
            branch=w.tree.unit2,
            text="Bài thu hoạch phường Hai",
            status=ReflectionStatus.SUBMITTED,
        )
    return study


def _study_id(w: Any) -> dict[str, Any]:
    return {"study_id": _study(w).pk}


def _reflection_id(w: Any) -> dict[str, Any]:
    return {"reflection_id": _study(w).reflections.get().pk}


def _ward2(w: Any) -> dict[str, Any]:
    return {"org_id": w.tree.ward2.pk}


FILLERS = {
    **dict.fromkeys(
        ["api:library_document", "api:library_file", "api:library_keep", "api:library_unkeep"], _doc
    ),
    "api:library_mark_read": _doc,
    **dict.fromkeys(
        [
            "api:news_item",
            "api:news_submit",
            "api:news_approve",
            "api:news_return",
            "api:news_withdraw",
            "api:news_edit",
            "api:news_pin",
            "api:news_unpin",
        ],
        _news,
    ),
    **dict.fromkeys(
        [
            "api:study_detail",
            "api:my_reflection",
            "api:save_my_reflection",
            "api:submit_my_reflection",
            "api:study_reflections",
            "api:study_progress",
            "api:study_change",
            "api:study_open",
            "api:study_close",
        ],
        _study_id,
    ),
    "api:complete_reflection": _reflection_id,
    "api:return_reflection": _reflection_id,
    **dict.fromkeys(
        [
            "api:dashboard_funnel",
            "api:dashboard_league",
            "api:dashboard_meetings",
            "api:dashboard_quality",
            "api:dashboard_refresh",
            "api:dashboard_no_meeting_file",
            "api:dashboard_report_file",
        ],
        _ward2,
    ),
    "api:dashboard_list": lambda w: {"org_id": w.tree.ward2.pk, "slug": "dang-sinh-hoat"},
    "api:dashboard_no_meeting": _ward2,
    "api:dashboard_list_file": lambda w: {"org_id": w.tree.ward2.pk, "slug": "dang-sinh-hoat"},
}
MARKERS = [STUDY, "Vũ Văn Học", "Bài thu hoạch phường Hai"]
