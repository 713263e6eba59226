"""Writes of the news: draft, submit, return, approve (publish now or at a set time), pin, withdraw;
read marks; giving and taking back the editor role. Each change writes one audit row."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.actions import grant_role, revoke_role
from sotay.accounts.models import Role, RoleAssignment, User
from sotay.accounts.permissions import Cap, can
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError, FieldErrors
from sotay.core.once import recent_twin
from sotay.news.access import OWN_ITEM, can_approve_at, can_write, may_manage
from sotay.news.images import remove_image, store_image
from sotay.news.models import NewsItem, NewsRead, NewsStatus
from sotay.news.text import plain, sanitise
from sotay.notifications.actions import notify
from sotay.orgs.models import Org, subtree_q
from sotay.vn import clean_spaces

if TYPE_CHECKING:
    from django.db.models import QuerySet

MAX_TITLE = 200
MAX_BODY = 50_000
NOT_IN_SCOPE = "Đồng chí không có quyền đăng tin cho tổ chức này."


def _fields(*, title: str, body: str, publish_at: datetime.datetime | None) -> tuple[str, str]:
    """The title and the sanitised body; every refused field is named at once."""
    errors = FieldErrors()
    with errors.collect():
        title = _title(title)
    with errors.collect():
        html = _body(body)
    if publish_at is not None and publish_at > timezone.now() + datetime.timedelta(days=366):
        errors.errors["publish_at"] = ["Chỉ hẹn giờ đăng trong vòng một năm."]
    errors.raise_any()
    return title, html


def _title(title: str) -> str:
    title = clean_spaces(title or "")
    if not title:
        raise ActionError({"title": ["Hãy nhập tiêu đề tin."]})
    if len(title) > MAX_TITLE:
        raise ActionError({"title": [f"Tiêu đề dài quá {MAX_TITLE} ký tự."]})
    return title


def _body(body: str) -> str:
    if len(body or "") > MAX_BODY:
        raise ActionError({"body": [f"Nội dung dài quá {MAX_BODY:,} ký tự.".replace(",", ".")]})
    html = sanitise(body)
    if not plain(html):
        raise ActionError({"body": ["Hãy nhập nội dung tin."]})
    return html


def _audit(by: User | None, item: NewsItem, summary: str, action: AuditAction = AuditAction.STATUS) -> None:
    record(actor=by, action=action, object_type="news", object_id=item.pk, org=item.target, summary=summary)


@transaction.atomic
def write_news(
    *,
    by: User,
    target: Org,
    title: str,
    body: str,
    pinned: bool = False,
    publish_at: datetime.datetime | None = None,
    image: UploadedFile | None = None,
    image_alt: str = "",
) -> NewsItem:
    """A new draft for `target`'s subtree. The same title and body twice within a minute (a double
    submit) is kept once."""
    if not can_write(by, target):
        raise ActionError({"target": [NOT_IN_SCOPE]})
    title, html = _fields(title=title, body=body, publish_at=publish_at)
    recent = recent_twin(NewsItem.objects.filter(created_by=by, target=target, title=title, body=html), by=by)
    if recent is not None:
        return recent
    item = NewsItem(
        title=title,
        body=html,
        target=target,
        pinned=pinned,
        publish_at=publish_at,
        image_alt=clean_spaces(image_alt or "")[:200],
        created_by=by,
    )
    if image is not None:
        stored = store_image(image)
        item.image, item.thumb = stored.image, stored.thumb
    item.save()
    _audit(by, item, "Viết tin (bản nháp)", AuditAction.CREATE)
    return item


@transaction.atomic
def edit_news(
    *,
    by: User,
    item: NewsItem,
    target: Org,
    title: str,
    body: str,
    pinned: bool,
    publish_at: datetime.datetime | None,
    image: UploadedFile | None = None,
    image_alt: str = "",
    drop_image: bool = False,
) -> NewsItem:
    """Change a draft or a returned item (a submitted one is the reviewers' until they decide)."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    if not item.editable:
        raise ActionError({"title": ["Tin đã gửi duyệt hoặc đã đăng, không sửa được nữa."]})
    if not (can_write(by, item.target) and can_write(by, target)):
        raise ActionError({"target": [NOT_IN_SCOPE]})
    item.title, item.body = _fields(title=title, body=body, publish_at=publish_at)
    item.target, item.pinned, item.publish_at = target, pinned, publish_at
    item.image_alt = clean_spaces(image_alt or "")[:200]
    old = (item.image, item.thumb)
    if image is not None:
        stored = store_image(image)
        item.image, item.thumb = stored.image, stored.thumb
    elif drop_image:
        item.image = item.thumb = ""
    item.save()
    if old != (item.image, item.thumb):

        def _remove_old() -> None:
            for name in old:
                remove_image(name)

        transaction.on_commit(_remove_old)
    _audit(by, item, "Sửa tin", AuditAction.UPDATE)
    return item


@transaction.atomic
def submit_news(*, by: User, item: NewsItem) -> NewsItem:
    """Send a draft to the editorial board. Submitting twice does nothing the second time."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    if item.status == NewsStatus.SUBMITTED:
        return item
    if not item.editable or not can_write(by, item.target):
        raise ActionError({"status": ["Tin này không gửi duyệt được."]})
    item.status, item.submitted_at = NewsStatus.SUBMITTED, timezone.now()
    item.save(update_fields=["status", "submitted_at"])
    _audit(by, item, "Gửi tin để duyệt")
    return item


def _check_reviewer(by: User, item: NewsItem) -> None:
    if not can_approve_at(by, item.target):
        raise ActionError({"status": ["Tin đăng cho ngoài phạm vi biên tập của đồng chí: không duyệt được."]})
    if item.created_by_id == by.pk:
        raise ActionError({"status": [OWN_ITEM]})


@transaction.atomic
def return_news(*, by: User, item: NewsItem, comment: str) -> NewsItem:
    """Send a submitted item back to its author with a comment."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    if item.status == NewsStatus.RETURNED:
        return item
    if item.status != NewsStatus.SUBMITTED:
        raise ActionError({"status": ["Chỉ trả lại được tin đang chờ duyệt."]})
    _check_reviewer(by, item)
    comment = (comment or "").strip()
    if not comment:
        raise ActionError({"comment": ["Hãy ghi ý kiến để người viết biết cần sửa gì."]})
    if len(comment) > 2000:
        raise ActionError({"comment": ["Ý kiến dài quá 2.000 ký tự."]})
    item.status, item.return_comment = NewsStatus.RETURNED, comment
    item.save(update_fields=["status", "return_comment"])
    _audit(by, item, "Trả lại tin để sửa")
    if item.created_by_id:
        notify(
            users=[item.created_by_id],
            kind="news.returned",
            title=f"Tin «{item.title}» được trả lại để sửa",
            url=reverse("news_edit", args=[item.pk]),
            dedupe=f"news:{item.pk}:returned:{timezone.now():%Y%m%d%H%M}",
        )
    return item


@transaction.atomic
def approve_news(*, by: User, item: NewsItem) -> NewsItem:
    """Approve a submitted item: it is published now, or at its `publish_at` if that is still ahead.

    Only an editor whose scope holds the target approves, and never their own item. Approving twice
    does nothing the second time."""
    item = NewsItem.objects.select_for_update().select_related("target").get(pk=item.pk)
    if item.status in (NewsStatus.SCHEDULED, NewsStatus.PUBLISHED):
        return item
    if item.status != NewsStatus.SUBMITTED:
        raise ActionError({"status": ["Chỉ duyệt được tin đang chờ duyệt."]})
    _check_reviewer(by, item)
    item.approved_by = by
    if item.publish_at and item.publish_at > timezone.now():
        item.status = NewsStatus.SCHEDULED
        item.save(update_fields=["status", "approved_by"])
        _audit(by, item, f"Duyệt tin, hẹn đăng lúc {timezone.localtime(item.publish_at):%H:%M %d/%m/%Y}")
        return item
    item.save(update_fields=["approved_by"])
    _publish(item)
    _audit(by, item, "Duyệt và đăng tin")
    return item


def _recipients(target: Org) -> QuerySet[User]:
    """Accounts of members of `target`'s subtree who use the handbook (their member role is active)."""
    holders = RoleAssignment.objects.active().filter(subtree_q([target], field="org__path"), role=Role.MEMBER)
    return User.objects.filter(is_active=True, pk__in=holders.values("user_id"))


def _publish(item: NewsItem) -> None:
    item.status, item.published_at = NewsStatus.PUBLISHED, timezone.now()
    item.save(update_fields=["status", "published_at"])
    notify(
        users=_recipients(item.target),
        kind="news.published",
        title=item.title,
        body=plain(item.body)[:200],
        url=reverse("news_detail", args=[item.pk]),
        dedupe=f"news:{item.pk}:published",
    )


def publish_due_news() -> int:
    """Publish the approved items whose time has come (the scheduled job). Each in its own transaction,
    locked, so two workers publish an item once."""
    count = 0
    for pk in NewsItem.objects.due().values_list("pk", flat=True):
        with transaction.atomic():
            item = NewsItem.objects.select_for_update().select_related("target").filter(pk=pk).first()
            if item is None or item.status != NewsStatus.SCHEDULED:
                continue
            _publish(item)
            _audit(None, item, "Đăng tin theo giờ đã hẹn")
            count += 1
    return count


@transaction.atomic
def withdraw_news(*, by: User, item: NewsItem) -> NewsItem:
    """Take a published (or scheduled) item down; it leaves the feed and its image is no longer served."""
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    if item.status == NewsStatus.WITHDRAWN:
        return item
    if item.status not in (NewsStatus.PUBLISHED, NewsStatus.SCHEDULED):
        raise ActionError({"status": ["Chỉ gỡ được tin đã duyệt."]})
    if not may_manage(by, item):
        raise ActionError({"status": [NOT_IN_SCOPE]})
    item.status, item.pinned = NewsStatus.WITHDRAWN, False
    item.save(update_fields=["status", "pinned"])
    _audit(by, item, "Gỡ tin đã đăng")
    return item


@transaction.atomic
def pin_news(*, by: User, item: NewsItem, pinned: bool) -> NewsItem:
    item = NewsItem.objects.select_for_update().get(pk=item.pk)
    if item.pinned == pinned:
        return item
    if not may_manage(by, item):
        raise ActionError({"pinned": [NOT_IN_SCOPE]})
    item.pinned = pinned
    item.save(update_fields=["pinned"])
    _audit(by, item, "Ghim tin lên đầu" if pinned else "Bỏ ghim tin", AuditAction.UPDATE)
    return item


def mark_read(*, user: User, item: NewsItem) -> None:
    """The reader's own unread mark (interface state, like a notification's): no audit row."""
    if NewsRead.objects.filter(user=user, item=item).exists():
        return
    try:
        with transaction.atomic():
            NewsRead.objects.create(user=user, item=item)
    except IntegrityError:
        pass  # two tabs opened it at once


@transaction.atomic
def grant_editor(*, by: User, user: User, org: Org) -> RoleAssignment:
    """Give `user` the editor role at `org`: unit staff (who manage roles) of a subtree holding `org`."""
    if not can(by, Cap.MANAGE_ROLES, org):
        raise ActionError({"org": ["Đồng chí không có quyền giao vai trò ở tổ chức này."]})
    return grant_role(by=by, user=user, role=Role.EDITOR, org=org)


@transaction.atomic
def revoke_editor(*, by: User, assignment: RoleAssignment) -> bool:
    """Take the editor role back, under the same rule as giving it. Returns False if it was already taken
    back (a second submit changes nothing)."""
    assignment = (
        RoleAssignment.objects.select_for_update().select_related("user", "org").get(pk=assignment.pk)
    )
    if assignment.role != Role.EDITOR:
        raise ActionError("Đây không phải vai trò biên tập viên.")
    if not can(by, Cap.MANAGE_ROLES, assignment.org):
        raise ActionError("Đồng chí không có quyền thu hồi vai trò ở tổ chức này.")
    if assignment.revoked_at is not None:
        return False
    revoke_role(by=by, assignment=assignment)
    return True
