"""What every meetings action shares: the permission check and the audit row."""

from __future__ import annotations

from typing import Any

from sotay.accounts.models import User
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.meetings.access import can_manage
from sotay.meetings.models import Meeting


def require_manager(by: User | None, meeting_or_branch: Any) -> None:
    """Refuse a user who does not prepare this branch's meetings (`by=None` is the system: demo, jobs)."""
    branch = meeting_or_branch.branch if isinstance(meeting_or_branch, Meeting) else meeting_or_branch
    if by is not None and not can_manage(by, branch):
        raise ActionError("Bạn không có quyền chuẩn bị sinh hoạt của chi bộ này.")


def audit(
    *,
    by: User | None,
    action: AuditAction,
    meeting: Meeting,
    summary: str,
    object_type: str = "meeting",
    object_id: object = None,
    changes: dict[str, Any] | None = None,
) -> None:
    record(
        actor=by,
        action=action,
        object_type=object_type,
        object_id=meeting.pk if object_id is None else object_id,
        org=meeting.branch,
        summary=summary,
        changes=changes,
    )


def refuse_cancelled(meeting: Meeting) -> None:
    """A cancelled meeting takes no more answers, check-ins, comments, votes or changes."""
    if meeting.is_cancelled:
        raise ActionError("Buổi sinh hoạt đã bị hủy.")
