"""The demo library: documents at every level with Word files whose body text is searchable."""

from __future__ import annotations

import datetime

from sotay.library.demo import load_documents
from sotay.library.models import Document
from sotay.library.search import search
from sotay.library.searchtext import parse_query

TODAY = datetime.date(2026, 3, 2)


def test_the_demo_library_is_searchable_by_its_body_text_and_loads_once(tree):
    count = load_documents(city=tree.city, ward=tree.ward1, branch=tree.branch1, today=TODAY)
    assert count == Document.objects.count() >= 24
    assert Document.objects.filter(file_kind="docx", text_unreadable=False).count() == count
    assert {d.issued_at_id for d in Document.objects.all()} == {
        tree.city.pk,
        tree.ward1.pk,
        tree.unit1.pk,
        tree.branch1.pk,
    }
    # words found only in a file's body, typed without diacritics
    hits = search(parse_query("trieu cuong"), Document.objects.all(), limit=10).ids
    assert Document.objects.get(pk=hits[0]).number == "09-CT/ĐU"
    old = Document.objects.get(number="08-HD/BTCTU")
    assert old.superseded_by == Document.objects.get(number="12-HD/BTCTU")
    assert load_documents(city=tree.city, ward=tree.ward1, branch=tree.branch1, today=TODAY) == count
    assert Document.objects.count() == count
