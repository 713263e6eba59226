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

from sotay import vn
from sotay.audit.log import record as audit
from sotay.audit.models import AuditAction
from sotay.campaign.actions.carryover import CarryOver, carry_decisions
from sotay.campaign.actions.review import recheck
from sotay.campaign.gate import gate_findings
from sotay.campaign.legacy import FINDING_FIELD, write_orgs_csv
from sotay.campaign.models import (
    BatchState,
    DuplicatePair,
    Finding,
    ImportBatch,
    StagedRecord,
    StepKind,
    StepState,
)
from sotay.campaign.queries import live_records
from sotay.orgs.models import Org
from sotay.pipeline import CheckResult, InputError, SheetChoiceNeeded, check_file, schema

if TYPE_CHECKING:
    from sotay.accounts.models import User
    from sotay.campaign.models import CampaignUnit

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".xls", ".ods")
BULK = 2000


class ImportRefused(Exception):
    """The file cannot be imported; `message` is Vietnamese, for the unit's staff, `message_en` the same in
    English for the command line (`sotay import`). Nothing was written."""

    def __init__(self, message: str, message_en: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message


class SheetToChoose(ImportRefused):
    """The workbook holds a member list on several sheets (`sheets`): the person chooses one, then imports
    the same file again with `sheet=`. Nothing was written."""

    def __init__(self, message: str, sheets: list[str], message_en: str = "") -> None:
        super().__init__(message, message_en)
        self.sheets = sheets


@dataclass(frozen=True)
class ImportOutcome:
    batch: ImportBatch
    created: bool
    carried: CarryOver | None = None
    # Where the table was found and which rows around it were left out (Vietnamese, for the person).
    layout_notes: tuple[str, ...] = ()


# Field kinds whose checker findings are warnings only: a value the checker cannot normalise stays as read.
KEPT_AS_READ = frozenset({"category", "phone"})


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _date(value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _clean_text(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def _refuse_wrong_subtree(unit_org: Org, codes: set[str], *, guessed: bool = False) -> None:
    """A file naming branches of another unit is someone else's file: refuse it whole. `guessed`: the
    checker recognised one of the unit's branches in a code typed otherwise (`79.p1.u1.b1`, the branch's
    name), so the file is the unit's own even when no code is spelled exactly."""
    known = Org.objects.filter(code__in=codes)
    outside = sorted(o.code for o in known if not o.path.startswith(unit_org.path))
    if outside:
        listed = ", ".join(outside[:10]) + (" …" if len(outside) > 10 else "")
        raise ImportRefused(
            f"Tệp có đảng viên thuộc tổ chức ngoài {unit_org.name} ({listed}). "
            "Mỗi đơn vị chỉ nhập tệp của chính mình; hãy kiểm tra lại tệp.",
            f"The file has members of organisations outside {unit_org.code} ({listed}). Each unit imports "
            "its own file only; check the file.",
        )
    inside = [o for o in known if o.path.startswith(unit_org.path)]
    if codes and not inside and not guessed:
        raise ImportRefused(
            f"Không có mã tổ chức nào trong tệp thuộc {unit_org.name}. Có thể đây là tệp của đơn vị khác.",
            f"No organisation code in the file belongs to {unit_org.code}: it may be another unit's file.",
        )


def import_file(
    *,
    unit: CampaignUnit,
    source: Path,
    original_name: str,
    by: User | None,
    today: datetime.date | None = None,
    sheet: str | None = None,
) -> ImportOutcome:
    """Check `source` and stage it for `unit`'s review queue.

    Uploading the same bytes again changes nothing; a different file supersedes the unit's
    un-promoted batch. Any failure leaves the database and the file store as they were. `sheet` names
    the sheet of a workbook holding a member list on several (SheetToChoose says which); the same file
    with another sheet is another import.
    """
    if Path(original_name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise ImportRefused(
            "Chỉ nhận tệp .csv (UTF-8), .xlsx, .xls hoặc .ods chứa danh sách đảng viên xuất từ CSDL 3.0.",
            "Only .csv (UTF-8), .xlsx, .xls or .ods files holding a CSDL 3.0 member list are accepted.",
        )
    sha = file_sha256(source)
    if sheet is not None:
        sha = hashlib.sha256(f"{sha}\0{sheet}".encode()).hexdigest()
    # The same bytes as a batch still in use change nothing; a file imported before and since replaced is
    # a new upload (a unit may go back to an earlier file), staged afresh with the current work carried.
    existing = ImportBatch.objects.filter(unit=unit, sha256=sha).exclude(state=BatchState.SUPERSEDED).first()
    if existing is not None:
        return ImportOutcome(existing, created=False)
    with tempfile.TemporaryDirectory(prefix="sotay-import-") as tmp:
        orgs_csv = write_orgs_csv(unit.org, Path(tmp) / "orgs.csv")
        try:
            # One read of the file: the check keeps every row as read for staging.
            result = check_file(source, orgs_csv, today=today, report=False, keep_raw=True, sheet=sheet)
        except SheetChoiceNeeded as exc:
            raise SheetToChoose(exc.message_vi, exc.sheets, exc.message) from None
        except InputError as exc:
            raise ImportRefused(exc.message_vi, exc.message) from None
    raw, header_of_key = result.raw, result.headers
    org_header = header_of_key.get("ma_to_chuc")
    codes = (
        {str(c).strip() for c in raw[org_header].drop_nulls().to_list() if str(c).strip()}
        if org_header
        else set()
    )
    guesses = result.findings.filter(
        (pl.col("rule") == "org_unknown") & (pl.col("suggestion").fill_null("") != "")
    )
    _refuse_wrong_subtree(unit.org, codes, guessed=guesses.height > 0)
    store = Path(settings.MEDIA_ROOT) / "imports" / str(unit.pk)
    store.mkdir(parents=True, exist_ok=True)
    stored = store / f"{sha}{Path(original_name).suffix.lower()}"
    fresh_copy = not stored.exists()
    if fresh_copy:
        shutil.copyfile(source, stored)
    try:
        batch, carried = _stage(unit, raw, header_of_key, result, stored, sha, original_name, by, sheet)
    except BaseException:
        if fresh_copy:
            stored.unlink(missing_ok=True)
        raise
    return ImportOutcome(batch, created=True, carried=carried, layout_notes=tuple(result.layout.notes()))


@transaction.atomic
def _stage(
    unit: CampaignUnit,
    raw: pl.DataFrame,
    header_of_key: dict[str, str],
    result: CheckResult,
    stored: Path,
    sha: str,
    original_name: str,
    by: User | None,
    sheet: str | None,
) -> tuple[ImportBatch, CarryOver | None]:
    previous = (
        ImportBatch.objects.filter(unit=unit, state=BatchState.CHECKED)
        .order_by("-uploaded_at", "-id")
        .first()
    )
    ImportBatch.objects.filter(unit=unit, state=BatchState.CHECKED).update(state=BatchState.SUPERSEDED)
    batch = ImportBatch.objects.create(
        unit=unit,
        original_name=original_name[:255],
        sha256=sha,
        sheet=sheet or "",
        stored_path=str(stored),
        rows=raw.height,
        uploaded_by=by,
        checked_at=timezone.now(),
    )
    headers = [c for c in raw.columns if c != "row"]
    records: list[StagedRecord] = []
    for raw_row, norm in zip(raw.iter_rows(named=True), result.normalized.iter_rows(named=True), strict=True):
        cells = {h: raw_row[h] for h in headers if raw_row[h] not in (None, "")}
        rec = StagedRecord(batch=batch, row=raw_row["row"], raw=cells, provenance={})
        for col in schema.LEGACY:
            name = col.staged_field
            if name is None or col.key is None:
                continue
            if col.cleaned:
                value = norm[col.key]
                if col.kind == "date":
                    setattr(rec, name, _date(value))
                elif col.kind == "org":
                    # The checker leaves an unknown code empty; keep what the file said for a person to fix.
                    value = value or _clean_text(raw_row.get(header_of_key.get(col.key, "")))
                    setattr(rec, name, value[: col.max_length])
                elif not value and col.kind in KEPT_AS_READ and col.key in header_of_key:
                    # The checker only warns about these (an unlisted ethnicity, a landline): the value the
                    # file holds is kept, never silently emptied.
                    text = _clean_text(raw_row.get(header_of_key[col.key]))
                    if col.kind == "phone":
                        text = vn.clean_phone(text).value or text  # a landline in its 11-digit form
                    limit = getattr(StagedRecord._meta.get_field(name), "max_length", None)
                    setattr(rec, name, text[:limit])
                else:
                    setattr(rec, name, (value or "")[: col.max_length] if col.kind == "code" else value or "")
            elif col.key in header_of_key:
                setattr(rec, name, _clean_text(raw_row[header_of_key[col.key]])[: col.max_length])
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
    # What the registry would refuse at promotion (a card another unit's member holds, ...), shown now.
    staged = list(live_records(batch))
    Finding.objects.bulk_create(
        (
            Finding(batch=batch, record_id=key[0], rule=key[1], field=key[2], **values)
            for key, values in gate_findings(
                batch, staged, {(f.record_id, f.field) for f in findings.values() if f.severity == "error"}
            ).items()
        ),
        batch_size=BULK,
    )
    DuplicatePair.objects.bulk_create(
        (
            DuplicatePair(batch=batch, a_id=by_row[p["row_a"]], b_id=by_row[p["row_b"]], score=p["score"])
            for p in result.duplicates.iter_rows(named=True)
        ),
        batch_size=BULK,
    )
    unit.set_step(StepKind.CLEAN, StepState.IN_PROGRESS)
    carried = carry_decisions(old=previous, new=batch, by=by) if previous is not None else None
    if carried is not None and carried.kept:
        recheck(batch=batch, by=by, audited=False)  # the carried edits, checked as any edit is
    kept = f"; giữ {carried.kept} quyết định, không giữ được {carried.lost}" if carried else ""
    audit(
        actor=by,
        action=AuditAction.CREATE,
        object_type="import_batch",
        object_id=batch.pk,
        org=unit.org,
        summary=f"Nhập tệp {original_name[:80]} ({raw.height} dòng, {len(findings)} phát hiện{kept})",
    )
    return batch, carried
