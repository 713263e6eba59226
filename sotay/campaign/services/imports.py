"""Importing a unit's legacy export into the staging area: checked, all-or-nothing, idempotent."""

from __future__ import annotations

import datetime
import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sotay.audit.log import record as audit
from sotay.audit.models import AuditAction
from sotay.campaign.models import (
    BatchState,
    DuplicatePair,
    Finding,
    ImportBatch,
    StagedRecord,
    StepKind,
    StepState,
)
from sotay.campaign.services.legacy_io import FINDING_FIELD, write_orgs_csv
from sotay.orgs.models import Org
from sotay.pipeline import InputError, check_file, read_members
from sotay.pipeline.internals.headers import MEMBER_COLUMNS, map_headers

if TYPE_CHECKING:
    from sotay.accounts.models import User
    from sotay.campaign.models import CampaignUnit

ALLOWED_SUFFIXES = (".csv", ".xlsx")
BULK = 2000
FREE_TEXT = {"que_quan": "hometown", "noi_thuong_tru": "residence", "trinh_do_hoc_van": "education"}
FREE_TEXT["ly_luan_chinh_tri"] = "political_theory"


class ImportRefused(Exception):
    """The file cannot be imported; `message` is Vietnamese, for the unit's staff. Nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportOutcome:
    batch: ImportBatch
    created: bool


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _header_of_key(raw: pl.DataFrame) -> dict[str, str]:
    """Checker key -> the file's header, for the known columns (the checker's own header matching)."""
    headers = [c for c in raw.columns if c != "row"]
    return {key: headers[pos] for key, pos in map_headers(headers, MEMBER_COLUMNS).items()}


def _date(value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _clean_text(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def _refuse_wrong_subtree(unit_org: Org, codes: set[str]) -> None:
    """A file naming branches of another unit is someone else's file: refuse it whole."""
    known = Org.objects.filter(code__in=codes)
    outside = sorted(o.code for o in known if not o.path.startswith(unit_org.path))
    if outside:
        listed = ", ".join(outside[:10]) + (" …" if len(outside) > 10 else "")
        raise ImportRefused(
            f"Tệp có đảng viên thuộc tổ chức ngoài {unit_org.name} ({listed}). "
            "Mỗi đơn vị chỉ nhập tệp của chính mình; hãy kiểm tra lại tệp."
        )
    inside = [o for o in known if o.path.startswith(unit_org.path)]
    if codes and not inside:
        raise ImportRefused(
            f"Không có mã tổ chức nào trong tệp thuộc {unit_org.name}. Có thể đây là tệp của đơn vị khác."
        )


