"""The library list, its search results and the bookmarks run a fixed number of queries."""

from __future__ import annotations

import itertools

from sotay.library.actions import bookmark_document
from tests.library.conftest import make_doc
from tests.queries import assert_flat

_n = itertools.count()


def _more(tree, user=None):
    def grow():
        for org in (tree.city, tree.ward1, tree.branch1):
            doc = make_doc(org, f"Nghị quyết đại hội số {next(_n)}", summary="Nghị quyết về đại hội chi bộ.")
            if user is not None:
                bookmark_document(by=user, document=doc, keep=True)

    return grow


def test_library_list_is_flat(client, tree, member_user, no_n_plus_one):
    _more(tree)()
    client.force_login(member_user)
    assert_flat(client, "/thu-vien/", _more(tree), at_most=12)


def test_search_results_are_flat(client, tree, member_user, no_n_plus_one):
    _more(tree)()
    client.force_login(member_user)
    assert_flat(
        client, "/thu-vien/?q=nghi+quyet+dai+hoi&loai=nghi_quyet&nam=2025&cap=chi_bo", _more(tree), at_most=12
    )
    assert_flat(client, "/thu-vien/?q=Nghị+quyết", _more(tree), at_most=12)


def test_bookmarks_are_flat(client, tree, member_user, no_n_plus_one):
    _more(tree, member_user)()
    client.force_login(member_user)
    assert_flat(client, "/thu-vien/xem-sau/", _more(tree, member_user), at_most=10)
