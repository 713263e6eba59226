"""The split of paths between the members and staff pools (sotay/core/pools.py) and its nginx form."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

from sotay.core.pools import RULES, Rule, nginx_snippet, pool_for, rule_for

ROOT = Path(__file__).resolve().parents[2]

# Every URL name the members pool serves. A new URL that lands in the members pool fails
# test_no_url_lands_in_the_members_pool_unlisted until it is added here (a member's page: light, one
# member or one branch) or a staff rule is added in sotay/core/pools.py (it reads a subtree, a list, a
# queue, or writes a file).
MEMBER_POOL_NAMES = frozenset(
    """
    activate add_agenda agenda_add agenda_delete agenda_move api-root api_home app_installed ask_committee
    attendance_list bookmark_toggle bookmarks branch_meetings calendar_feed calendar_page check_in_token
    checkin_screen comment_add comment_agenda_item comment_hide correction_report create_token
    delete_a_note delete_token document_delete document_detail document_edit document_file document_new
    document_supersede document_upload edit_a_note edit_meeting end_motion export_notes
    finalise_meeting_minutes home large_text library library_bookmarks library_document library_documents
    library_file library_keep library_mark_read library_offline_pages library_unkeep list_notes
    list_notifications list_tokens login logout manifest mark_meeting_attendance me meeting_cancel
    meeting_check_in meeting_checkin meeting_create meeting_detail meeting_document meeting_edit
    meeting_home meeting_minutes meeting_offline_pages meeting_publish meeting_rsvp motion_close
    motion_open motion_vote my_attendance my_correction my_corrections my_data my_data_export my_meetings
    my_profile my_question_list my_questions my_reflection news_approve news_detail news_edit news_feed
    news_image news_item news_new news_pin news_return news_submit news_unpin news_withdraw news_write
    note_delete note_edit note_item note_new notes notification_list notification_open
    notification_read_all openapi-json openapi-view otp_enrol otp_verify publish_committee_question
    publish_meeting_invitations push_subscription qa_list question_answer question_committees
    question_detail question_item question_new question_publish read_all_notifications read_notification
    reflection_detail reflection_file reflection_review reflection_save register report_correction
    return_reflection rsvp save_my_reflection schedule_meeting service_worker study_change study_close
    study_create study_detail study_edit study_list study_new study_open submit_my_reflection task_add
    task_status upload_document vote write_a_note write_minutes answer_committee_question
    published_qa complete_reflection add_motion document_withdraw notes_export comment_older
    """.split()  # noqa: SIM905 - a word list reads better than 150 quoted strings
)


def _sample(route: str) -> str:
    """A concrete path for a route: every parameter becomes 1 (the admin's regexes: their literal start)."""
    return "/" + re.sub(r"<[^>]+>", "1", route)


def _walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, str]]:
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        text = str(pattern)
        if isinstance(pattern, RegexPattern):
            text = re.split(r"[(\[\\.*+?$]", text.removeprefix("^"), maxsplit=1)[0]
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + text)
        elif isinstance(entry, URLPattern):
            yield prefix + text, entry.name or ""


URLS = sorted(set(_walk(get_resolver())))


def test_the_walk_sees_every_app():
    paths = {route for route, _ in URLS}
    assert len(URLS) > 200
    for expected in ("", "sinh-hoat/<int:pk>/", "dieu-hanh/<int:pk>/", "quan-tri/", "api/v1/members"):
        assert any(p == expected or p.startswith(expected) for p in paths), expected


@pytest.mark.parametrize(("route", "name"), URLS)
def test_every_url_pattern_is_classified_by_a_rule(route, name):
    path = _sample(route)
    assert rule_for(path) is not None, (
        f"{path} ({name}) matches no rule in sotay/core/pools.py: say which pool serves it"
    )


def test_no_url_lands_in_the_members_pool_unlisted():
    members = {name for route, name in URLS if pool_for(_sample(route)) == "members" and name}
    unlisted = members - MEMBER_POOL_NAMES
    assert not unlisted, (
        f"{sorted(unlisted)} would be served by the members pool: list them in MEMBER_POOL_NAMES if they "
        "are members' pages, else add a staff rule in sotay/core/pools.py"
    )
    # ... and the list holds no URL that has moved to the staff pool or gone.
    assert not (MEMBER_POOL_NAMES - members), sorted(MEMBER_POOL_NAMES - members)


