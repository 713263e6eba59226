"""Library, news, study and dashboard objects of a place, for the API's permission matrix and schema run:
their operations, bodies and markers in one block (test_permissions.py adds them to its tables).

Everything is issued at the place's own branch: reading looks *up* the tree, so a document issued at the
ancestor place itself would rightly be read by the persona below it; at the ancestor place's branch it
is outside every other place's subtree and every line above it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sotay.library.actions import publish_document
from sotay.members.models import Member
from sotay.news.models import NewsItem, NewsStatus
from sotay.orgs.models import Org
from sotay.study.models import Reflection, ReflectionStatus, Study, StudyStatus


def pdf() -> bytes:
    """A one-page PDF with no text (accepted, found by its title only)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def content_of(name: str, branch: Org, member: Member) -> dict[str, int]:
    """A document with a file, a published news item and a draft, an open study of the document and the
    member's submitted reflection, all at `branch`."""
    doc, _ = publish_document(
        by=None,
        issued_at=branch,
        title=f"Văn bản {name}",
        category="huong_dan",
        issued_on=datetime.date(2026, 1, 5),
        issuer="Ban Tổ chức",
        summary="Hướng dẫn sinh hoạt chi bộ",
        upload=SimpleUploadedFile("hd.pdf", pdf()),
        check_permission=False,
    )
    now = timezone.now()
    published = NewsItem.objects.create(
        title=f"Tin {name}",
        body="<p>Nội dung tin</p>",
        target=branch,
        status=NewsStatus.PUBLISHED,
        published_at=now,
    )
    draft = NewsItem.objects.create(title=f"Tin nháp {name}", body="<p>Bản nháp</p>", target=branch)
    study = Study.objects.create(
        org=branch,
        title=f"Học tập {name}",
        prompt="Liên hệ bản thân.",
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        status=StudyStatus.OPEN,
        opened_at=now,
    )
    study.documents.add(doc)
    reflection = Reflection.objects.create(
        study=study,
        member=member,
        branch=branch,
        text=f"Bài thu hoạch {name}",
        status=ReflectionStatus.SUBMITTED,
        submitted_at=now,
    )
    return {
        "branch": branch.pk,
        "document": doc.pk,
        "news": published.pk,
        "draft": draft.pk,
        "study": study.pk,
        "reflection": reflection.pk,
    }


def markers(name: str) -> list[str]:
    return [f"Văn bản {name}", f"Tin {name}", f"Tin nháp {name}", f"Học tập {name}", f"Bài thu hoạch {name}"]


PEOPLE = {"member_user", "secretary", "unit_staff", "city_staff"}
STAFF = {"unit_staff", "city_staff"}
VIEWERS = {"secretary", "unit_staff", "city_staff"}
PERSONAS = ["member_user", "secretary", "unit_staff", "city_staff", "consumer"]


def _own(ok: int, who: set[str], otherwise: int = 404) -> dict[str, int]:
    return {p: (ok if p in who else otherwise) for p in PERSONAS[:-1]} | {"consumer": 401}


def _path(template: str, key: str = "") -> Any:
    return lambda p, c: template.format(p.content[key]) if key else template


