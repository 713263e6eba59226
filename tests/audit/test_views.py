"""The audit log keeps no identifier in clear, and acts that touch no record belong to the actor's unit."""

from django.urls import reverse

from sotay.audit.log import record
from sotay.audit.models import AuditAction, AuditEvent

PASSWORD = "mat-khau-rat-dai-123"


def test_a_cccd_typed_into_the_member_search_is_masked(client, unit_staff, hoa):
    client.force_login(unit_staff)
    client.get(reverse("member_list"), {"q": hoa.cccd})
    client.get(reverse("member_list"), {"q": "0912.345.678"})
    summaries = " ".join(
        AuditEvent.objects.filter(action=AuditAction.SEARCH).values_list("summary", flat=True)
    )
    assert hoa.cccd not in summaries
    assert hoa.cccd[:3] + "******" + hoa.cccd[-3:] in summaries
    assert "345" not in summaries.replace("091****678", "")


def test_record_masks_identifiers_whoever_calls_it(db):
    event = record(
        actor=None,
        action=AuditAction.UPDATE,
        object_type="staged_record",
        summary="Sửa CCCD 079190001234",
        changes={"cccd": ["079190001234", "079190005678"], "note": ["", "gọi 0912345678"]},
    )
    event.refresh_from_db()
    assert event.summary == "Sửa CCCD 079******234"
    assert event.changes == {"cccd": ["079******234", "079******678"], "note": ["", "gọi 091****678"]}


def test_search_sign_in_and_failed_sign_in_are_visible_to_the_units_staff(
    client, secretary, unit_staff, outsider, tree
):
    client.post(reverse("login"), {"username": "bithu1", "password": "sai"})
    client.post(reverse("login"), {"username": "bithu1", "password": PASSWORD})
    client.get(reverse("member_list"), {"q": "nguyen"})
    for action in (AuditAction.LOGIN_FAILED, AuditAction.LOGIN, AuditAction.SEARCH):
        assert AuditEvent.objects.get(action=action).org_path == tree.branch1.path
    client.force_login(unit_staff)
    body = client.get(reverse("audit_log")).content.decode()
    assert "Đăng nhập sai: bithu1" in body
    assert "nguyen" in body
    client.force_login(outsider)
    body = client.get(reverse("audit_log")).content.decode()
    assert "bithu1" not in body
    assert "nguyen" not in body
