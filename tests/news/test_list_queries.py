"""The feed and the editorial desk run a fixed number of queries."""

from __future__ import annotations

import itertools

from sotay.news.actions import submit_news, write_news
from tests.news.conftest import published, upload
from tests.queries import assert_flat

_n = itertools.count()


def test_feed_is_flat(client, tree, ward_editor, editor, member_user, no_n_plus_one):
    def grow():
        for org in (tree.city, tree.ward1, tree.branch1):
            n = next(_n)
            writer, approver = (ward_editor, editor) if org != tree.city else (editor, ward_editor)
            if org == tree.city:
                from tests import factories

                approver = factories.user(f"bt{n}", role="editor", at=tree.city)
            item = published(writer, approver, org, f"Tin {n}", image=upload() if n % 2 else None)
            item.pinned = n % 3 == 0
            item.save()

    grow()
    client.force_login(member_user)
    assert_flat(client, "/tin-tuc/", grow, at_most=10)


def test_desk_is_flat(client, tree, ward_editor, editor, no_n_plus_one):
    def grow():
        for _ in range(3):
            item = write_news(by=ward_editor, target=tree.ward1, title=f"Nháp {next(_n)}", body="B")
            submit_news(by=ward_editor, item=item)
        published(ward_editor, editor, tree.ward1, f"Đăng {next(_n)}")

    grow()
    client.force_login(editor)
    assert_flat(client, "/tin-tuc/bien-tap/", grow, at_most=12)
