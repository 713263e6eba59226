"""What every meetings action shares: the permission check and the audit row."""

from __future__ import annotations

from typing import Any

from django.db.models import F

from sotay.accounts.models import User
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.meetings.access import can_manage
from sotay.meetings.models import Meeting

# What the meeting page keeps a copy of for its members (agenda, comments, documents, motions:
# `meetings/views/detail.py`). Every action that changes one of them audits it under one of these types,
# and the audit row raises the meeting's `content_version`, the key of that copy.
PAGE_CONTENT = frozenset({"agenda_item", "meeting_document", "meeting_comment", "meeting_motion"})


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
    if object_type in PAGE_CONTENT:
        Meeting.objects.filter(pk=meeting.pk).update(content_version=F("content_version") + 1)


def refuse_cancelled(meeting: Meeting) -> None:
    """A cancelled meeting takes no more answers, check-ins, comments, votes or changes."""
    if meeting.is_cancelled:
        raise ActionError("Buổi sinh hoạt đã bị hủy.")
