"""Search behaviour, the same on SQLite and PostgreSQL (run this file with DATABASE_URL set too)."""

from __future__ import annotations

import datetime

import pytest

from sotay.library import search as search_module
from sotay.library.models import Category, Document
from sotay.library.search import search
from sotay.library.searchtext import parse_query, word_pairs
from sotay.library.views import documents as documents_views
from tests.library.conftest import make_doc


@pytest.fixture(autouse=True, params=["ranked", "capped"])
def mode(request, monkeypatch):
    """Every behaviour twice: every match ranked by the engine, and (as when thousands of documents
    match) only the candidates of the cheap look-ups, ranked in Python."""
    if request.param == "capped":
        monkeypatch.setattr(search_module, "RANK_ALL", 0)
        monkeypatch.setattr(search_module, "CANDIDATES", 3)
    return request.param


def found(q: str, within=None) -> list[str]:
    hits = search(parse_query(q), within if within is not None else Document.objects.all(), limit=10)
    titles = dict(Document.objects.filter(pk__in=hits.ids).values_list("pk", "title"))
    return [titles[i] for i in hits.ids]


@pytest.fixture
def docs(tree):
    make_doc(tree.city, "Nghị quyết Đại hội đại biểu Đảng bộ thành phố lần thứ I", number="01-NQ/ĐH")
    make_doc(tree.city, "Quy định về thi hành Điều lệ Đảng", number="339-QĐ/TW", category=Category.QUY_DINH)
    make_doc(tree.city, "Thông báo về việc học tập chuyên đề", summary="Đồng chí Hùng phụ trách lớp học.")
    make_doc(tree.city, "Kế hoạch tổ chức hội nghị", summary="Đồng chí Hưng báo cáo kết quả.")
    make_doc(tree.ward2, "Hướng dẫn sinh hoạt chi bộ", summary="Quyết định khen thưởng năm 2025.")


def test_a_query_without_diacritics_finds_text_with_them(docs):
    assert found("nghi quyet dai hoi") == ["Nghị quyết Đại hội đại biểu Đảng bộ thành phố lần thứ I"]


def test_a_number_finds_its_symbol(docs):
    assert found("339") == ["Quy định về thi hành Điều lệ Đảng"]
    assert found("339-QĐ/TW") == ["Quy định về thi hành Điều lệ Đảng"]
    assert found("339 qd tw") == ["Quy định về thi hành Điều lệ Đảng"]


def test_diacritics_typed_rank_exact_matches_first(docs):
    assert found("Hưng") == ["Kế hoạch tổ chức hội nghị", "Thông báo về việc học tập chuyên đề"]
    assert found("Hùng") == ["Thông báo về việc học tập chuyên đề", "Kế hoạch tổ chức hội nghị"]
    assert set(found("hung")) == {"Kế hoạch tổ chức hội nghị", "Thông báo về việc học tập chuyên đề"}


def test_the_last_word_is_a_prefix(docs):
    assert found("huong dan sinh hoa") == ["Hướng dẫn sinh hoạt chi bộ"]


def test_every_word_must_match(docs):
    assert found("nghi quyet khong co") == []


def test_the_title_ranks_above_the_body(tree, docs):
    make_doc(tree.city, "Báo cáo tổng kết", summary="Căn cứ hướng dẫn sinh hoạt chi bộ của thành ủy.")
    assert found("huong dan sinh hoat")[0] == "Hướng dẫn sinh hoạt chi bộ"


def test_the_search_stays_within_the_given_documents(tree, docs):
    assert found("huong dan", Document.objects.filter(issued_at=tree.city)) == []


@pytest.mark.parametrize(
    "q",
    [
        '"',
        '"""',
        "*",
        "NEAR",
        "NEAR(a b)",
        "(",
        ")",
        "-",
        ":",
        "a:b",
        "^x",
        "AND OR NOT",
        "'; DROP TABLE library_document; --",
        "x" * 5000,
        "nghị " * 1000,
        "😀 中文 ‮",
        "\x00",
        "&|!<->",
    ],
)
def test_hostile_queries_never_error(docs, q):
    search(parse_query(q), Document.objects.all(), limit=10)


