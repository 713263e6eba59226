"""Minutes, their amendments, and follow-up tasks."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import User
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.meetings import notices
from sotay.meetings.access import invitee_users, invitees, own_member
from sotay.meetings.actions.common import audit, require_manager
from sotay.meetings.models import Amendment, FollowUp, Meeting, Minutes, TaskStatus
from sotay.members.models import Member

LIMITS = {"content": 20000, "conclusions": 10000}


def _check_lengths(content: str, conclusions: str) -> None:
    for field, value in (("content", content), ("conclusions", conclusions)):
        if len(value) > LIMITS[field]:
            raise ActionError({field: [f"Tối đa {LIMITS[field]} ký tự."]})


@transaction.atomic
def save_minutes(*, by: User | None, meeting: Meeting, content: str, conclusions: str) -> Minutes:
    """Write the draft minutes; finalised minutes change only through `amend_minutes`."""
    require_manager(by, meeting)
    if meeting.starts_at > timezone.now():
        raise ActionError("Buổi sinh hoạt chưa diễn ra, chưa ghi biên bản được.")
    _check_lengths(content, conclusions)
    minutes, _ = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    if minutes.finalised_at is not None:
        raise ActionError("Biên bản đã hoàn tất; muốn sửa phải lập đính chính (ghi rõ lý do).")
    minutes.content, minutes.conclusions = content.strip(), conclusions.strip()
    minutes.save(update_fields=["content", "conclusions", "updated_at"])
    audit(
        by=by,
        action=AuditAction.UPDATE,
        meeting=meeting,
        object_type="meeting_minutes",
        object_id=minutes.pk,
        summary="Ghi biên bản (bản nháp)",
    )
    return minutes


@transaction.atomic
def finalise_minutes(*, by: User | None, meeting: Meeting) -> Minutes:
    """Finalise and publish the minutes to the branch (its members are notified)."""
    require_manager(by, meeting)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None or not (minutes.content or minutes.conclusions):
        raise ActionError("Biên bản còn trống.")
    if minutes.finalised_at is not None:
        return minutes
    minutes.finalised_at, minutes.finalised_by = timezone.now(), by
    minutes.save(update_fields=["finalised_at", "finalised_by", "updated_at"])
    audit(
        by=by,
        action=AuditAction.STATUS,
        meeting=meeting,
        object_type="meeting_minutes",
        object_id=minutes.pk,
        summary="Hoàn tất và công bố biên bản",
    )
    notices.send(
        users=invitee_users(meeting),
        kind="minutes",
        title=f"Biên bản sinh hoạt: {meeting.title}",
        url=reverse("meeting_minutes", args=[meeting.pk]),
        dedupe=f"meeting:{meeting.pk}:minutes",
    )
    return minutes


@transaction.atomic
def amend_minutes(*, by: User | None, meeting: Meeting, field: str, text: str, reason: str) -> Amendment:
    require_manager(by, meeting)
    if field not in LIMITS:
        raise ActionError({"field": ["Chỉ đính chính phần diễn biến hoặc kết luận."]})
    reason = reason.strip()
    if not reason or len(reason) > 255:
        raise ActionError({"reason": ["Hãy nêu lý do đính chính (tối đa 255 ký tự)."]})
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting, finalised_at__isnull=False).first()
    if minutes is None:
        raise ActionError("Biên bản chưa hoàn tất: hãy sửa trực tiếp bản nháp.")
    text = text.strip()
    _check_lengths(text if field == "content" else "", text if field == "conclusions" else "")
    before = getattr(minutes, field)
    if before == text:
        raise ActionError({"text": ["Nội dung đính chính giống hệt nội dung cũ."]})
    amendment = Amendment.objects.create(
        minutes=minutes, field=field, before=before, after=text, reason=reason, created_by=by
    )
    setattr(minutes, field, text)
    minutes.save(update_fields=[field, "updated_at"])
    audit(
        by=by,
        action=AuditAction.UPDATE,
        meeting=meeting,
        object_type="meeting_minutes",
        object_id=minutes.pk,
        summary=f"Đính chính biên bản: {reason[:120]}",
        changes={field: [before[:500], text[:500]]},
    )
    return amendment


@transaction.atomic
def assign_task(
    *, by: User | None, meeting: Meeting, title: str, assignee: Member, due: datetime.date
) -> FollowUp:
    require_manager(by, meeting)
    title = title.strip()
    if not title or len(title) > 300:
        raise ActionError({"title": ["Hãy nhập việc cần làm (tối đa 300 ký tự)."]})
    if not invitees(meeting.branch).filter(pk=assignee.pk).exists():
        raise ActionError({"assignee": ["Người thực hiện phải là đảng viên của chi bộ."]})
    if due < timezone.localdate(meeting.starts_at):
        raise ActionError({"due": ["Hạn phải sau ngày sinh hoạt."]})
    task = FollowUp.objects.create(meeting=meeting, title=title, assignee=assignee, due=due, created_by=by)
    audit(
        by=by,
        action=AuditAction.CREATE,
        meeting=meeting,
        object_type="meeting_followup",
        object_id=task.pk,
        summary=f"Giao việc «{title[:80]}», hạn {due:%d/%m/%Y}",
    )
    return task


@transaction.atomic
def set_task_status(*, by: User, task: FollowUp, status: str) -> None:
    """The committee, or the member the task is assigned to, marks it done or reopens it."""
    me = own_member(by)
    if not (me is not None and me.pk == task.assignee_id):
        require_manager(by, task.meeting)
    if status not in TaskStatus.values:
        raise ActionError({"status": ["Trạng thái không hợp lệ."]})
    if task.status == status:
        return
    before, task.status = task.status, status
    task.save(update_fields=["status"])
    audit(
        by=by,
        action=AuditAction.STATUS,
        meeting=task.meeting,
        object_type="meeting_followup",
        object_id=task.pk,
        summary=f"Việc «{task.title[:80]}»: {TaskStatus(status).label}",
        changes={"status": [before, status]},
    )
