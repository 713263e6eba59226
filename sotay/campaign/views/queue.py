"""The unit's review queue: findings grouped by rule and branch; accept, edit, confirm, revert."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay import vn
from sotay.accounts.http import AuthedHttpRequest
from sotay.campaign.access import get_batch, get_unit
from sotay.campaign.actions import review, transfers
from sotay.campaign.gate import HELD_RULE
from sotay.campaign.models import Decision, Finding, FindingState, ImportBatch
from sotay.campaign.values import as_text, display
from sotay.campaign.views.duplicates import LABELS
from sotay.core.errors import ActionError
from sotay.orgs.models import Org
from sotay.pipeline.rules import TITLES

PAGE_SIZE = 50
# One title per rule id: `date_invalid` and friends exist once per date field, so the last rule's message
# ("Ngày chính thức ...") would stand for all of them.
RULE_TITLES = TITLES
STATES = {"open": "Chưa xử lý", "done": "Đã xử lý", "all": "Tất cả"}
# The CCCD's digits encode gender and birth year: when they disagree, either side may be the wrong one
# (usually the typed column, not the CCCD), so the card offers to edit the other field too.
RELATED_FIELDS = {"cccd_gender_mismatch": ("gender",), "cccd_birth_year_mismatch": ("birth_date",)}


def evidence(finding: Finding) -> str:
    """What the data itself says, e.g. what the CCCD's digits encode."""
    record = finding.record
    if finding.rule.startswith("cccd_") or finding.field == "gender":
        info = vn.decode_cccd(record.cccd) if record.cccd else None
        if info is not None:
            place = info.province_name or f"mã {info.province_code} không có trong danh mục"
            return (
                f"Số CCCD {record.cccd} cho biết: khai sinh tại {place}, giới tính {info.gender}, "
                f"năm sinh {info.birth_year}."
            )
    if finding.rule == "official_date_mismatch" and record.admission_date:
        expected = vn.add_months(record.admission_date, 12)
        return f"Vào Đảng {record.admission_date:%d/%m/%Y} → chính thức đúng hạn là {expected:%d/%m/%Y}."
    if finding.rule == "admission_age" and record.birth_date and record.admission_date:
        return f"Tuổi khi vào Đảng: {vn.age_on(record.birth_date, record.admission_date)}."
    return ""


def _suggested(finding: Finding, field: str) -> str:
    """The value the data itself states for `field`, prefilled in its edit box: the gender the CCCD's
    fourth digit encodes, when the gender is missing, unreadable or disagrees with it; the branch an
    unknown branch code plainly means (`79.p1.u1.b1`, the branch's name in the code column)."""
    if finding.state != FindingState.OPEN:
        return ""
    if field == "org_code" and finding.rule == "org_unknown":
        return finding.suggestion
    if field != "gender":
        return ""
    if finding.suggestion:
        return finding.suggestion
    record = finding.record
    info = vn.decode_cccd(record.cccd) if record.cccd else None
    return info.gender if info is not None and info.gender != record.gender else ""


def _name_change(finding: Finding) -> dict[str, Any] | None:
    """For a name finding whose two values look alike (NFD, a tone on another vowel): what changed."""
    if finding.field != "full_name" or not finding.original or not finding.suggestion:
        return None
    reasons, words = vn.describe_name_change(finding.original, finding.suggestion)
    return {"reasons": "; ".join(reasons), "words": [(b, a) for b, a, changed in words if changed]}


def _shown(field: str, text: str) -> str:
    """A decision's stored value as people read it (an accepted suggestion keeps the file's raw text)."""
    try:
        return display(field, text)
    except ValueError:
        return text


def _label(field: str) -> str:
    return LABELS[field][:1].lower() + LABELS[field][1:] if field in LABELS else field


def branch_names(unit_org: Org) -> dict[str, str]:
    """Branch code -> name in the unit's subtree (one query): the queue names branches as people do."""
    return dict(Org.objects.in_subtree(unit_org).branches().values_list("code", "name"))


