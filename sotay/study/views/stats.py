"""A study's progress for a node: per branch and rolled up (target, handed in, completed, returned,
late, not started), each number a link to its names (keyset pages) and their Excel export. For the
committees and unit staff of the node's subtree only."""

from __future__ import annotations

from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from sotay.accounts.http import AuthedHttpRequest
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.http import int_param
from sotay.members.keyset import page_of
from sotay.members.models import MemberQuerySet
from sotay.orgs.models import Org
from sotay.study import access
from sotay.study.exports import names_workbook
from sotay.study.models import ReflectionStatus, Study
from sotay.study.queries import STATE_LISTS, members_in_state, progress_by_branch, rolled_up

PAGE_SIZE = 50


def _org_param(raw: str | None) -> int | None:
    return int_param(raw)


@login_required
@require_safe
def study_stats(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    study = access.get_study_for_user(request.user, pk)
    node = access.stats_node(request.user, study, _org_param(request.GET.get("org")))
    rows = progress_by_branch(study, node)
    names = Org.objects.only("pk", "name", "path").in_bulk(list(rows))
    shown = sorted((names[k] for k in rows if k in names), key=lambda org: org.path)
    table = [{"org": org, "p": rows[org.pk]} for org in shown]
    return render(
        request,
        "study/stats.html",
        {"study": study, "node": node, "table": table, "total": rolled_up(rows), "lists": STATE_LISTS},
    )


def _names(request: AuthedHttpRequest, pk: int, org_pk: int, slug: str) -> tuple[Study, Org, MemberQuerySet]:
    study = access.get_study_for_user(request.user, pk)
    node = access.stats_node(request.user, study, org_pk)
    if slug not in STATE_LISTS:
        raise Http404("Không có danh sách này.")
    return study, node, members_in_state(study, node, slug).select_related("org")


@login_required
@require_safe
def study_names(request: AuthedHttpRequest, pk: int, org_pk: int, slug: str) -> HttpResponse:
    study, node, qs = _names(request, pk, org_pk, slug)
    page = page_of(
        qs, after=request.GET.get("after", ""), before=request.GET.get("before", ""), size=PAGE_SIZE
    )
    # Names of others and how far they got: the read is logged, as the dashboard's lists are (ADR 0009).
    record(
        actor=request.user,
        action=AuditAction.SEARCH,
        object_type="study_list",
        object_id=study.pk,
        org=node,
        summary=f"Học tập: danh sách «{STATE_LISTS[slug]}» — {node.name}"[:255],
    )
    labels = dict(ReflectionStatus.choices)
    rows = [
        {
            "m": m,
            "status": labels.get(m.reflection_status or "", "Chưa viết"),  # type: ignore[attr-defined]
            "late": m.reflection_late,  # type: ignore[attr-defined]
        }
        for m in page.rows
    ]
    return render(
        request,
        "study/names.html",
        {"study": study, "node": node, "slug": slug, "title": STATE_LISTS[slug], "page": page, "rows": rows},
    )


@login_required
@require_safe
def study_names_export(request: AuthedHttpRequest, pk: int, org_pk: int, slug: str) -> HttpResponse:
    study, node, qs = _names(request, pk, org_pk, slug)
    now = timezone.localtime()
    book, n = names_workbook(
        qs.order_by("org__path", "name_key", "id"), study=study, title=STATE_LISTS[slug], node=node, now=now
    )
    buffer = BytesIO()
    book.save(buffer)
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="study_list",
        object_id=study.pk,
        org=node,
        summary=f"Xuất Excel học tập «{STATE_LISTS[slug]}» — {node.name} ({n} người)"[:255],
    )
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="hoc-tap-{study.pk}-{slug}-{node.pk}-{now:%Y%m%d}.xlsx"'
    )
    return response