def test_an_updated_document_is_found_by_its_new_words(tree, docs):
    doc = Document.objects.get(number="339-QĐ/TW")
    doc.search_title = "quy dinh moi"
    doc.save(update_fields=["search_title"])
    assert found("quy dinh moi") == ["Quy định về thi hành Điều lệ Đảng"]
    doc.delete()
    assert found("339") == []


def test_words_in_the_order_typed_rank_first(tree, docs):
    make_doc(tree.city, "Chi bộ tổ chức hội nghị sinh hoạt", summary="Hướng dẫn chung.")
    make_doc(tree.city, "Tổng kết", summary="Hội nghị sinh hoạt chi bộ tổ chức.")
    assert found("hoi nghi sinh hoat chi bo")[0] == "Tổng kết"


def test_the_phrase_keeps_repeated_words():
    query = parse_query("chi bộ họp, đảng viên chi bộ")
    assert query.words == ("chi", "bo", "hop", "dang", "vien")
    assert query.sequence == ("chi", "bo", "hop", "dang", "vien", "chi", "bo")


def test_the_total_counts_every_match_on_every_page(tree, docs):
    for i in range(3):
        make_doc(tree.city, f"Kế hoạch số {i}")
    query = parse_query("ke hoach")
    first = search(query, Document.objects.all(), limit=2)
    assert first.total == 4
    assert len(first.ids) == 2
    assert search(query, Document.objects.all(), limit=2, offset=2).total == 4
    past = search(query, Document.objects.all(), limit=2, offset=10)
    assert past.total == 4
    assert past.ids == []


def test_a_page_past_the_candidates_is_reached(tree, mode):
    for i in range(9):
        make_doc(tree.city, f"Kế hoạch số {i}", issued_on=datetime.date(2025, 1, 1 + i))
    seen = []
    for offset in range(0, 9, 2):
        seen += search(parse_query("ke hoach"), Document.objects.all(), limit=2, offset=offset).ids
    assert len(seen) == len(set(seen)) == 9


def test_when_capped_the_newest_come_after_the_title_matches(tree, mode):
    if mode != "capped":
        pytest.skip("the engine's relevance decides when every match is ranked")
    make_doc(tree.city, "Chuyển đổi số", issued_on=datetime.date(2020, 1, 1))
    make_doc(tree.city, "Báo cáo", summary="Chuyển đổi số ở phường.")
    assert found("chuyen doi so") == ["Chuyển đổi số", "Báo cáo"]


def test_a_phrase_is_indexed_as_word_pairs(tree):
    doc = make_doc(tree.city, "Nghị quyết Đại hội")
    assert doc.search_pairs.split()[:2] == ["nghi0quyet", "quyet0dai"]
    assert word_pairs("mot") == ""


def test_the_total_stops_at_the_bound(tree, monkeypatch):
    monkeypatch.setattr(search_module, "RANK_ALL", 2)
    monkeypatch.setattr(search_module, "COUNT_BOUND", 3)
    for i in range(5):
        make_doc(tree.city, f"Kế hoạch số {i}")
    query = parse_query("ke hoach")
    first = search(query, Document.objects.all(), limit=1)
    assert (first.total, first.more, len(first.ids)) == (3, True, 1)
    seen = [
        i for offset in range(3) for i in search(query, Document.objects.all(), limit=1, offset=offset).ids
    ]
    assert len(set(seen)) == 3
    exact = search(parse_query("ke hoach so 4"), Document.objects.all(), limit=1)
    assert (exact.total, exact.more) == (1, False)


def test_the_list_says_more_than_the_bound(client, tree, member_user, monkeypatch):
    monkeypatch.setattr(search_module, "RANK_ALL", 0)
    monkeypatch.setattr(search_module, "COUNT_BOUND", 1)
    monkeypatch.setattr(documents_views, "PAGE_SIZE", 1)
    for i in range(3):
        make_doc(tree.city, f"Kế hoạch số {i}")
    client.force_login(member_user)
    page = client.get("/thu-vien/?q=ke+hoach").content.decode()
    assert "Tìm thấy hơn" in page
    assert "Tìm thấy 1 văn bản." in client.get("/thu-vien/?q=ke+hoach+so+2").content.decode()