def import_file(
    *,
    unit: CampaignUnit,
    source: Path,
    original_name: str,
    by: User | None,
    today: datetime.date | None = None,
) -> ImportOutcome:
    """Check `source` and stage it for `unit`'s review queue.

    Uploading the same bytes again changes nothing; a different file supersedes the unit's
    un-promoted batch. Any failure leaves the database and the file store as they were.
    """
    if Path(original_name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise ImportRefused("Chỉ nhận tệp .csv (UTF-8) hoặc .xlsx xuất từ CSDL đảng viên 3.0.")
    sha = file_sha256(source)
    existing = ImportBatch.objects.filter(unit=unit, sha256=sha).first()
    if existing is not None:
        return ImportOutcome(existing, created=False)
    with tempfile.TemporaryDirectory(prefix="sotay-import-") as tmp:
        orgs_csv = write_orgs_csv(unit.org, Path(tmp) / "orgs.csv")
        try:
            raw = read_members(source)
            result = check_file(source, orgs_csv, today=today, report=False)
        except InputError as exc:
            raise ImportRefused(exc.message_vi) from None
    header_of_key = _header_of_key(raw)
    org_header = header_of_key.get("ma_to_chuc")
    codes = (
        {str(c).strip() for c in raw[org_header].drop_nulls().to_list() if str(c).strip()}
        if org_header
        else set()
    )
    _refuse_wrong_subtree(unit.org, codes)
    store = Path(settings.MEDIA_ROOT) / "imports" / str(unit.pk)
    store.mkdir(parents=True, exist_ok=True)
    stored = store / f"{sha}{Path(original_name).suffix.lower()}"
    fresh_copy = not stored.exists()
    if fresh_copy:
        shutil.copyfile(source, stored)
    try:
        batch = _stage(unit, raw, header_of_key, result, stored, sha, original_name, by)
    except BaseException:
        if fresh_copy:
            stored.unlink(missing_ok=True)
        raise
    return ImportOutcome(batch, created=True)


@transaction.atomic
def _stage(
    unit: CampaignUnit,
    raw: pl.DataFrame,
    header_of_key: dict[str, str],
    result: Any,
    stored: Path,
    sha: str,
    original_name: str,
    by: User | None,
) -> ImportBatch:
    ImportBatch.objects.filter(unit=unit, state=BatchState.CHECKED).update(state=BatchState.SUPERSEDED)
    batch = ImportBatch.objects.create(
        unit=unit,
        original_name=original_name[:255],
        sha256=sha,
        stored_path=str(stored),
        rows=raw.height,
        uploaded_by=by,
        checked_at=timezone.now(),
    )
    headers = [c for c in raw.columns if c != "row"]
    records: list[StagedRecord] = []
    for raw_row, norm in zip(raw.iter_rows(named=True), result.normalized.iter_rows(named=True), strict=True):
        cells = {h: raw_row[h] for h in headers if raw_row[h] not in (None, "")}
        rec = StagedRecord(
            batch=batch,
            row=raw_row["row"],
            member_code=(norm["member_code"] or "")[:32],
            raw=cells,
            full_name=norm["ho_ten"] or "",
            birth_date=_date(norm["ngay_sinh"]),
            gender=norm["gioi_tinh"] or "",
            cccd=norm["cccd"] or "",
            card_number=norm["so_the"] or "",
            admission_date=_date(norm["ngay_vao_dang"]),
            official_date=_date(norm["ngay_chinh_thuc"]),
            ethnicity=norm["dan_toc"] or "",
            religion=norm["ton_giao"] or "",
            phone=norm["so_dien_thoai"] or "",
            # The checker leaves an unknown code empty; keep what the file said so a person can fix it.
            org_code=(norm["ma_to_chuc"] or _clean_text(raw_row.get(header_of_key.get("ma_to_chuc", ""))))[
                :40
            ],
            status=norm["tinh_trang"] or "",
            provenance={},
        )
        for key, field in FREE_TEXT.items():
            if key in header_of_key:
                setattr(rec, field, _clean_text(raw_row[header_of_key[key]])[:255])
        records.append(rec)
    StagedRecord.objects.bulk_create(records, batch_size=BULK)
    by_row = dict(StagedRecord.objects.filter(batch=batch).values_list("row", "pk"))
    findings: dict[tuple[int, str, str], Finding] = {}
    for f in result.findings.iter_rows(named=True):
        field = FINDING_FIELD.get(f["field"] or "", "")
        fkey = (f["row"], f["rule"], field)
        if fkey in findings:  # e.g. one row probably the same person as two others: one finding, both named
            same = findings[fkey]
            same.suggestion = f"{same.suggestion}; {f['suggestion'] or ''}"[:255]
            continue
        header = header_of_key.get(f["field"] or "", "") or (f["field"] or "")
        original = raw.row(f["row"] - 1, named=True).get(header) if header in raw.columns else None
        findings[fkey] = Finding(
            batch=batch,
            record_id=by_row[f["row"]],
            rule=f["rule"],
            field=field,
            severity=f["severity"],
            message=(f["message"] or "")[:500],
            suggestion=(f["suggestion"] or "")[:255],
            original=(original or "")[:255],
        )
    Finding.objects.bulk_create(findings.values(), batch_size=BULK)
    DuplicatePair.objects.bulk_create(
        (
            DuplicatePair(batch=batch, a_id=by_row[p["row_a"]], b_id=by_row[p["row_b"]], score=p["score"])
            for p in result.duplicates.iter_rows(named=True)
        ),
        batch_size=BULK,
    )
    unit.set_step(StepKind.CLEAN, StepState.IN_PROGRESS)
    audit(
        actor=by,
        action=AuditAction.CREATE,
        object_type="import_batch",
        object_id=batch.pk,
        org=unit.org,
        summary=f"Nhập tệp {original_name[:80]} ({raw.height} dòng, {len(findings)} phát hiện)",
    )
    return batch
