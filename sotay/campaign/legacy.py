"""Writing legacy-layout files (legacy-format.md §1–§2) from the registry and from staged records.

The checker and the reconciler read files; the campaign hands them the registry's organisation tree,
the staged records as they stand after review, and the registry's state after a migration.
"""

from __future__ import annotations

import csv
import datetime
import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sotay.members.models import Member, MemberStatus
from sotay.orgs.legacy import LEGACY_KIND_TO_TYPE
from sotay.orgs.models import Org, OrgType
from sotay.pipeline import map_member_headers_loose, schema

# The legacy columns the registry and the staged records hold (STT first); a column carried only in the
# file's raw cells (no registry field) is not written back.
MEMBER_HEADERS = tuple(f.header for f in schema.LEGACY if f.key == "stt" or f.field)
# Reconciler / normalized.csv column -> StagedRecord field.
NORMALIZED_TO_FIELD: dict[str, str] = {
    f.key: f.staged_field for f in schema.LEGACY if f.key and f.cleaned and f.staged_field
}
# A finding's `field` (the checker's column key, or a header) -> StagedRecord field.
FINDING_FIELD: dict[str, str] = schema.FINDING_FIELD
# The legacy row's fields after STT: a staged record's field names, and the registry's.
_STAGED_COLUMNS = tuple(f.staged_field for f in schema.LEGACY if f.staged_field)
_REGISTRY_COLUMNS = tuple(f.field for f in schema.LEGACY if f.field)
STATUS_TO_LEGACY = {
    MemberStatus.CHINH_THUC: "Chính thức",
    MemberStatus.DU_BI: "Dự bị",
    MemberStatus.MIEN_SINH_HOAT: "Miễn sinh hoạt",
}
LEGACY_TO_STATUS = {v: k for k, v in STATUS_TO_LEGACY.items()}
_TYPE_TO_LEGACY = {v: k for k, v in LEGACY_KIND_TO_TYPE.items()} | {
    OrgType.TRUNG_UONG: "Đảng bộ tỉnh",
    OrgType.DANG_BO_KHOI_TW: "Đảng bộ cơ quan",
    OrgType.DANG_BO_BO_PHAN: "Đảng bộ cơ sở",  # not a leaf: that is all the checker needs to know
}


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def write_orgs_csv(root: Org, path: Path) -> Path:
    """The subtree of `root` (current organisations) in the organisations-file layout."""
    orgs = Org.objects.in_subtree(root).current().select_related("parent").order_by("path")
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Mã tổ chức", "Tên tổ chức", "Mã cấp trên", "Loại"])
        for org in orgs:
            parent = org.parent.code if org.parent and org.pk != root.pk else ""
            out.writerow([org.code, org.name, parent, _TYPE_TO_LEGACY[org.type]])
    return path


def _cell(field: str, value: Any) -> str:
    if field in schema.DATE_FIELDS:
        return _date(value)
    return value or ""


def staged_row(record: Any) -> list[str]:
    """A staged record (or any object with its fields) as a legacy row without the STT column.

    A field the checker could not read (an impossible date, an unknown gender) is staged empty; until a
    person changes it, the re-check reads the file's value as typed, so it finds the same problem again
    (date_invalid) rather than a different one (a missing value).
    """
    raw = _raw_by_key(getattr(record, "raw", None) or {})
    touched = getattr(record, "provenance", None) or {}
    out = []
    for name in _STAGED_COLUMNS:
        cell = _cell(name, getattr(record, name))
        f = schema.BY_STAGED[name]
        if not cell and f.cleaned and name not in touched and f.key in raw:
            cell = raw[f.key]
        out.append(cell)
    return out


def _raw_by_key(raw: dict[str, Any]) -> dict[str, str]:
    """The file's cells by checker key (the file's headers matched as the checker matches them)."""
    headers = tuple(raw)
    return {key: str(raw[headers[pos]]) for key, pos in _key_positions(headers).items()}


@functools.lru_cache(maxsize=256)
def _key_positions(headers: tuple[str, ...]) -> dict[str, int]:
    # A file's rows share a few header sets (a row holds only its non-empty cells): match each set once.
    return map_member_headers_loose(list(headers))


def write_members_csv(rows: Iterable[list[str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(MEMBER_HEADERS)
        for number, row in enumerate(rows, start=1):
            out.writerow([str(number), *row])
    return path


def registry_rows(root: Org) -> Iterator[list[str]]:
    """The registry's active members under `root`, as the 4.0 side of a reconciliation.

    Streams with `iterator()`: a city subtree is hundreds of thousands of rows.
    """
    members = (
        Member.objects.active()
        .in_subtree(root)
        .select_related("org")
        .order_by("code")
        .iterator(chunk_size=5000)
    )
    for m in members:
        yield [_registry_cell(m, name) for name in _REGISTRY_COLUMNS]


def _registry_cell(member: Member, name: str) -> str:
    if name == "org":
        return member.org.code
    if name == "status":
        return STATUS_TO_LEGACY[MemberStatus(member.status)]
    return _cell(name, getattr(member, name))
