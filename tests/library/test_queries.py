from __future__ import annotations

from sotay.accounts.models import Role
from sotay.library.actions import record_reading
from sotay.library.queries import has_read, readers_per_document
from tests import factories
from tests.library.conftest import make_doc


def test_readers_are_counted_per_subtree(tree, hoa, lan, binh, member_user):
    doc = make_doc(tree.city, "Nghị quyết")
    other = make_doc(tree.city, "Chỉ thị")
    lan_user = factories.user("lan", role=Role.MEMBER, at=tree.branch2, member=lan)
    binh_user = factories.user("binh", role=Role.MEMBER, at=tree.unit2, member=binh)
    for user in (member_user, lan_user, binh_user):
        record_reading(by=user, document=doc)
    record_reading(by=member_user, document=doc)  # twice: still one reader
    assert readers_per_document(document_ids=[doc.pk, other.pk], org=tree.ward1) == {doc.pk: 2}
    assert readers_per_document(document_ids=[doc.pk], org=tree.branch1) == {doc.pk: 1}
    assert readers_per_document(document_ids=[doc.pk], org=tree.city) == {doc.pk: 3}
    assert has_read(user_ids=[member_user.pk, lan_user.pk], document_id=other.pk) == set()
    assert has_read(user_ids=[member_user.pk, lan_user.pk], document_id=doc.pk) == {
        member_user.pk,
        lan_user.pk,
    }
