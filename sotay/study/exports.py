"""The Excel workbook of a study's drill-down list. openpyxl stores any text starting with "=" as a
formula: every text cell goes through `neutralise`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from openpyxl import Workbook

from sotay.members.models import MemberQuerySet
from sotay.orgs.models import Org
from sotay.pipeline.formulas import neutralise
from sotay.study.models import ReflectionStatus, Study


def _cells(values: Iterable[Any]) -> list[Any]:
    return [neutralise(v) if isinstance(v, str) else v for v in values]


def names_workbook(
    qs: MemberQuerySet, *, study: Study, title: str, node: Org, now: datetime.datetime
) -> tuple[Workbook, int]:
    """One sheet: the members on the list, their branch and their reflection's state (row by row)."""
    labels = dict(ReflectionStatus.choices)
    book = Workbook(write_only=True)
    ws = book.create_sheet("Danh sách")
    ws.append(_cells([f"{study.title} — {title} — {node.name}"]))
    ws.append(_cells([f"Hạn nộp {study.due_on:%d/%m/%Y}; lập lúc {now:%H:%M %d/%m/%Y}"]))
    ws.append(
        _cells(["Họ và tên", "Mã đảng viên", "Chi bộ", "Tình trạng bài thu hoạch", "Nộp lúc", "Nộp muộn"])
    )
    n = 0
    for m in qs.iterator(chunk_size=2000):
        submitted = m.reflection_submitted_at  # type: ignore[attr-defined]
        ws.append(
            _cells(
                [
                    m.full_name,
                    m.code,
                    m.org.name,
                    labels.get(m.reflection_status or "", "Chưa viết"),  # type: ignore[attr-defined]
                    f"{timezone.localtime(submitted):%H:%M %d/%m/%Y}" if submitted else "",
                    "có" if m.reflection_late else "",  # type: ignore[attr-defined]
                ]
            )
        )
        n += 1
    return book, n
