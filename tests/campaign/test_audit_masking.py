"""Identifiers edited through the review queue reach the audit log masked."""

import json

from sotay.audit.models import AuditEvent
from sotay.campaign.actions import imports, review


def test_cccd_and_phone_edited_in_the_review_queue_are_masked_in_the_audit_row(
    ward1_unit, messy_file, unit_staff
):
    batch = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff
    ).batch
    staged = batch.records.get(member_code="A3")
    review.edit_value(record=staged, field="cccd", text="079062000777", by=unit_staff)
    review.edit_value(record=staged, field="phone", text="0987654321", by=unit_staff)
    rows = json.dumps([e.changes for e in AuditEvent.objects.filter(object_type="staged_record")])
    rows += " ".join(AuditEvent.objects.values_list("summary", flat=True))
    for secret in ("079062000777", "079062000101", "0987654321", "0912345678"):
        assert secret not in rows
    assert "079******777" in rows
