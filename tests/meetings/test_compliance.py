"""The compliance flags, as a pure function over a branch's meetings."""

import datetime

from sotay.meetings.compliance import MeetingFacts, flags, flags_for
from tests.meetings.conftest import make_meeting

UTC = datetime.UTC


def at(y, m, d, h=19):
    return datetime.datetime(y, m, d, h, tzinfo=UTC)


def facts(pk, kind, starts, *, published_at=None, doc_at=None, finalised=None, published=True):
    return MeetingFacts(
        pk, kind, starts, starts + datetime.timedelta(hours=1), published, published_at, doc_at, finalised
    )


def codes(fs):
    return sorted(f.code for f in fs)


def test_a_clean_branch_has_no_flag(settings):
    settings.TIME_ZONE = "UTC"
    now = at(2026, 5, 10)
    meetings = [
        facts(
            i,
            "regular",
            at(2026, m, 5),
            published_at=at(2026, m, 1),
            doc_at=at(2026, m, 1),
            finalised=at(2026, m, 6),
        )
        for i, m in enumerate((2, 3, 4, 5), 1)
    ]
    meetings.append(facts(9, "thematic", at(2026, 2, 20), finalised=at(2026, 2, 21)))
    assert flags(meetings, now=now) == []


def test_each_rule_raises_its_flag(settings):
    settings.TIME_ZONE = "UTC"
    now = at(2026, 5, 25)
    meetings = [
        facts(1, "regular", at(2026, 2, 5), finalised=at(2026, 2, 6)),
        # March: none. April: documents a day before, minutes five days late.
        facts(
            2,
            "regular",
            at(2026, 4, 10),
            published_at=at(2026, 4, 1),
            doc_at=at(2026, 4, 9),
            finalised=at(2026, 4, 15),
        ),
        # May: not finalised, more than 3 days ago.
        facts(3, "regular", at(2026, 5, 5), published_at=at(2026, 5, 1)),
    ]
    assert codes(flags(meetings, now=now)) == [
        "documents_late",
        "minutes_late",
        "minutes_late",
        "month_without_regular",
        "next_month_unscheduled",
        "quarter_without_thematic",
    ]


def test_next_month_is_flagged_only_after_the_20th(settings):
    settings.TIME_ZONE = "UTC"
    base = [
        facts(i, "regular", at(2026, m, 5), finalised=at(2026, m, 6)) for i, m in enumerate((2, 3, 4, 5), 1)
    ]
    base.append(facts(9, "thematic", at(2026, 1, 20), finalised=at(2026, 1, 21)))
    assert "next_month_unscheduled" not in codes(flags(base, now=at(2026, 5, 20)))
    assert "next_month_unscheduled" in codes(flags(base, now=at(2026, 5, 21)))
    june = [*base, facts(10, "regular", at(2026, 6, 3), published=False)]
    assert "next_month_unscheduled" not in codes(flags(june, now=at(2026, 5, 21)))


def test_flags_for_reads_many_branches_in_one_query(tree, django_assert_num_queries, sent):
    make_meeting(tree.branch1, publish=True)
    with django_assert_num_queries(1):
        result = flags_for([tree.branch1.pk, tree.branch2.pk])
    assert set(result) == {tree.branch1.pk, tree.branch2.pk}
    assert "month_without_regular" in codes(result[tree.branch2.pk])


def test_a_meeting_stored_at_the_calendars_end_does_not_break_the_flags(settings):
    """A meeting saved with year 9999 (before the actions refused it) made every page that checks its
    branch fail: the deadline for its minutes lay past the calendar."""
    settings.TIME_ZONE = "UTC"
    last = datetime.datetime(9999, 12, 31, 22, tzinfo=UTC)
    meetings = [facts(1, "regular", last, published_at=at(2026, 5, 1), doc_at=at(2026, 5, 1))]
    assert "minutes_late" not in codes(flags(meetings, now=at(2026, 5, 10)))
