"""A member's "xem sau" list, and the pages of it the service worker keeps for offline reading."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

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


# The most recent bookmarks kept on the phone (each with its file: at most SOTAY_LIBRARY_MAX_FILE_MB).
OFFLINE_BOOKMARKS = 20


def _kept(request: AuthedHttpRequest) -> Any:
    # Bookmarks of documents the user no longer reads (moved away, withdrawn) are not shown nor kept.
    return Bookmark.objects.filter(
        user=request.user, document__in=access.documents_visible_to(request.user)
    ).select_related("document", "document__issued_at")


@login_required
@require_GET
def offline_pages(request: AuthedHttpRequest) -> JsonResponse:
    """The pages the service worker (/sw.js) keeps for offline reading: the member's bookmarked
    documents and their files. A page dropped from this list is dropped from the phone's cache."""
    urls: list[str] = []
    rows = (
        _kept(request)
        .order_by("-created_at", "-id")
        .values_list("document_id", "document__file")[:OFFLINE_BOOKMARKS]
    )
    for pk, file in rows:
        urls.append(reverse("document_detail", args=[pk]))
        if file:
            urls.append(reverse("library_file", args=[pk]))
    return JsonResponse({"urls": urls}, headers={"Cache-Control": "private, no-store"})


@login_required
def bookmarks(request: AuthedHttpRequest) -> HttpResponse:
    kept = _kept(request).defer("document__text")[:200]
    return render(request, "library/bookmarks.html", {"kept": kept})
