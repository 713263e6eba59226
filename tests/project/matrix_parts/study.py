"""Resolution study in the permission matrix: a study opened for ward 2, and a ward 2 member's reflection
(with its attached file), which no outsider may see."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sotay.accounts.models import Role, User
from sotay.study.actions import create_study, open_study, save_reflection
from sotay.study.models import Reflection, Study

TITLE = "Học tập chuyên đề riêng của phường Hai"
DOC_TITLE = "Kế hoạch học tập của Đảng ủy phường Hai"
TEXT = "Bài thu hoạch riêng của đồng chí Bình ở phường Hai"
FILE_NAME = "thu-hoach-binh-p2.pdf"


def _study(w: Any) -> Study:
    study = Study.objects.filter(title=TITLE).first()
    if study is None:
        from tests.library.conftest import make_doc

        doc = make_doc(w.tree.ward2, DOC_TITLE)
        study = create_study(
            by=w.ward2_staff,
            org=w.tree.ward2,
            title=TITLE,
            prompt="Liên hệ bản thân",
            due_on=timezone.localdate() + datetime.timedelta(days=20),
            document_ids=[doc.pk],
        )
        open_study(by=w.ward2_staff, study=study)
    return study


def _reflection(w: Any) -> int:
    reflection = Reflection.objects.filter(text=TEXT).first()
    if reflection is None:
        from tests import factories
        from tests.library.conftest import pdf_bytes

        study = _study(w)
        owner = User.objects.filter(username="binh.p2").first() or factories.user(
            "binh.p2", role=Role.MEMBER, at=w.tree.unit2, member=w.member
        )
        upload = SimpleUploadedFile(FILE_NAME, pdf_bytes("Bai thu hoach phuong Hai"))
        reflection = save_reflection(by=owner, study=study, text=TEXT, submit=True, upload=upload)
    return reflection.pk


FILLERS = {
    "study_detail": lambda w: {"pk": _study(w).pk},
    "study_edit": lambda w: {"pk": _study(w).pk},
    "study_open": lambda w: {"pk": _study(w).pk},
    "study_close": lambda w: {"pk": _study(w).pk},
    "reflection_save": lambda w: {"pk": _study(w).pk},
    "study_stats": lambda w: {"pk": _study(w).pk},
    "study_names": lambda w: {"pk": _study(w).pk, "org_pk": w.tree.ward2.pk, "slug": "da-nop"},
    "study_names_export": lambda w: {"pk": _study(w).pk, "org_pk": w.tree.ward2.pk, "slug": "da-nop"},
    "reflection_detail": lambda w: {"pk": _reflection(w)},
    "reflection_review": lambda w: {"pk": _reflection(w)},
    "reflection_file": lambda w: {"pk": _reflection(w)},
}
MARKERS = [TITLE, DOC_TITLE, TEXT, FILE_NAME]
# A reflection is read by its member and their own branch committee only: unit staff of the ward and
# above see the statistics and the names, not the text or the file. The review queue is the branch
# committee's.
NOT_FOR_STAFF = {"reflection_detail", "reflection_file", "review_queue"}
