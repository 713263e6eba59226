"""The document library through the API: browse and search (the page's ranked search, with snippets),
a document (superseded / superseding links), its file through the permission check, bookmarks ("xem
sau"), and marking a document read. Same access rules as the pages (`sotay.library.access`: reading
looks up the tree, managing down; anything else is a 404)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from sotay.api.pagination import BAD_CURSOR, CursorParams, decode_cursor, encode_cursor, page_by
from sotay.api.problems import problems
from sotay.api.schemas import OrgRef, Page
from sotay.core.http import int_param
from sotay.library import access
from sotay.library.actions import bookmark_document, record_reading
from sotay.library.models import Bookmark, Category, Document, DocumentQuerySet, Level
from sotay.library.search import search
from sotay.library.searchtext import parse_query, snippet

router = Router(tags=["library"])

PAGE_SIZE = 20
# A search is ranked, not keyed: its cursor is the offset, as deep as the page's pager goes.
MAX_OFFSET = 500 * PAGE_SIZE
_LIST_FIELDS = ("issued_at", "superseded_by")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class LibraryParams(CursorParams):
    q: str = Field("", max_length=500, description="Từ cần tìm (không dấu cũng được); trống: mới nhất trước.")
    category: Category | None = Field(None, description="Loại văn bản.")
    level: Level | None = Field(None, description="Cấp ban hành.")
    year: int | None = Field(None, ge=1930, le=2100, description="Năm ban hành.")


class LibraryDocumentRef(Schema):
    id: int
    number: str = Field(title="Số, ký hiệu")
    title: str = Field(title="Trích yếu")


class Piece(Schema):
    text: str
    hit: bool = Field(description="true: từ khớp với từ tìm (để tô đậm).")


class LibraryDocumentOut(Schema):
    id: int
    number: str = Field(title="Số, ký hiệu")
    title: str = Field(title="Trích yếu")
    category: str = Field(title="Loại văn bản")
    issued_on: datetime.date = Field(title="Ngày ban hành")
    issuer: str = Field(title="Cơ quan ban hành")
    issued_at: OrgRef = Field(title="Cấp ban hành")
    superseded_by: LibraryDocumentRef | None = Field(title="Được thay thế bởi")
    withdrawn: bool = Field(title="Đã thu hồi", description="Chỉ người quản lý văn bản còn thấy.")
    kept: bool = Field(title="Đã lưu xem sau")
    snippet: list[Piece] = Field(description="Đoạn trích quanh từ tìm (khi tìm kiếm); trống khi duyệt.")


class LibraryDocumentDetail(LibraryDocumentOut):
    summary: str = Field(title="Tóm tắt")
    supersedes: list[LibraryDocumentRef] = Field(title="Thay thế các văn bản")
    file: str | None = Field(description="Đường dẫn API của tệp (cần mã truy cập); null khi không có tệp.")
    file_name: str = Field(title="Tên tệp")
    file_size: int = Field(title="Dung lượng (byte)")


class BookmarkOut(Schema):
    id: int = Field(description="Id của văn bản.")
    kept: bool
    changed: bool = Field(description="false: đã như vậy từ trước, không đổi gì.")


def _ref(d: Document | None) -> dict[str, Any] | None:
    return None if d is None else {"id": d.pk, "number": d.number, "title": d.title}


def document_out(d: Document, *, kept: bool, pieces: list[Any] | None = None) -> dict[str, Any]:
    return {
        "id": d.pk,
        "number": d.number,
        "title": d.title,
        "category": d.category,
        "issued_on": d.issued_on,
        "issuer": d.issuer,
        "issued_at": {"id": d.issued_at_id, "name": d.issued_at.name},
        "superseded_by": _ref(d.superseded_by),
        "withdrawn": d.withdrawn_at is not None,
        "kept": kept,
        "snippet": [{"text": p.text, "hit": p.hit} for p in pieces or []],
    }


def _kept_ids(user: Any, ids: list[int]) -> set[int]:
    return set(Bookmark.objects.filter(user=user, document__in=ids).values_list("document_id", flat=True))


def _filtered(user: Any, params: LibraryParams) -> DocumentQuerySet:
    within = access.documents_visible_to(user)
    if params.category:
        within = within.filter(category=params.category)
    if params.level:
        within = within.at_level(params.level)
    if params.year:
        within = within.filter(issued_on__year=params.year)
    return within


def _offset(cursor: str | None) -> int:
    raw = decode_cursor(cursor) or "0"
    if int_param(raw) is None or int(raw) > MAX_OFFSET:
        raise HttpError(400, BAD_CURSOR)
    return int(raw)


def _browse(within: DocumentQuerySet, cursor: str | None) -> tuple[list[Document], str | None]:
    """Newest first as on the page: keyset on (issued_on, id), the library's date index."""
    qs = within.select_related(*_LIST_FIELDS).defer("text").order_by("-issued_on", "-id")
    if raw := decode_cursor(cursor):
        day, _sep, pk = raw.partition(":")
        try:
            on, after = datetime.date.fromisoformat(day), int(pk)
        except ValueError as exc:
            raise HttpError(400, BAD_CURSOR) from exc
        qs = qs.filter(Q(issued_on__lt=on) | Q(issued_on=on, id__lt=after))
    rows = list(qs[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return rows, encode_cursor(f"{rows[-1].issued_on.isoformat()}:{rows[-1].pk}") if more else None


@router.get("/library", response={200: Page[LibraryDocumentOut], **problems(400, 401, 422)})
def library_documents(request: HttpRequest, params: Query[LibraryParams]) -> dict[str, Any]:
    """The documents the caller reads, with filters: newest first, or with `q` the page's ranked search
    (exact diacritics, then phrase, then relevance) with a snippet around the words found."""
    within = _filtered(request.user, params)
    query = parse_query(params.q)
    if not query:
        docs, following = _browse(within, params.cursor)
        kept = _kept_ids(request.user, [d.pk for d in docs])
        return {"items": [document_out(d, kept=d.pk in kept) for d in docs], "next": following}
    offset = _offset(params.cursor)
    hits = search(query, within, limit=PAGE_SIZE, offset=offset)
    by_id = Document.objects.select_related(*_LIST_FIELDS).in_bulk(hits.ids)
    docs = [by_id[i] for i in hits.ids if i in by_id]
    kept = _kept_ids(request.user, [d.pk for d in docs])
    items = [document_out(d, kept=d.pk in kept, pieces=snippet(f"{d.summary} {d.text}", query)) for d in docs]
    more = offset + PAGE_SIZE < min(hits.total, MAX_OFFSET)
    return {"items": items, "next": encode_cursor(str(offset + PAGE_SIZE)) if more else None}


@router.get("/library/bookmarks", response={200: Page[LibraryDocumentOut], **problems(400, 401, 422)})
def library_bookmarks(request: HttpRequest, params: Query[CursorParams]) -> dict[str, Any]:
    """The caller's "xem sau" list, the latest kept first (documents they no longer read are left out)."""
    qs = Bookmark.objects.filter(  # type: ignore[misc]
        user=request.user, document__in=access.documents_visible_to(request.user)
    ).select_related("document__issued_at", "document__superseded_by")
    rows, following = page_by(qs.defer("document__text"), field="-id", cursor=params.cursor)
    return {"items": [document_out(b.document, kept=True) for b in rows], "next": following}


@router.get("/library/{doc_id}", response={200: LibraryDocumentDetail, **problems(400, 401, 404, 422)})
def library_document(request: HttpRequest, doc_id: int) -> dict[str, Any]:
    """A document with its summary and links; opening it counts as reading it (as the page does)."""
    doc = access.get_document_for_user(request.user, doc_id)
    record_reading(by=request.user, document=doc)  # type: ignore[arg-type]
    kept = Bookmark.objects.filter(user=request.user, document=doc).exists()  # type: ignore[misc]
    return document_out(doc, kept=kept) | {
        "summary": doc.summary,
        "supersedes": [_ref(d) for d in doc.supersedes.only("id", "number", "title").order_by("-id")],
        "file": f"/api/v1/library/{doc.pk}/file" if doc.file else None,
        "file_name": doc.file_name,
        "file_size": doc.file_size,
    }


@router.get(
    "/library/{doc_id}/file",
    response={200: bytes, **problems(400, 401, 404, 422)},
    openapi_extra={
        "responses": {200: {"description": "Tệp văn bản (PDF hoặc DOCX)", "content": {"*/*": {}}}}
    },
)
def library_file(request: HttpRequest, doc_id: int) -> HttpResponse:
    """The document's file, to those who read it, under its original name; counts as reading it."""
    doc = access.get_document_for_user(request.user, doc_id)
    if not doc.file:
        raise Http404
    try:
        with doc.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as exc:
        raise Http404 from exc
    record_reading(by=request.user, document=doc)  # type: ignore[arg-type]
    response = HttpResponse(data, content_type=CONTENT_TYPES.get(doc.file_kind, "application/octet-stream"))
    name = doc.file_name or f"van-ban-{doc.pk}.{doc.file_kind}"
    if disposition := content_disposition_header(doc.file_kind != "pdf", name):
        response["Content-Disposition"] = disposition
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.put("/library/{doc_id}/bookmark", response={200: BookmarkOut, **problems(400, 401, 404, 422)})
def library_keep(request: HttpRequest, doc_id: int) -> dict[str, Any]:
    """Keep the document in one's "xem sau" list (a second time changes nothing)."""
    doc = access.get_document_for_user(request.user, doc_id)
    changed = bookmark_document(by=request.user, document=doc, keep=True)  # type: ignore[arg-type]
    return {"id": doc.pk, "kept": True, "changed": changed}


@router.delete("/library/{doc_id}/bookmark", response={200: BookmarkOut, **problems(400, 401, 404, 422)})
def library_unkeep(request: HttpRequest, doc_id: int) -> dict[str, Any]:
    """Drop the document from one's "xem sau" list (not kept: nothing changes)."""
    doc = access.get_document_for_user(request.user, doc_id)
    changed = bookmark_document(by=request.user, document=doc, keep=False)  # type: ignore[arg-type]
    return {"id": doc.pk, "kept": False, "changed": changed}


@router.post("/library/{doc_id}/read", response={204: None, **problems(400, 401, 404, 422)})
def library_mark_read(request: HttpRequest, doc_id: int) -> Status:
    """Count a reading of the document (for a client that opened it offline from its cache)."""
    doc = access.get_document_for_user(request.user, doc_id)
    record_reading(by=request.user, document=doc)  # type: ignore[arg-type]
    return Status(204, None)