def _decorate(findings: list[Finding], branches: dict[str, str] | None = None) -> list[dict[str, Any]]:
    branches = branches or {}
    last: dict[int | None, Decision] = {}
    for d in Decision.objects.filter(finding__in=findings, reverted_by__isnull=True).exclude(kind="revert"):
        last.setdefault(d.finding_id, d)
    out = []
    for f in findings:
        decision = last.get(f.pk)
        current = display(f.field, as_text(getattr(f.record, f.field))) if f.field else ""
        fields = [f.field, *RELATED_FIELDS.get(f.rule, ())] if f.field else []
        edits = [
            {
                "field": field,
                "label": _label(field),
                "current": _suggested(f, field) or display(field, as_text(getattr(f.record, field))),
            }
            for field in fields
        ]
        out.append(
            {
                "f": f,
                "branch": branches.get(f.record.org_code, f.record.org_code),
                "title": RULE_TITLES.get(f.rule, f.rule),
                "current": current,
                "evidence": evidence(f),
                "decision": decision,
                "decision_field": _label(decision.field) if decision and decision.field else "",
                "decision_old": _shown(decision.field, decision.old_value) if decision else "",
                "decision_new": _shown(decision.field, decision.new_value) if decision else "",
                # A possible duplicate is settled on the pairs page (merge or "not the same person").
                "can_accept": f.state == FindingState.OPEN
                and f.severity == "warning"
                and bool(f.suggestion)
                and f.rule not in review.PAIR_RULES,
                "is_pair": f.rule in review.PAIR_RULES,
                # A member another unit holds: the way out is a transfer request (once; then it waits).
                "can_transfer": f.rule == HELD_RULE and f.state == FindingState.OPEN and not f.note,
                "editable": bool(f.field),
                "edits": edits,
                "name_change": _name_change(f),
            }
        )
    return out


def _queue_filter(batch: ImportBatch, params: Any) -> tuple[Any, dict[str, str]]:
    findings = batch.findings.select_related("record")
    state = params.get("state", "open")
    if state == "open":
        findings = findings.filter(state=FindingState.OPEN)
    elif state == "done":
        findings = findings.exclude(state=FindingState.OPEN)
    rule = params.get("rule", "")
    if rule:
        findings = findings.filter(rule=rule)
    branch = params.get("branch", "")
    if branch:
        findings = findings.filter(record__org_code=branch)
    severity = params.get("severity", "")
    if severity in ("error", "warning"):
        findings = findings.filter(severity=severity)
    q = str(params.get("q", "")).strip()[:150]
    if q:
        # A member code or a part of it (any case), or a part of the name as written.
        findings = findings.filter(Q(record__member_code__icontains=q) | Q(record__full_name__icontains=q))
    return findings.order_by("-severity", "rule", "record__row", "pk"), {
        "q": q,
        "state": state if state in STATES else "open",
        "rule": rule,
        "branch": branch,
        "severity": severity,
    }


@login_required
def unit_queue(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    batch = get_batch(unit)
    findings, filters = _queue_filter(batch, request.GET)
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    open_q = Q(state=FindingState.OPEN)
    by_rule: list[dict[str, Any]] = [
        dict(row)
        for row in batch.findings.values("rule", "severity")
        .annotate(total=Count("id"), open=Count("id", filter=open_q))
        .order_by("-severity", "-open", "rule")
    ]
    for row in by_rule:
        row["title"] = RULE_TITLES.get(row["rule"], row["rule"])
    names = branch_names(unit.org)
    by_branch: list[dict[str, Any]] = [
        dict(row)
        for row in batch.findings.values("record__org_code")
        .annotate(errors=Count("id", filter=open_q & Q(severity="error")), open=Count("id", filter=open_q))
        .order_by("-errors", "record__org_code")
    ]
    for b in by_branch:
        b["name"] = names.get(b["record__org_code"], b["record__org_code"])
    auto_open = {r["rule"]: r["open"] for r in by_rule if r["rule"] in review.AUTO_FIX_RULES and r["open"]}
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "unit": unit,
        "batch": batch,
        "page": page,
        "items": _decorate(list(page.object_list), names),
        "by_rule": by_rule,
        "by_branch": by_branch,
        "auto_open": auto_open,
        "filters": filters,
        "states": STATES,
        "query": query.urlencode(),
        "editable": batch.state == "checked",
    }
    return render(request, "campaign/queue.html", context)


