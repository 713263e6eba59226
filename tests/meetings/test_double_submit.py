"""A comment sent twice (a double tap, a retried POST) is kept once, also when both arrive together."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sotay.audit.models import AuditEvent
from sotay.meetings.actions.before import add_comment, hide_comment
from sotay.meetings.models import Comment
from tests.races import at_once, postgresql_only

BODY = "Đề nghị chi bộ bổ sung số liệu đảng phí quý III"


def test_the_same_comment_twice_is_kept_once(meeting, member_user):
    item = meeting.agenda.get()
    first = add_comment(by=member_user, item=item, body=BODY)
    again = add_comment(by=member_user, item=item, body=f"  {BODY} ")
    assert again.pk == first.pk
    assert Comment.objects.filter(item=item).count() == 1
    assert AuditEvent.objects.filter(object_type="meeting_comment").count() == 1


def test_other_words_or_a_minute_later_is_a_new_comment(meeting, member_user):
    item = meeting.agenda.get()
    first = add_comment(by=member_user, item=item, body=BODY)
    assert add_comment(by=member_user, item=item, body=BODY + ".").pk != first.pk
    Comment.objects.filter(pk=first.pk).update(created_at=first.created_at - datetime.timedelta(seconds=61))
    # A member may make the same point again later, on purpose.
    assert add_comment(by=member_user, item=item, body=BODY).pk != first.pk
    assert Comment.objects.filter(item=item).count() == 3


def test_the_check_locks_the_authors_row_on_postgresql(meeting, member_user):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes no row lock: its IMMEDIATE transactions already run one at a time")
    item = meeting.agenda.get()
    with CaptureQueriesContext(connection) as queries:
        add_comment(by=member_user, item=item, body=BODY)
    locks = [q["sql"] for q in queries if " FOR " in q["sql"]]
    assert len(locks) == 1
    # NO KEY UPDATE: a notification or an audit row that points at the account is not held up by it.
    assert locks[0].endswith("FOR NO KEY UPDATE")
    assert 'FROM "accounts_user"' in locks[0]


def test_a_comment_hidden_in_the_meantime_is_not_the_twin(meeting, member_user, secretary):
    item = meeting.agenda.get()
    first = add_comment(by=member_user, item=item, body=BODY)
    hide_comment(by=secretary, comment=first, reason="Trùng lặp")
    assert add_comment(by=member_user, item=item, body=BODY).pk != first.pk


@pytest.mark.django_db(transaction=True)
def test_two_identical_comments_sent_together_are_kept_once(meeting, member_user):
    postgresql_only()
    item = meeting.agenda.get()
    first, second = at_once(
        lambda: add_comment(by=member_user, item=item, body=BODY),
        lambda: add_comment(by=member_user, item=item, body=BODY),
    )
    assert isinstance(first, Comment)
    assert isinstance(second, Comment)
    assert first.pk == second.pk
    assert Comment.objects.filter(item=item).count() == 1
