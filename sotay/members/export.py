"""A member's copy of their own data (Law 91/2025/QH15, the data subject's right of access).

Their record (every field, sensitive ones included: it is their own), their life-cycle events and the
audit trail of their record — who read or changed it and when. People in that trail are named by role
and unit ("Bí thư chi bộ — Chi bộ khu phố 1"), never by name or account: a staff member's name is
their own personal data, and the role is what the member needs to know to ask why (or to complain to
that unit). Addresses and browsers of the readers are left out for the same reason.
"""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from sotay.accounts.models import Role, RoleAssignment
from sotay.audit.models import AuditAction, AuditEvent
from sotay.members.models import Member
from sotay.pipeline.formulas import neutralise

RECORD_FIELDS = (
    "code",
    "full_name",
    "birth_date",
    "gender",
    "cccd",
    "card_number",
    "profile_number",
    "admission_date",
    "official_date",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "phone",
    "education",
    "political_theory",
    "status",
    "status_since",
)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _who(event: AuditEvent, member: Member, roles: dict[int, list[RoleAssignment]]) -> str:
    """The actor by role and unit at the time of the event (see the module's docstring)."""
    if event.actor_id is None:
        return "Hệ thống (dòng lệnh)" if event.channel == "cli" else "Hệ thống"
    if event.actor_id == getattr(getattr(member, "user", None), "pk", None):
        return "Chính đồng chí"
    held = [
        a
        for a in roles.get(event.actor_id, [])
        if a.created_at <= event.at and (a.revoked_at is None or a.revoked_at > event.at)
    ]
    # The role that reaches the member's branch first, else any role held then.
    held.sort(key=lambda a: (not member.org.path.startswith(a.org.path), -len(a.org.path)))
    if not held:
        return "Tài khoản không còn vai trò"
    return f"{Role(held[0].role).label} — {held[0].org.name}"


def member_data(member: Member) -> dict[str, Any]:
    """Everything the registry holds about `member`, as JSON-ready values. Three queries."""
    record = {
        str(getattr(Member._meta.get_field(f), "verbose_name", f)): _text(getattr(member, f))
        for f in RECORD_FIELDS
    }
    record["chi bộ sinh hoạt"] = member.org.name
    events = [
        {
            "ngày": _text(e.on),
            "sự kiện": e.get_kind_display(),
            "từ": e.from_org.name if e.from_org else "",
            "đến": e.to_org.name if e.to_org else "",
            "số quyết định": e.decision_ref,
            "ghi chú": e.note,
        }
        for e in member.events.select_related("from_org", "to_org").order_by("on", "id")
    ]
    trail = list(
        AuditEvent.objects.filter(object_type="member", object_id=str(member.pk)).order_by("at", "id")
    )
    actor_ids = {e.actor_id for e in trail if e.actor_id is not None}
    roles: dict[int, list[RoleAssignment]] = {}
    for a in RoleAssignment.objects.filter(user_id__in=actor_ids).select_related("org"):
        roles.setdefault(a.user_id, []).append(a)
    audit = [
        {
            "thời điểm": _text(e.at),
            "hành động": AuditAction(e.action).label,
            "người thực hiện": _who(e, member, roles),
            "nội dung": e.summary,
        }
        for e in trail
    ]
    return {"hồ sơ": record, "quá trình": events, "nhật ký truy cập": audit}


def member_data_csv(data: dict[str, Any]) -> str:
    """The same as one CSV table (phần, mục, giá trị, thời điểm, người thực hiện), formulas neutralised."""
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(["Phần", "Mục", "Giá trị", "Thời điểm", "Người thực hiện"])
    rows: list[list[str]] = [["Hồ sơ", k, v, "", ""] for k, v in data["hồ sơ"].items()]
    for e in data["quá trình"]:
        detail = " → ".join(x for x in (e["từ"], e["đến"]) if x)
        extra = "; ".join(x for x in (detail, e["số quyết định"], e["ghi chú"]) if x)
        rows.append(["Quá trình", e["sự kiện"], extra, e["ngày"], ""])
    for e in data["nhật ký truy cập"]:
        rows.append(["Nhật ký truy cập", e["hành động"], e["nội dung"], e["thời điểm"], e["người thực hiện"]])
    out.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue()
