"""schemathesis against the app (WSGI), every operation, with a token for each persona: no server error,
every response (errors included) conforms to the OpenAPI schema in status, content type, headers and body.

Valid and invalid inputs (schemathesis' positive and negative modes) are both generated, so the input
limits (string lengths, ranges) are exercised too. Bounded: a few examples per operation and mode, about
half a minute for the five personas on a laptop.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sotay.api.actions import issue_token
from sotay.dashboard.facts import refresh
from sotay.handbook.sync.consumers import create_consumer
from tests.api.content import content_of

PERSONAS = ["member_user", "secretary", "unit_staff", "city_staff", "consumer"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 5


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


def _secret(request, tree, persona: str) -> str:
    if persona == "consumer":
        return create_consumer(name="Hệ thống", root=tree.ward1, fields=[], by=None)[1]
    return issue_token(user=request.getfixturevalue(persona), device="schemathesis")[1]


def _talk_objects(request, tree, hoa, persona: str) -> dict[str, int]:
    """A report of the member's (in the branch committee's and ward staff's scope), a question of theirs
    to the branch, and a note of the persona's own: their answers with data are checked too."""
    from sotay.corrections.actions import submit_correction
    from sotay.notes.actions import write_note
    from sotay.questions.actions import ask_question

    asker = request.getfixturevalue("member_user")
    correction = submit_correction(member=hoa, by=asker, field="hometown", value="Xã Mới")
    question = ask_question(by=asker, org=tree.branch1, subject="Hỏi thử", body="Nội dung")
    ids = {"correction_id": correction.pk, "question_id": question.pk}
    if persona != "consumer":
        ids["note_id"] = write_note(by=request.getfixturevalue(persona), body="Ghi chú thử").pk
    return ids


@pytest.mark.slow
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_operation_conforms(request, tree, hoa, binh, campaign, persona):
    secret = _secret(request, tree, persona)
    # Path arguments naming real objects (ward 1's, the personas' own), beside the generated ones, so
    # that the answers with data are checked too.
    known = {"member_id": hoa.pk, "org_id": tree.ward1.pk, "campaign_id": campaign.pk}
    known |= _talk_objects(request, tree, hoa, persona)
    # Library, news, study objects of branch 1 (hoa's), and the dashboard's facts.
    objects = content_of("Thử", tree.branch1, hoa)
    known |= {"doc_id": objects["document"], "news_id": objects["news"], "study_id": objects["study"]}
    known |= {"reflection_id": objects["reflection"]}
    refresh(full=True)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    for operation in operations:
        strategies = [operation.as_strategy(generation_mode=mode) for mode in GenerationMode]
        names = {p.name for p in operation.path_parameters}
        if names and names <= set(known):
            fixed = {name: known[name] for name in names}
            strategies.append(operation.as_strategy(path_parameters=fixed))
        for strategy in strategies:

            @given(case=strategy)
            @settings(
                max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
            )
            def check(case: schemathesis.Case) -> None:
                # A DELETE may revoke the token it is sent with: it gets a token of its own.
                token = _secret(request, tree, persona) if case.method.upper() == "DELETE" else secret
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
                response = case.call()
                case.validate_response(response, checks=CHECKS)

            check()


def test_schema_names_are_unique():
    """Two answer shapes of one name would share one OpenAPI component: one would describe the other's
    answers (django-ninja names components by class name)."""
    import importlib
    import pkgutil

    from ninja import Schema

    import sotay.api

    seen: dict[str, set[str]] = {}
    for info in pkgutil.iter_modules(sotay.api.__path__):
        module = importlib.import_module(f"sotay.api.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == module.__name__:
                seen.setdefault(value.__name__, set()).add(module.__name__)
    assert {name: where for name, where in seen.items() if len(where) > 1} == {}
