"""A member's "xem sau" list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.library import access, actions
from sotay.library.models import Bookmark


@login_required
@require_POST
def bookmark_toggle(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    doc = access.get_document_for_user(request.user, pk)
    keep = request.POST.get("keep") == "1"
    if actions.bookmark_document(by=request.user, document=doc, keep=keep):
        messages.success(request, "Đã lưu để xem sau." if keep else "Đã bỏ khỏi danh sách xem sau.")
    return redirect("document_detail", pk=doc.pk)


@login_required
def bookmarks(request: AuthedHttpRequest) -> HttpResponse:
    # Bookmarks of documents the user no longer reads (moved to another branch) are not shown.
    kept = (
        Bookmark.objects.filter(user=request.user, document__in=access.documents_visible_to(request.user))
        .select_related("document", "document__issued_at")
        .defer("document__text")[:200]
    )
    return render(request, "library/bookmarks.html", {"kept": kept})
