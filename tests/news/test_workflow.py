"""The editorial workflow: draft → submitted → approved and published (or returned), by another editor."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sotay.audit.models import AuditEvent
from sotay.core.errors import ActionError
from sotay.news import actions
from sotay.news.models import NewsItem, NewsStatus
from sotay.news.tasks import publish_due
from sotay.notifications.models import Notification
from tests import factories
from tests.news.conftest import published


def _draft(by, target, **kwargs):
    return actions.write_news(
        by=by, target=target, title="Tin phường Một", body="Đoạn một.\n\nĐoạn hai.", **kwargs
    )


def test_draft_submit_approve_publishes_and_notifies_the_target_members(
    tree, ward_editor, editor, member_user, lan, binh
):
    lan_user = factories.user("lan", role="member", at=tree.branch2, member=lan)
    binh_user = factories.user("binh", role="member", at=tree.unit2, member=binh)
    item = _draft(ward_editor, tree.ward1)
    assert item.status == NewsStatus.DRAFT
    assert item.body == "<p>Đoạn một.</p><p>Đoạn hai.</p>"
    actions.submit_news(by=ward_editor, item=item)
    actions.approve_news(by=editor, item=item)
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED
    assert item.published_at is not None
    assert item.approved_by == editor
    notified = set(Notification.objects.filter(kind="news.published").values_list("user_id", flat=True))
    assert notified == {member_user.pk, lan_user.pk}  # ward 1's members, not ward 2's
    assert binh_user.pk not in notified
    assert set(Notification.objects.values_list("dedupe", flat=True)) == {f"news:{item.pk}:published"}
    summaries = list(
        AuditEvent.objects.filter(object_type="news").order_by("id").values_list("summary", flat=True)
    )
    assert summaries == ["Viết tin (bản nháp)", "Gửi tin để duyệt", "Duyệt và đăng tin"]


def test_nobody_approves_their_own_item(tree, editor):
    item = _draft(editor, tree.ward1)
    actions.submit_news(by=editor, item=item)
    with pytest.raises(ActionError, match="tự duyệt"):
        actions.approve_news(by=editor, item=item)
    item.refresh_from_db()
    assert item.status == NewsStatus.SUBMITTED


def test_unit_staff_write_but_do_not_approve(tree, unit_staff, ward_editor):
    item = _draft(unit_staff, tree.ward1)
    actions.submit_news(by=unit_staff, item=item)
    other = factories.user("bantochuc1b", role="unit_staff", at=tree.ward1)
    with pytest.raises(ActionError, match="ngoài phạm vi"):
        actions.approve_news(by=other, item=item)
    actions.approve_news(by=ward_editor, item=item)
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED


def test_approving_outside_the_editors_scope_is_refused(tree, unit_staff, ward_editor):
    staff2 = factories.user("bantochuc2", role="unit_staff", at=tree.ward2)
    item = _draft(staff2, tree.ward2)
    actions.submit_news(by=staff2, item=item)
    with pytest.raises(ActionError, match="ngoài phạm vi"):
        actions.approve_news(by=ward_editor, item=item)
    item.refresh_from_db()
    assert item.status == NewsStatus.SUBMITTED
    assert item.published_at is None
    assert not Notification.objects.exists()


def test_writing_outside_scope_is_refused(tree, ward_editor):
    with pytest.raises(ActionError, match="không có quyền"):
        _draft(ward_editor, tree.ward2)
    with pytest.raises(ActionError, match="không có quyền"):
        _draft(ward_editor, tree.city)
    assert not NewsItem.objects.exists()


def test_return_with_a_comment_then_edit_and_resubmit(tree, ward_editor, editor):
    item = _draft(ward_editor, tree.ward1)
    actions.submit_news(by=ward_editor, item=item)
    with pytest.raises(ActionError, match="ý kiến"):
        actions.return_news(by=editor, item=item, comment="  ")
    actions.return_news(by=editor, item=item, comment="Thêm ngày giờ tổ chức.")
    item.refresh_from_db()
    assert item.status == NewsStatus.RETURNED
    assert item.return_comment == "Thêm ngày giờ tổ chức."
    assert Notification.objects.filter(user=ward_editor, kind="news.returned").exists()
    actions.edit_news(
        by=ward_editor,
        item=item,
        target=tree.ward1,
        title="Tin phường Một (sửa)",
        body="Sáng 5/12.",
        pinned=False,
        publish_at=None,
    )
    actions.submit_news(by=ward_editor, item=item)
    item.refresh_from_db()
    assert item.status == NewsStatus.SUBMITTED
    assert item.title == "Tin phường Một (sửa)"


def test_a_submitted_item_cannot_be_edited(tree, ward_editor):
    item = _draft(ward_editor, tree.ward1)
    actions.submit_news(by=ward_editor, item=item)
    with pytest.raises(ActionError, match="không sửa được"):
        actions.edit_news(
            by=ward_editor,
            item=item,
            target=tree.ward1,
            title="Khác",
            body="Khác",
            pinned=False,
            publish_at=None,
        )


def test_double_submits_do_nothing_twice(tree, ward_editor, editor, member_user):
    first = _draft(ward_editor, tree.ward1)
    assert _draft(ward_editor, tree.ward1).pk == first.pk
    actions.submit_news(by=ward_editor, item=first)
    actions.submit_news(by=ward_editor, item=first)
    actions.approve_news(by=editor, item=first)
    actions.approve_news(by=editor, item=first)
    assert NewsItem.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="news").count() == 3
    assert Notification.objects.filter(kind="news.published").count() == 1


def test_scheduled_item_is_published_by_the_job_when_due(tree, ward_editor, editor, member_user):
    later = timezone.now() + datetime.timedelta(hours=2)
    item = _draft(ward_editor, tree.ward1, publish_at=later)
    actions.submit_news(by=ward_editor, item=item)
    actions.approve_news(by=editor, item=item)
    item.refresh_from_db()
    assert item.status == NewsStatus.SCHEDULED
    assert publish_due.call() == 0  # not yet
    assert not Notification.objects.exists()
    NewsItem.objects.filter(pk=item.pk).update(publish_at=timezone.now() - datetime.timedelta(minutes=1))
    assert publish_due.call() == 1
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED
    assert Notification.objects.filter(user=member_user, kind="news.published").count() == 1
    assert publish_due.call() == 0  # published once


def test_the_job_is_scheduled():
    from sotay.jobs.schedule import _JOBS

    assert _JOBS["news.publish_due"].minutes == 5


def test_withdraw_and_pin_are_audited(tree, ward_editor, editor):
    item = published(ward_editor, editor, tree.ward1, "Tin sẽ gỡ")
    actions.pin_news(by=editor, item=item, pinned=True)
    actions.withdraw_news(by=ward_editor, item=item)
    item.refresh_from_db()
    assert item.status == NewsStatus.WITHDRAWN
    assert not item.pinned
    summaries = list(
        AuditEvent.objects.filter(object_type="news").order_by("id").values_list("summary", flat=True)
    )
    assert summaries[-2:] == ["Ghim tin lên đầu", "Gỡ tin đã đăng"]


def test_withdraw_outside_scope_is_refused(tree, ward_editor, editor, outsider):
    item = published(ward_editor, editor, tree.ward1, "Tin phường Một")
    with pytest.raises(ActionError):
        actions.withdraw_news(by=outsider, item=item)
    item.refresh_from_db()
    assert item.status == NewsStatus.PUBLISHED


def test_unit_staff_grant_the_editor_role_in_their_subtree_only(tree, unit_staff, outsider):
    person = factories.user("nguoimoi")
    actions.grant_editor(by=unit_staff, user=person, org=tree.unit1)
    assert person.roles.active().filter(role="editor", org=tree.unit1).exists()
    assert AuditEvent.objects.filter(action="grant", object_id=str(person.pk)).exists()
    with pytest.raises(ActionError, match="không có quyền"):
        actions.grant_editor(by=outsider, user=person, org=tree.ward1)


def test_a_draft_names_every_refused_field_at_once(tree, ward_editor):
    with pytest.raises(ActionError) as refused:
        actions.write_news(by=ward_editor, target=tree.ward1, title="", body="<p> </p>")
    assert set(refused.value.message_dict) == {"title", "body"}