ME = {"member_user"}
# (operationId, method, path for a place's objects, own-subtree status per persona), in the order run.
OPS: list[tuple[str, str, Any, dict[str, int]]] = [
    ("library_documents", "get", _path("/library"), _own(200, PEOPLE)),
    ("library_document", "get", _path("/library/{}", "document"), _own(200, PEOPLE)),
    ("library_file", "get", _path("/library/{}/file", "document"), _own(200, PEOPLE)),
    ("library_keep", "put", _path("/library/{}/bookmark", "document"), _own(200, PEOPLE)),
    ("library_bookmarks", "get", _path("/library/bookmarks"), _own(200, PEOPLE)),
    ("library_unkeep", "delete", _path("/library/{}/bookmark", "document"), _own(200, PEOPLE)),
    ("library_mark_read", "post", _path("/library/{}/read", "document"), _own(204, PEOPLE)),
    ("news_feed", "get", _path("/news"), _own(200, PEOPLE)),
    ("news_item", "get", _path("/news/{}", "news"), _own(200, PEOPLE)),
    ("news_desk", "get", _path("/news/desk"), _own(200, STAFF)),
    ("news_write", "post", _path("/news"), _own(201, STAFF)),
    ("news_edit", "patch", _path("/news/{}", "draft"), _own(200, STAFF)),
    ("news_pin", "put", _path("/news/{}/pin", "news"), _own(200, STAFF)),
    ("news_unpin", "delete", _path("/news/{}/pin", "news"), _own(200, STAFF)),
    ("news_submit", "post", _path("/news/{}/submit", "draft"), _own(200, STAFF)),
    # Approving and returning are an editor's (none of the personas): refused with the reason.
    ("news_return", "post", _path("/news/{}/return", "draft"), _own(422, STAFF)),
    ("news_approve", "post", _path("/news/{}/approve", "draft"), _own(422, STAFF)),
    ("news_withdraw", "post", _path("/news/{}/withdraw", "news"), _own(200, STAFF)),
    ("study_list", "get", _path("/studies"), _own(200, PEOPLE)),
    ("study_detail", "get", _path("/studies/{}", "study"), _own(200, PEOPLE)),
    # Writing a reflection is a member's: the others are told it is not for them.
    ("save_my_reflection", "put", _path("/studies/{}/reflection", "study"), _own(200, ME, 422)),
    ("my_reflection", "get", _path("/studies/{}/reflection", "study"), _own(200, ME)),
    ("submit_my_reflection", "post", _path("/studies/{}/reflection/submit", "study"), _own(200, ME, 422)),
    ("study_reflections", "get", _path("/studies/{}/reflections", "study"), _own(200, {"secretary"})),
    (
        "return_reflection",
        "post",
        _path("/studies/reflections/{}/return", "reflection"),
        _own(200, {"secretary"}),
    ),
    # Returned just above: not handed in any more.
    (
        "complete_reflection",
        "post",
        _path("/studies/reflections/{}/complete", "reflection"),
        _own(422, {"secretary"}),
    ),
    ("study_progress", "get", _path("/studies/{}/progress", "study"), _own(200, VIEWERS)),
    # The committee's side: a new draft for the place's branch, a change, opening (already open: a
    # no-op) and closing, last of the study's operations.
    ("study_create", "post", _path("/studies"), _own(201, VIEWERS)),
    ("study_change", "patch", _path("/studies/{}", "study"), _own(200, VIEWERS)),
    ("study_open", "post", _path("/studies/{}/open", "study"), _own(200, VIEWERS)),
    ("study_close", "post", _path("/studies/{}/close", "study"), _own(200, VIEWERS)),
    ("dashboard_funnel", "get", lambda p, c: f"/dashboard/{p.org.pk}", _own(200, VIEWERS)),
    ("dashboard_league", "get", lambda p, c: f"/dashboard/{p.org.pk}/league", _own(200, VIEWERS)),
    ("dashboard_meetings", "get", lambda p, c: f"/dashboard/{p.org.pk}/meetings", _own(200, VIEWERS)),
    ("dashboard_quality", "get", lambda p, c: f"/dashboard/{p.org.pk}/quality", _own(200, VIEWERS)),
    (
        "dashboard_list",
        "get",
        lambda p, c: f"/dashboard/{p.org.pk}/lists/dang-sinh-hoat",
        _own(200, VIEWERS),
    ),
    (
        "dashboard_no_meeting",
        "get",
        lambda p, c: f"/dashboard/{p.org.pk}/branches-without-meeting",
        _own(200, VIEWERS),
    ),
    (
        "dashboard_list_file",
        "get",
        lambda p, c: f"/dashboard/{p.org.pk}/lists/dang-sinh-hoat/xlsx",
        _own(200, VIEWERS),
    ),
    (
        "dashboard_no_meeting_file",
        "get",
        lambda p, c: f"/dashboard/{p.org.pk}/branches-without-meeting/xlsx",
        _own(200, VIEWERS),
    ),
    ("dashboard_report_file", "get", lambda p, c: f"/dashboard/{p.org.pk}/report/xlsx", _own(200, VIEWERS)),
    # Recomputing the facts is the unit staff's, as the page's button.
    ("dashboard_refresh", "post", lambda p, c: f"/dashboard/{p.org.pk}/refresh", _own(202, STAFF)),
]

BODIES: dict[str, Any] = {
    "news_return": {"comment": "Cần sửa tiêu đề"},
    "news_edit": {"body": "<p>Bản nháp đã sửa</p>", "pinned": True},
    "save_my_reflection": {"text": "Bài viết thử"},
    "submit_my_reflection": {},
    "return_reflection": {"comment": "Cần liên hệ bản thân rõ hơn"},
    "complete_reflection": {"comment": ""},
}
BODY_OF = {
    "news_write": lambda p: {"target_id": p.content["branch"], "title": "Tin mới", "body": "Nội dung mới"},
    "study_create": lambda p: {
        "org_id": p.content["branch"],
        "title": "Đợt mới",
        "prompt": "Liên hệ bản thân.",
        "due_on": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "document_ids": [p.content["document"]],
    },
    "study_change": lambda p: {"document_ids": [p.content["document"]], "prompt": "Yêu cầu đã sửa."},
}
# A target outside the writing scope, given in the body: refused as input, naming nothing.
OUTSIDE_422 = {"news_write", "study_create"}
LISTS = {"library_documents", "library_bookmarks", "news_feed", "news_desk", "study_list"}
DETAILS = {name for name, *_ in OPS} - LISTS
