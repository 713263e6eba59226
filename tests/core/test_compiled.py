"""Querysets compiled once and run with other values (sotay.core.compiled) give what Django gives."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, connections, transaction
from django.db.models import Count, OuterRef, Subquery
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sotay.core.compiled import Compiled, CompileError, count_together
from sotay.members.models import Member
from sotay.orgs.models import Org, OrgType
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Org]:
    city = factories.org("79", OrgType.DANG_BO_TINH, None)
    ward = factories.org("79.P1", OrgType.DANG_BO_PHUONG, city)
    a = factories.org("79.P1.A", OrgType.CHI_BO_CO_SO, ward)
    b = factories.org("79.P1.B", OrgType.CHI_BO_CO_SO, ward)
    for branch, n in ((a, 3), (b, 2)):
        for _ in range(n):
            factories.member(branch)
    return {"city": city, "ward": ward, "a": a, "b": b}


def _by_branch(branch: int) -> object:
    return Member.objects.filter(org_id=branch).select_related("org").order_by("pk")


def test_rows_are_djangos_rows_for_every_value_with_one_compilation(tree: dict[str, Org]) -> None:
    compiled = Compiled(_by_branch, branch=int)
    for branch in (tree["a"], tree["b"], tree["a"], tree["city"]):
        expected = list(_by_branch(branch.pk))  # type: ignore[call-overload]
        got = compiled.rows(branch=branch.pk)
        assert [m.pk for m in got] == [m.pk for m in expected]
        assert [m.full_name for m in got] == [m.full_name for m in expected]
        assert [m.birth_date for m in got] == [m.birth_date for m in expected]  # converters ran
    assert len(compiled._plans) == 1  # compiled once for every value


def test_select_related_is_filled_without_another_query(tree: dict[str, Org]) -> None:
    compiled = Compiled(_by_branch, branch=int)
    compiled.rows(branch=tree["b"].pk)
    with CaptureQueriesContext(connection) as ctx:
        rows = compiled.rows(branch=tree["a"].pk)
        assert {m.org.code for m in rows} == {"79.P1.A"}
    assert len(ctx.captured_queries) == 1


def test_annotations_values_and_counts(tree: dict[str, Org]) -> None:
    def build(ward: int) -> object:
        first = Member.objects.filter(org=OuterRef("pk")).order_by("pk").values("full_name")[:1]
        return (
            Org.objects.filter(parent_id=ward)
            .annotate(n=Count("members"), first=Subquery(first))
            .order_by("code")
            .values("code", "n", "first")
        )

    compiled = Compiled(build, ward=int)
    assert compiled.rows(ward=tree["ward"].pk) == list(build(tree["ward"].pk))  # type: ignore[call-overload]
    assert [r["n"] for r in compiled.rows(ward=tree["ward"].pk)] == [3, 2]
    assert compiled.rows(ward=tree["city"].pk) == [{"code": "79.P1", "n": 0, "first": None}]
    assert compiled.count(ward=tree["ward"].pk) == 2
    limited = Compiled(lambda branch: Member.objects.filter(org_id=branch)[:2], branch=int)
    assert limited.count(branch=tree["a"].pk) == 2
    assert limited.count(branch=tree["b"].pk) == 2
    assert limited.count(branch=tree["ward"].pk) == 0


def test_list_parameters_compile_once_per_length(tree: dict[str, Org]) -> None:
    compiled = Compiled(lambda codes: Org.objects.filter(code__in=codes).order_by("code"), codes=(str,))
    assert [o.code for o in compiled.rows(codes=["79.P1.B", "79"])] == ["79", "79.P1.B"]
    assert [o.code for o in compiled.rows(codes=["79.P1.A", "nope"])] == ["79.P1.A"]
    assert [o.code for o in compiled.rows(codes=["79.P1"])] == ["79.P1"]
    assert len(compiled._plans) == 2


def test_a_datetime_parameter_on_either_database() -> None:
    now = timezone.now()
    Session.objects.create(
        session_key="a" * 32, session_data="x", expire_date=now + datetime.timedelta(seconds=5)
    )
    Session.objects.create(
        session_key="b" * 32, session_data="x", expire_date=now - datetime.timedelta(seconds=5)
    )
    live = Compiled(
        lambda now: Session.objects.filter(expire_date__gt=now).order_by("session_key"), now=datetime.datetime
    )
    assert [s.session_key for s in live.rows(now=now)] == ["a" * 32]
    assert live.rows(now=now + datetime.timedelta(seconds=10)) == []
    assert len(live.rows(now=now - datetime.timedelta(seconds=10))) == 2
    with pytest.raises(TypeError):
        live.rows(now=datetime.datetime(2026, 1, 1))  # a naive time is a mistake, not a value


def test_none_and_huge_integers_run_as_django_would(tree: dict[str, Org]) -> None:
    member = Member.objects.filter(org=tree["a"]).first()
    assert member is not None
    Member.objects.filter(pk=member.pk).update(in_transit_to=tree["b"])
    moving = Compiled(lambda to: Member.objects.filter(in_transit_to=to), to=int)
    assert [m.pk for m in moving.rows(to=tree["b"].pk)] == [member.pk]
    assert len(moving.rows(to=None)) == 4  # IS NULL, as Django writes it: not "= NULL"
    assert moving.count(to=None) == 4
    by_pk = Compiled(lambda pk: Member.objects.filter(pk=pk), pk=int)
    assert by_pk.rows(pk=member.pk) == [member]
    assert by_pk.rows(pk=2**70) == []  # Django answers "none" without asking the database
    assert by_pk.count(pk=-(2**64)) == 0


def test_wrong_types_and_unknown_parameters_are_mistakes(tree: dict[str, Org]) -> None:
    compiled = Compiled(_by_branch, branch=int)
    with pytest.raises(TypeError):
        compiled.rows(branch=str(tree["a"].pk))
    with pytest.raises(TypeError):
        compiled.rows(branch=True)
    with pytest.raises(TypeError):
        compiled.rows(org=tree["a"].pk)


def test_a_value_django_rewrites_is_refused_at_the_first_call(tree: dict[str, Org]) -> None:
    like = Compiled(lambda name: Member.objects.filter(full_name__istartswith=name), name=str)
    with pytest.raises(CompileError):
        like.rows(name="Ng")
    sliced = Compiled(lambda n: Member.objects.all()[:n], n=int)
    with pytest.raises(CompileError):
        sliced.rows(n=2)


@pytest.mark.django_db(transaction=True)
def test_another_thread_runs_it_on_its_own_connection(tree: dict[str, Org]) -> None:
    compiled = Compiled(_by_branch, branch=int)
    compiled.rows(branch=tree["a"].pk)  # compiled on this thread
    found: list[int] = []
    used: list[object] = []

    def other() -> None:
        try:
            found.extend(m.pk for m in compiled.rows(branch=tree["b"].pk))
            used.append(connections["default"])
        finally:
            own = connections["default"]
            if own.connection is not None:  # closed even when in-memory SQLite (Django's close() keeps those)
                own.connection.close()
                own.connection = None

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert found == [m.pk for m in _by_branch(tree["b"].pk)]  # type: ignore[attr-defined]
    assert used
    assert used[0] is not connections["default"]


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_on_postgresql_the_sql_is_prepared_once_per_connection(tree: dict[str, Org]) -> None:
    """ADR 0016: the server parses and plans a compiled query once per connection, whatever the size of
    its integers; the rows, the query log and a rollback in between are as without it."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    compiled = Compiled(_by_branch, branch=int)
    before = len(_prepared_statements())
    with CaptureQueriesContext(connection) as ctx:
        first = compiled.rows(branch=tree["a"].pk)
        second = compiled.rows(branch=tree["b"].pk)
        counted = compiled.count(branch=tree["b"].pk)
    assert [m.pk for m in first] == [m.pk for m in _by_branch(tree["a"].pk)]  # type: ignore[attr-defined]
    assert [m.org.code for m in second] == ["79.P1.B", "79.P1.B"]
    assert counted == 2
    # Still in Django's query log, with the values written in as for any other query (EXPLAIN-able).
    logged = [q["sql"] for q in ctx.captured_queries]
    assert len(logged) == 3
    assert logged[0].endswith(
        f'WHERE "members_member"."org_id" = {tree["a"].pk} ORDER BY "members_member"."id" ASC'
    )
    assert not any("%s" in sql or "$1" in sql for sql in logged)
    assert compiled.rows(branch=2**40) == []  # an int8-sized value: still the same statement
    prepared = _prepared_statements()
    assert len(prepared) == before + 2  # the rows' statement once for every value, and the count's
    assert any('"members_member"."org_id" = $1' in sql for sql in prepared)
    try:
        with transaction.atomic():  # a savepoint rolled back in between: the rows are still right
            Member.objects.filter(org=tree["a"]).delete()
            raise RuntimeError
    except RuntimeError:
        pass
    assert [m.pk for m in compiled.rows(branch=tree["a"].pk)] == [m.pk for m in first]


