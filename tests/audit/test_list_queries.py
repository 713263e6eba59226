"""The audit log runs a bounded number of queries, whatever the number of events and actors."""

import pytest
from django.urls import reverse

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from tests import factories
from tests.queries import assert_flat

pytestmark = pytest.mark.usefixtures("no_n_plus_one")


def test_audit_log(client, unit_staff, hoa, tree):
    client.force_login(unit_staff)

    made = iter(range(1000))

    def grow():
        for _ in range(6):
            actor = factories.user(f"actor{next(made)}")
            record(
                actor=actor, action=AuditAction.VIEW, object_type="member", object_id=hoa.pk, org=tree.branch1
            )

    assert_flat(client, reverse("audit_log"), grow, at_most=8)
    assert_flat(client, reverse("audit_log") + f"?member={hoa.pk}", grow, at_most=8)
