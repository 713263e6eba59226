"""The account's own display choices: "chữ lớn" (larger text on every page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from sotay.accounts.actions import set_large_text
from sotay.accounts.http import AuthedHttpRequest
from sotay.core.http import same_site_path


@login_required
@require_POST
def large_text(request: AuthedHttpRequest) -> HttpResponse:
    """POST bat=1|0: turn larger text on or off for this account (on every device), back to `next`."""
    wanted = request.POST.get("bat")
    if wanted not in ("0", "1"):
        return HttpResponseBadRequest("Yêu cầu không hợp lệ.")
    set_large_text(user=request.user, on=wanted == "1")
    return redirect(same_site_path(request, request.POST.get("next")))