def test_with_prepared_statements_off_nothing_is_prepared(
    tree: dict[str, Org], monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    options = {k: v for k, v in connection.settings_dict["OPTIONS"].items() if k != "prepare_threshold"}
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)  # SOTAY_DB_PREPARED=0
    before = _prepared_statements()
    compiled = Compiled(_by_branch, branch=int)
    assert len(compiled.rows(branch=tree["a"].pk)) == 3
    assert _prepared_statements() == before


def test_counts_together_in_one_query_as_each_alone(tree: dict[str, Org]) -> None:
    by_branch = Compiled(_by_branch, branch=int)
    moving = Compiled(lambda to: Member.objects.filter(in_transit_to=to), to=int)
    codes = Compiled(lambda codes: Org.objects.filter(code__in=codes), codes=(str,))
    countings = [
        by_branch.counting(branch=tree["a"].pk),
        codes.counting(codes=["79", "79.P1", "nope"]),
        by_branch.counting(branch=tree["b"].pk),
    ]
    with CaptureQueriesContext(connection) as ctx:
        assert count_together(countings) == [3, 2, 2]
    assert len(ctx.captured_queries) == 1
    # A value the compiled SQL cannot take runs on its own, in its place in the answer.
    with CaptureQueriesContext(connection) as ctx:
        assert count_together([moving.counting(to=None), by_branch.counting(branch=tree["a"].pk)]) == [5, 3]
    assert len(ctx.captured_queries) == 2
    assert count_together([]) == []
