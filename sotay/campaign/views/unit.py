"""A unit's workspace: upload, the batch's state, promotion, reconciliation."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.campaign.access import get_batch, get_unit
from sotay.campaign.actions import imports, promote, review
from sotay.campaign.actions.sync import refuse_unreconciled
from sotay.campaign.models import BatchState
from sotay.campaign.queries import difference_rows, unit_rows
from sotay.campaign.views.sheets import keep_for_choice
from sotay.core.errors import ActionError
from sotay.core.http import flash_errors
from sotay.corrections.queries import open_corrections
from sotay.handbook.sync.health import sync_health
from sotay.pipeline import limits


@login_required
def unit_home(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    row = unit_rows(unit.campaign, [unit], timezone.localdate())[0]
    batch = unit.current_batch()
    history = list(unit.batches.order_by("-uploaded_at")[:10])
    return render(
        request,
        "campaign/unit.html",
        {
            "unit": unit,
            "row": row,
            "batch": batch,
            "history": history,
            # Members' reports of wrong values in this unit, still open (sotay.corrections).
            "open_corrections": open_corrections(unit.org, limit=20),
            "can_promote": batch is not None and batch.state == BatchState.CHECKED and row.open_errors == 0,
            "health": sync_health(unit.org)
            if batch is not None and batch.state == BatchState.PROMOTED
            else None,
            # The rule of the one sync action (campaign.actions.sync), to show the button only when it holds.
            "can_sync": not refuse_unreconciled(unit.org),
        },
    )


def _file_name(given: str) -> str:
    """The name of the file as the person chose it, safe as a file name in a temporary folder."""
    name = given.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '<>:"|?*').strip(" .")
    if len(name) > 120:
        name = Path(name).stem[:100] + Path(name).suffix[:10]
    return name if Path(name).stem else "tep" + Path(name).suffix


@login_required
@require_POST
def unit_upload(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Hãy chọn tệp danh sách đảng viên (.csv, .xlsx, .xls hoặc .ods) để tải lên.")
        return redirect("unit_home", pk=pk)
    if upload.size and upload.size > limits.MAX_UPLOAD_BYTES:
        messages.error(request, "Tệp lớn hơn 200 MB. Hãy tách theo đơn vị rồi tải lên từng tệp.")
        return redirect("unit_home", pk=pk)
    name = _file_name(upload.name or "")
    with tempfile.TemporaryDirectory(prefix="sotay-upload-") as tmp:
        # Stored under the user's own file name, so every message about the file names the file they chose.
        path = Path(tmp) / (Path(name).stem + Path(name).suffix.lower())
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        try:
            outcome = imports.import_file(unit=unit, source=path, original_name=name, by=request.user)
        except imports.SheetToChoose as exc:
            keep_for_choice(request, unit, path, exc.sheets)  # the next page says why and lists them
            return redirect("unit_choose_sheet", pk=pk)
        except imports.ImportRefused as exc:
            messages.error(request, exc.message)
            return redirect("unit_home", pk=pk)
    if outcome.created:
        messages.success(request, f"Đã nhập {outcome.batch.rows} dòng từ «{name}» và kiểm tra xong.")
        if outcome.carried is not None and (said := outcome.carried.summary()):
            messages.info(request, said)
        for note in outcome.layout_notes:
            messages.info(request, f"Lưu ý: {note}.")
    else:
        messages.info(request, "Tệp này đã được nhập trước đó; không có gì thay đổi.")
    return redirect("unit_home", pk=pk)


@login_required
@require_POST
def unit_recheck(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    try:
        counts = review.recheck(batch=get_batch(unit), by=request.user)
    except ActionError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            f"Đã kiểm tra lại: {counts['resolved']} lỗi đã hết, {counts['new']} phát hiện mới, "
            f"{counts['reopened']} mở lại.",
        )
    return redirect("unit_queue", pk=pk)


@login_required
@require_POST
def unit_promote(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    batch = get_batch(unit)
    try:
        counts = promote.promote_batch(batch=batch, by=request.user)
    except ActionError as exc:
        flash_errors(request, exc)
        return redirect("unit_home", pk=pk)
    outcome = promote.reconcile_batch(batch=batch, by=request.user)
    messages.success(
        request, f"Đã chuyển lên CSDL 4.0: {counts['created']} hồ sơ mới, {counts['updated']} hồ sơ cập nhật."
    )
    if outcome["unexplained_count"]:
        messages.error(request, f"Đối chiếu còn {outcome['unexplained_count']} khác biệt chưa giải thích.")
    return redirect("unit_reconciliation", pk=pk)


@login_required
@require_POST
def unit_reconcile(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    try:
        promote.reconcile_batch(batch=get_batch(unit), by=request.user)
    except ActionError as exc:
        flash_errors(request, exc)
        return redirect("unit_home", pk=pk)
    return redirect("unit_reconciliation", pk=pk)


@login_required
def unit_reconciliation(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    batch = get_batch(unit)
    r = batch.reconciliation
    return render(
        request,
        "campaign/reconciliation.html",
        {
            "unit": unit,
            "batch": batch,
            "r": r,
            "unexplained": difference_rows(r.get("unexplained", [])),
            "explained": difference_rows(r.get("explained_items", [])),
        },
    )
