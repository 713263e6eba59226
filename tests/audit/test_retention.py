"""Retention: `prune_logs` deletes audit and handbook change-log rows older than their settings."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from sotay.audit.log import record
from sotay.audit.models import AuditAction, AuditEvent
from sotay.handbook.models import HandbookChange
from sotay.handbook.sync.actions import sync_handbook
from sotay.site.retention import delete_before, month_cutoff, prune_logs


def _age(queryset, days):
    queryset.update(at=timezone.now() - datetime.timedelta(days=days))


def test_prune_deletes_old_rows_only_and_says_what_it_deleted(tree, hoa, lan, settings):
    settings.SOTAY_AUDIT_RETENTION_DAYS = 30
    settings.SOTAY_HANDBOOK_CHANGES_RETENTION_DAYS = 10
    sync_handbook(root=tree.city, by=None)
    old = record(actor=None, action=AuditAction.VIEW, object_type="member", summary="cũ")
    recent = record(actor=None, action=AuditAction.VIEW, object_type="member", summary="mới")
    _age(AuditEvent.objects.filter(pk=old.pk), 31 + 31)  # before the month that holds "30 days ago"
    _age(AuditEvent.objects.filter(pk=recent.pk), 29)
    changes = list(HandbookChange.objects.order_by("id").values_list("id", flat=True))
    assert len(changes) == 2
    _age(HandbookChange.objects.filter(id=changes[0]), 11 + 31)

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


def _local(*args: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args), timezone.get_current_timezone())


def test_the_cut_off_is_the_start_of_the_month_that_holds_the_setting_s_edge():
    assert month_cutoff(_local(2026, 11, 28, 12), 30) == _local(2026, 10, 1)
    assert month_cutoff(_local(2026, 3, 1, 0, 30), 1) == _local(2026, 2, 1)
    assert month_cutoff(_local(2026, 1, 15), 30) == _local(2025, 12, 1)
    assert month_cutoff(_local(2026, 11, 28), 0) is None


def test_pruning_by_month_never_deletes_a_row_younger_than_the_setting(db):
    days = 30
    for now in (_local(2026, 11, 28, 12), _local(2026, 3, 1, 0, 0, 1), _local(2026, 12, 31, 23, 59)):
        AuditEvent.objects.all().delete()
        edge = now - datetime.timedelta(days=days)
        cutoff = month_cutoff(now, days)
        ages = {
            "just younger than the setting": edge + datetime.timedelta(seconds=1),
            "exactly the setting": edge,
            "first instant of the edge's month": cutoff,
            "last instant before it": cutoff - datetime.timedelta(microseconds=1),
            "a year old": now - datetime.timedelta(days=365),
        }
        for summary, at in ages.items():
            AuditEvent.objects.filter(
                pk=record(actor=None, action=AuditAction.VIEW, object_type="t", summary=summary).pk
            ).update(at=at)
        prune_logs(now=now, audit_days=days, changes_days=0)
        left = set(AuditEvent.objects.filter(object_type="t").values_list("summary", flat=True))
        assert left == {
            "just younger than the setting",
            "exactly the setting",
            "first instant of the edge's month",
        }
        assert all(at < edge for s, at in ages.items() if s not in left)


def test_deletes_go_in_batches_and_count_every_row(db):
    for n in range(7):
        record(actor=None, action=AuditAction.VIEW, object_type="t", summary=str(n))
    AuditEvent.objects.update(at=_local(2020, 1, 1))
    assert delete_before(AuditEvent, _local(2021, 1, 1), batch=3) == 7
    assert not AuditEvent.objects.exists()
