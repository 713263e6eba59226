"""Duplicate pairs side by side, field by field; merge with chosen survivors, un-merge, or separate."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.campaign.access import get_batch, get_unit
from sotay.campaign.actions import merge
from sotay.campaign.models import DuplicatePair, PairState
from sotay.campaign.values import as_text, display
from sotay.core.errors import ActionError
from sotay.core.http import flash_errors
from sotay.pipeline import schema

LABELS = {name: schema.label(name) for name in merge.MERGE_FIELDS}


def _rows(pair: DuplicatePair) -> list[dict[str, Any]]:
    chosen = merge.default_choices(pair) if pair.state == PairState.OPEN else pair.snapshot.get("choices", {})
    out = []
    for field in merge.MERGE_FIELDS:
        a, b = as_text(getattr(pair.a, field)), as_text(getattr(pair.b, field))
        if pair.state == PairState.MERGED:
            a, b = pair.snapshot["a"][field], pair.snapshot["b"][field]
        out.append(
            {
                "field": field,
                "label": LABELS[field],
                "a": display(field, a),
                "b": display(field, b),
                "same": a == b,
                "chosen": chosen.get(field, "a"),
            }
        )
    return out


@login_required
def unit_duplicates(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    batch = get_batch(unit)
    state = request.GET.get("state", "open")
    pairs = batch.pairs.select_related("a", "b")
    if state in PairState.values:
        pairs = pairs.filter(state=state)
    page = Paginator(pairs.order_by("-score", "a__row"), 20).get_page(request.GET.get("page"))
    items = []
    for p in page.object_list:
        rows = _rows(p)
        items.append(
            {"pair": p, "differs": [r for r in rows if not r["same"]], "same": [r for r in rows if r["same"]]}
        )
    return render(
        request,
        "campaign/duplicates.html",
        {
            "unit": unit,
            "batch": batch,
            "page": page,
            "items": items,
            "state": state,
            "query": urlencode({"state": state}),
            "states": PairState.choices,
            "editable": batch.state == "checked",
        },
    )


def _pair_for(request: AuthedHttpRequest, pk: int, pair_pk: int) -> DuplicatePair:
    unit = get_unit(request, pk)
    pair = DuplicatePair.objects.filter(pk=pair_pk, batch__unit=unit).first()
    if pair is None:
        raise Http404("Không tìm thấy cặp trùng.")
    return pair


@login_required
@require_POST
def pair_decide(request: AuthedHttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    pair = _pair_for(request, pk, pair_pk)
    action = request.POST.get("action")
    try:
        if action == "merge":
            choices = {
                f: request.POST[f"choose_{f}"] for f in merge.MERGE_FIELDS if f"choose_{f}" in request.POST
            }
            survivor = merge.merge_pair(pair=pair, by=request.user, choices=choices)
            messages.success(request, f"Đã gộp dòng {pair.b.row} vào dòng {survivor.row}.")
        elif action == "unmerge":
            merge.unmerge_pair(pair=pair, by=request.user)
            messages.success(request, "Đã tách lại hai bản ghi như trước khi gộp.")
        elif action == "not_same":
            merge.mark_not_same(pair=pair, by=request.user, note=request.POST.get("note", ""))
            messages.success(
                request, "Đã ghi nhận: hai người khác nhau. Nếu trùng số CCCD, hãy sửa số của một người."
            )
        else:
            raise ActionError({"action": ["Thao tác không hợp lệ."]})
    except ActionError as exc:
        flash_errors(request, exc)
    return redirect("unit_duplicates", pk=pk)