def _finding_for(unit_pk: int, finding_pk: int, request: AuthedHttpRequest) -> Finding:
    unit = get_unit(request, unit_pk)
    finding = (
        Finding.objects.select_related("record", "batch").filter(pk=finding_pk, batch__unit=unit).first()
    )
    if finding is None:
        raise Http404("Không tìm thấy phát hiện.")
    return finding


@login_required
@require_POST
def finding_decide(request: AuthedHttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    finding = _finding_for(pk, finding_pk, request)
    action = request.POST.get("action", "")
    error = ""
    try:
        if action == "accept":
            review.accept_suggestion(finding=finding, by=request.user)
        elif action == "edit":
            field = request.POST.get("field") or finding.field
            if not finding.field or field not in (finding.field, *RELATED_FIELDS.get(finding.rule, ())):
                raise ActionError({"field": ["Trường này không sửa được ở đây."]})
            review.edit_value(
                record=finding.record,
                field=field,
                text=request.POST.get("value", ""),
                note=request.POST.get("note", ""),
                finding=finding,
                by=request.user,
            )
            return _after_edit(request, pk, finding)
        elif action == "transfer":
            transfers.request_transfer_for(finding=finding, by=request.user)
            messages.success(
                request,
                "Đã gửi đề nghị chuyển sinh hoạt; đơn vị đang giữ hồ sơ sẽ xác nhận. "
                "Sau khi được xác nhận, bấm «Kiểm tra lại toàn bộ tệp».",
            )
            return _respond(request, pk, None, "")
        elif action == "paper":
            review.confirm_paper(finding=finding, note=request.POST.get("note", ""), by=request.user)
        else:
            raise ActionError({"action": ["Thao tác không hợp lệ."]})
    except ActionError as exc:
        error = " ".join(exc.messages)
    return _respond(request, pk, finding.pk, error)


def _after_edit(request: AuthedHttpRequest, unit_pk: int, finding: Finding) -> HttpResponse:
    """An edit was checked at once with the whole file (other rows may have changed): say what the
    record still lacks and reload the queue."""
    still = list(
        Finding.objects.filter(record=finding.record, state=FindingState.OPEN, severity="error").values_list(
            "message", flat=True
        )
    )
    if still:
        messages.error(request, "Đã lưu giá trị mới, nhưng dòng này vẫn còn lỗi: " + " ".join(still[:3]))
    else:
        messages.success(request, f"Đã lưu. Dòng {finding.record.row} không còn lỗi.")
    response: HttpResponse = redirect("unit_queue", pk=unit_pk)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def decision_revert(request: AuthedHttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    decision = Decision.objects.filter(pk=decision_pk, record__batch__unit=unit).first()
    if decision is None:
        raise Http404("Không tìm thấy quyết định.")
    error = ""
    try:
        review.revert_decision(decision=decision, by=request.user)
    except ActionError as exc:
        error = " ".join(exc.messages)
    return _respond(request, pk, decision.finding_id, error)


def _respond(request: AuthedHttpRequest, unit_pk: int, finding_pk: int | None, error: str) -> HttpResponse:
    if request.htmx and finding_pk:
        finding = Finding.objects.select_related("record", "batch").get(pk=finding_pk)
        item = _decorate([finding], branch_names(finding.batch.unit.org))[0]
        item["error"] = error
        return render(
            request,
            "campaign/queue.html#finding",
            {"item": item, "unit": get_unit(request, unit_pk), "editable": finding.batch.state == "checked"},
        )
    if error:
        messages.error(request, error)
    return redirect("unit_queue", pk=unit_pk)


@login_required
@require_POST
def queue_bulk_accept(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = get_unit(request, pk)
    rules = set(request.POST.getlist("rule")) & review.AUTO_FIX_RULES
    if not rules:
        messages.error(request, "Hãy chọn loại sửa tự động cần nhận.")
        return redirect("unit_queue", pk=pk)
    try:
        count = review.bulk_accept(batch=get_batch(unit), rules=rules, by=request.user)
    except ActionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đã nhận {count} đề xuất sửa tự động.")
    return redirect("unit_queue", pk=pk)
