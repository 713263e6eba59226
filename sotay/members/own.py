"""The signed-in account's own member record, read once per request (issue 12: member pages)."""

from __future__ import annotations

from typing import Any

from sotay.core.compiled import Compiled
from sotay.members.models import Member

# What a member page needs with the record: the branch and the branch a member in transit is moving to.
# The account loaded for each request brings the record with these (sotay/accounts/backends.py), so a
# member page does not read it separately; `_RECORD` (compiled once, sotay.core.compiled) is for an
# account loaded otherwise.
RECORD_RELATED = ("org", "in_transit_to")
_RECORD = Compiled(lambda pk: Member.objects.select_related(*RECORD_RELATED).filter(pk=pk), pk=int)


def own_record(user: Any) -> Member | None:
    """The account's member record with its branch, or None; kept on the user (`user.member`), so that
    the request reads it once whichever page part asks first."""
    member_id = getattr(user, "member_id", None)
    if not member_id:
        return None
    field = user._meta.get_field("member")
    if field.is_cached(user):
        return user.member
    record: Member | None = _RECORD.first(pk=member_id)
    if record is not None:
        user.member = record
    return record
