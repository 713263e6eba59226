"""schemathesis against the app (WSGI), every operation, with a token for each persona: no server error,
every response conforms to the OpenAPI schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from sotay.api.actions import issue_token
from sotay.handbook.sync.consumers import create_consumer

PERSONAS = ["member_user", "secretary", "unit_staff", "city_staff", "consumer"]


@pytest.fixture
def city_staff(tree):
    from sotay.accounts.models import Role
    from tests import factories

    return factories.user("bantochuctp", role=Role.UNIT_STAFF, at=tree.city)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The plain WSGI handler closes database connections after each request, as in production; Django's
    test client does not. On PostgreSQL that closed the test's own connection (the next request failed),
    so the signal is held off here as the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_operation_conforms(request, tree, hoa, binh, persona):
    if persona == "consumer":
        secret = create_consumer(name="Hệ thống", root=tree.ward1, fields=[], by=None)[1]
    else:
        secret = issue_token(user=request.getfixturevalue(persona), device="schemathesis")[1]
    app = get_wsgi_application()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:
        if operation.method.upper() == "DELETE" or operation.path == "/api/v1/auth/token":
            # Revoking the token or signing in would change the persona mid-run (tests/api/test_api.py).
            continue

        @given(case=operation.as_strategy())
        @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: schemathesis.Case) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {secret}"}
            response = case.call()
            assert response.status_code < 500, response.text[:300]
            case.validate_response(response, checks=[schemathesis.checks.not_a_server_error])

        check()
