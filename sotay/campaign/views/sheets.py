"""Choosing the sheet of a workbook that holds a member list on several, without uploading it again.

The upload keeps such a file in the unit's staging area, in a folder with a random name, and remembers it in
the person's session (one file per session, for one unit, for `PENDING_HOURS`). Choosing a sheet imports it
and forgets it; a second submit finds nothing to do. Nothing is written to the database before the choice.
"""

from __future__ import annotations

import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from sotay.accounts.http import AuthedHttpRequest
from sotay.campaign.access import get_unit
from sotay.campaign.actions import imports
from sotay.campaign.models import CampaignUnit

SESSION_KEY = "sotay_sheet_choice"
PENDING_HOURS = 12
GONE = "Không còn tệp nào chờ chọn trang tính (đã nhập xong hoặc đã quá hạn). Hãy tải tệp lên lại."


def _pending_root(unit: CampaignUnit) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(unit.pk) / "pending"


def _sweep(root: Path) -> None:
    """Remove files left waiting for a choice longer than `PENDING_HOURS` (closed browsers, lost sessions)."""
    if not root.is_dir():
        return
    cutoff = time.time() - PENDING_HOURS * 3600
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def forget(request: AuthedHttpRequest) -> None:
    """Drop the session's waiting file, if any."""
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        shutil.rmtree(pending["folder"], ignore_errors=True)


def keep_for_choice(request: AuthedHttpRequest, unit: CampaignUnit, path: Path, sheets: list[str]) -> None:
    """Move the uploaded file at `path` (named as the person named it) to staging until they choose."""
    root = _pending_root(unit)
    _sweep(root)
    forget(request)
    folder = root / secrets.token_urlsafe(18)
    folder.mkdir(parents=True)
    shutil.move(str(path), folder / path.name)
    request.session[SESSION_KEY] = {
        "unit": unit.pk,
        "folder": str(folder),
        "name": path.name,
        "sheets": sheets,
        "at": time.time(),
    }


def _waiting(request: AuthedHttpRequest, unit: CampaignUnit) -> dict[str, Any] | None:
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("unit") != unit.pk:
        return None
    fresh = time.time() - float(pending.get("at", 0)) < PENDING_HOURS * 3600
    if not fresh or not (Path(pending["folder"]) / pending["name"]).is_file():
        forget(request)
        return None
    return pending


@login_required
def unit_choose_sheet(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    pending = _waiting(request, unit)
    if pending is None:
        messages.info(request, GONE)
        return redirect("unit_home", pk=pk)
    error = ""
    if request.method == "POST":
        sheet = request.POST.get("sheet", "")
        if sheet not in pending["sheets"]:
            error = "Hãy chọn một trong các trang tính của tệp dưới đây."
        else:
            return _import(request, unit, pending, sheet)
    return render(
        request,
        "campaign/choose_sheet.html",
        {"unit": unit, "name": pending["name"], "sheets": pending["sheets"], "error": error},
        status=400 if error else 200,
    )


def _import(
    request: AuthedHttpRequest, unit: CampaignUnit, pending: dict[str, Any], sheet: str
) -> HttpResponse:
    name = pending["name"]
    # Forget first: a second submit of the same choice, even while this one runs, finds nothing to do.
    request.session.pop(SESSION_KEY, None)
    request.session.save()
    try:
        outcome = imports.import_file(
            unit=unit, source=Path(pending["folder"]) / name, original_name=name, by=request.user, sheet=sheet
        )
    except imports.ImportRefused as exc:
        messages.error(request, exc.message)
        return redirect("unit_home", pk=unit.pk)
    finally:
        shutil.rmtree(pending["folder"], ignore_errors=True)
    if outcome.created:
        messages.success(
            request,
            f"Đã nhập {outcome.batch.rows} dòng từ trang tính «{sheet}» của «{name}» và kiểm tra xong.",
        )
        if outcome.carried is not None and (said := outcome.carried.summary()):
            messages.info(request, said)
        for note in outcome.layout_notes:
            messages.info(request, f"Lưu ý: {note}.")
    else:
        messages.info(request, "Trang tính này của tệp đã được nhập trước đó; không có gì thay đổi.")
    return redirect("unit_home", pk=unit.pk)