@pytest.mark.parametrize(
    ("path", "pool"),
    [
        ("/", "members"),
        ("/ho-so/", "members"),
        ("/sinh-hoat/12/", "members"),
        ("/sinh-hoat/diem-danh/", "members"),
        ("/thu-vien/?q=x", "members"),
        ("/static/sotay/app.css", "members"),  # no rule: the members pool
        ("/favicon.ico", "members"),
        ("/to-chuc/", "staff"),
        ("/dang-vien/?org=3&q=nguyen", "staff"),
        ("/dieu-hanh/3/danh-sach/chua-kich-hoat/excel/", "staff"),
        ("/chien-dich/don-vi/4/hang-doi/", "staff"),
        ("/quan-tri/accounts/user/", "staff"),
        ("/hoc-tap/5/", "members"),
        ("/hoc-tap/5/thong-ke/", "staff"),
        ("/dang-ky/", "members"),
        ("/dang-ky/cho-duyet/", "staff"),
        ("/api/v1/me", "members"),
        ("/api/v1/members", "staff"),
        ("/api/v1/members/9", "staff"),
        ("/api/v1/membersx", "members"),
        ("/api/v1/studies/3/progress", "staff"),
        ("/api/v1/studies/3/reflection", "members"),
    ],
)
def test_paths_go_to_their_pool(path, pool):
    assert pool_for(path.split("?")[0]) == pool


def test_rule_patterns_become_anchored_regexes():
    assert Rule("/$", "members").regex == "^/$"
    assert Rule("/to-chuc/", "staff").regex == "^/to-chuc/"
    assert Rule("/hoc-tap/<id>/thong-ke/", "staff").regex == "^/hoc-tap/[0-9]+/thong-ke/"
    assert Rule("/api/v1/members", "staff").regex == "^/api/v1/members(?:/|$)"
    assert len({rule.pattern for rule in RULES}) == len(RULES), "a pattern is listed twice"


def _nginx_map(snippet: str) -> list[tuple[re.Pattern[str], str]]:
    """The map's regex entries in order, as nginx reads them (first match wins, else default)."""
    entries = re.findall(r'^\s+"~([^"]+)" (sotay_\w+);$', snippet, flags=re.MULTILINE)
    return [(re.compile(regex), upstream) for regex, upstream in entries]


def _nginx_pool(entries: list[tuple[re.Pattern[str], str]], path: str) -> str:
    for regex, upstream in entries:
        if regex.search(path):
            return upstream.removeprefix("sotay_")
    return "members"


def test_the_nginx_snippet_routes_every_url_as_the_code_does():
    snippet = nginx_snippet()
    assert "default sotay_members;" in snippet
    entries = _nginx_map(snippet)
    assert entries
    extra = ["/static/x.css", "/hoc-tap/cho-nhan-xet/", "/api/v1/membersx", "/dang-ky/7/quyet-dinh/"]
    for path in [_sample(route) for route, _ in URLS] + extra:
        assert _nginx_pool(entries, path) == pool_for(path), path


def test_a_member_path_below_a_staff_prefix_comes_first_in_the_map(monkeypatch):
    from sotay.core import pools

    rules = (*RULES, Rule("/dieu-hanh/cua-toi/", "members"))
    monkeypatch.setattr(pools, "RULES", rules)
    pools._compiled.cache_clear()
    try:
        entries = _nginx_map(pools.nginx_snippet())
        assert _nginx_pool(entries, "/dieu-hanh/cua-toi/") == "members"
        assert _nginx_pool(entries, "/dieu-hanh/3/") == "staff"
    finally:
        pools._compiled.cache_clear()


def test_print_nginx_writes_the_snippet(capsys):
    call_command("serve", "--print-nginx")
    out = capsys.readouterr().out
    assert out == nginx_snippet(read_timeout=185)


def test_docs_carry_the_generated_snippet():
    deploy = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    assert nginx_snippet(read_timeout=185) in deploy, (
        "docs/deploy.md's nginx snippet differs from `sotay serve --print-nginx`: paste the new one"
    )
