"""Retention: `prune_logs` deletes audit and handbook change-log rows older than their settings."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from sotay.audit.log import record
from sotay.audit.models import AuditAction, AuditEvent
from sotay.handbook.models import HandbookChange
from sotay.handbook.sync.actions import sync_handbook


def _age(queryset, days):
    queryset.update(at=timezone.now() - datetime.timedelta(days=days))


def test_prune_deletes_old_rows_only_and_says_what_it_deleted(tree, hoa, lan, settings):
    settings.SOTAY_AUDIT_RETENTION_DAYS = 30
    settings.SOTAY_HANDBOOK_CHANGES_RETENTION_DAYS = 10
    sync_handbook(root=tree.city, by=None)
    old = record(actor=None, action=AuditAction.VIEW, object_type="member", summary="cũ")
    recent = record(actor=None, action=AuditAction.VIEW, object_type="member", summary="mới")
    _age(AuditEvent.objects.filter(pk=old.pk), 31)
    _age(AuditEvent.objects.filter(pk=recent.pk), 29)
    changes = list(HandbookChange.objects.order_by("id").values_list("id", flat=True))
    assert len(changes) == 2
    _age(HandbookChange.objects.filter(id=changes[0]), 11)

    call_command("prune_logs")

    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=recent.pk).exists()
    assert list(HandbookChange.objects.values_list("id", flat=True)) == changes[1:]
    note = AuditEvent.objects.get(object_type="retention")
    assert note.action == AuditAction.DELETE
    assert "1 dòng nhật ký" in note.summary
    assert "1 thay đổi Sổ tay" in note.summary
    assert note.changes["handbook_changes"][0] == 1


def test_zero_keeps_everything(tree, hoa):
    sync_handbook(root=tree.city, by=None)
    _age(AuditEvent.objects.all(), 5000)
    _age(HandbookChange.objects.all(), 5000)
    before = AuditEvent.objects.count()
    call_command("prune_logs", "--audit-days", "0", "--changes-days", "0")
    assert AuditEvent.objects.count() == before + 1  # only the row about the (empty) pruning
    assert HandbookChange.objects.count() == 1
