"""The library's pages: search and browse, a document, its file, publishing and superseding."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.core.errors import ActionError
from sotay.library import access, actions
from sotay.library.files import UNREADABLE_WARNING
from sotay.library.forms import DocumentForm, SearchForm, SupersedeForm
from sotay.library.models import Bookmark, Document
from sotay.library.search import search
from sotay.library.searchtext import parse_query, snippet

PAGE_SIZE = 20
_LIST_FIELDS = ("issued_at", "superseded_by")


@login_required
def library(request: AuthedHttpRequest) -> HttpResponse:
    """Browse (newest first) or search (best first) the documents the user reads, with filters."""
    form = SearchForm(request.GET or None)
    within = access.documents_visible_to(request.user)
    query = parse_query("")
    if form.is_valid():
        data = form.cleaned_data
        query = parse_query(data["q"])
        if data["loai"]:
            within = within.filter(category=data["loai"])
        if data["cap"]:
            within = within.at_level(data["cap"])
        if data["nam"]:
            within = within.filter(issued_on__year=data["nam"])
    try:
        number = max(1, min(int(request.GET.get("page", 1)), 500))
    except ValueError:
        number = 1
    more = False
    if query:
        hits = search(query, within, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
        by_id = Document.objects.select_related(*_LIST_FIELDS).in_bulk(hits.ids)
        docs = [by_id[i] for i in hits.ids if i in by_id]
        total, more = hits.total, hits.more
    else:
        total = within.count()
        start = (number - 1) * PAGE_SIZE
        docs = list(within.select_related(*_LIST_FIELDS).defer("text")[start : start + PAGE_SIZE])
    kept = set(
        Bookmark.objects.filter(user=request.user, document__in=[d.pk for d in docs]).values_list(
            "document_id", flat=True
        )
    )
    results = [
        {"doc": d, "kept": d.pk in kept, "snippet": snippet(f"{d.summary} {d.text}", query) if query else []}
        for d in docs
    ]
    pages = Paginator(range(total), PAGE_SIZE).get_page(number)
    params: dict[str, str] = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "library/list.html",
        {
            "form": form,
            "results": results,
            "total": total,
            "more": more,
            "total_label": f"{total:,}".replace(",", "."),
            "searching": bool(query),
            "page": pages,
            "query": urlencode(params),
            "can_publish": access.publishing_orgs(request.user).exists(),
        },
    )


@login_required
def document_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    doc = access.get_document_for_user(request.user, pk)
    actions.record_reading(by=request.user, document=doc)
    manage = access.can_manage(request.user, doc)
    return render(
        request,
        "library/detail.html",
        {
            "doc": doc,
            "kept": Bookmark.objects.filter(user=request.user, document=doc).exists(),
            "supersedes": list(doc.supersedes.only("id", "number", "title")),
            "manage": manage,
            "candidates": (
                access.documents_managed_by(request.user)
                .exclude(pk=doc.pk)
                .filter(issued_on__gte=doc.issued_on, superseded_by__isnull=True)
                .only("id", "number", "title", "issued_on")[:50]
                if manage and doc.superseded_by_id is None
                else []
            ),
        },
    )


@login_required
def document_file(request: AuthedHttpRequest, pk: int) -> FileResponse:
    """The file, only to those who read the document; under its original name, never guessable."""
    doc = access.get_document_for_user(request.user, pk)
    if not doc.file:
        raise Http404("Văn bản không có tệp đính kèm.")
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Không tìm thấy tệp.") from exc
    actions.record_reading(by=request.user, document=doc)
    is_pdf = doc.file_kind == "pdf"
    response = FileResponse(
        handle,
        as_attachment=not is_pdf,
        filename=doc.file_name or f"van-ban-{doc.pk}.{doc.file_kind}",
        content_type="application/pdf"
        if is_pdf
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def document_new(request: AuthedHttpRequest) -> HttpResponse:
    orgs = access.publishing_orgs(request.user)
    if not orgs.exists():
        raise Http404("Không có quyền đăng văn bản.")
    form = DocumentForm(request.POST or None, request.FILES or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            doc, unreadable = actions.publish_document(
                by=request.user,
                issued_at=data["issued_at"],
                title=data["title"],
                number=data["number"],
                category=data["category"],
                issued_on=data["issued_on"],
                issuer=data["issuer"],
                summary=data["summary"],
                upload=data["file"] or None,
            )
        except ActionError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Đã đăng văn bản vào thư viện.")
            if unreadable:
                messages.warning(request, UNREADABLE_WARNING)
            return redirect("document_detail", pk=doc.pk)
    return render(request, "library/form.html", {"form": form})


@login_required
@require_POST
def document_supersede(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    doc = access.get_document_for_user(request.user, pk)
    if not access.can_manage(request.user, doc):
        raise Http404("Không tìm thấy văn bản.")
    form = SupersedeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy chọn văn bản thay thế.")
        return redirect("document_detail", pk=doc.pk)
    new = access.documents_managed_by(request.user).filter(pk=form.cleaned_data["new"]).first()
    if new is None:
        messages.error(request, "Không tìm thấy văn bản thay thế trong phạm vi của đồng chí.")
        return redirect("document_detail", pk=doc.pk)
    try:
        actions.supersede_document(by=request.user, old=doc, new=new)
    except ActionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã ghi văn bản này là bị thay thế.")
    return redirect("document_detail", pk=doc.pk)
