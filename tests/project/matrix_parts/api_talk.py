"""The API's corrections, questions and notes in the matrix (ward 2's objects). A session gets 401 on
every API operation; tests/api/test_permissions.py walks them with tokens."""

from __future__ import annotations

from typing import Any

from tests.project.matrix_parts.notes import _note
from tests.project.matrix_parts.questions import _question

PROPOSED = "Phường Hai, quê đề nghị sửa"


def _correction(w: Any) -> dict[str, Any]:
    from sotay.corrections.actions import submit_correction
    from sotay.corrections.models import Correction

    c = Correction.objects.filter(member=w.member, field="hometown").first() or submit_correction(
        member=w.member, by=None, field="hometown", value=PROPOSED
    )
    return {"correction_id": c.pk}


FILLERS = {
    **dict.fromkeys(
        ["api:my_correction", "api:correction_detail", "api:forward_report", "api:apply_report"], _correction
    ),
    "api:reject_report": _correction,
    **dict.fromkeys(
        ["api:question_item", "api:answer_committee_question", "api:publish_committee_question"],
        lambda w: {"question_id": _question(w)},
    ),
    **dict.fromkeys(
        ["api:note_item", "api:edit_a_note", "api:delete_a_note"], lambda w: {"note_id": _note(w)}
    ),
}
MARKERS = [PROPOSED]
