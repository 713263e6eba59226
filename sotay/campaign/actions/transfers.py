"""A member another unit holds, found in this unit's file: ask for the member to be transferred here.

The queue's "held by another unit" finding (`gate.HELD_RULE`) is settled by the registry's own transfer
(`sotay.members.actions.request_transfer_in`): the holding unit confirms, the member then belongs to this
unit, and the re-check finds nothing to refuse any more. Nothing of the other unit's member is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from sotay import vn
from sotay.campaign.actions.review import _locked
from sotay.campaign.gate import HELD_RULE
from sotay.campaign.models import Finding, FindingState
from sotay.core.errors import ActionError
from sotay.members.actions import request_transfer_in
from sotay.members.models import Member, Transfer
from sotay.orgs.models import Org

if TYPE_CHECKING:
    from sotay.accounts.models import User

# The staged field a held finding names -> the registry field and how the registry writes its value.
_IDENTIFIERS: dict[str, tuple[str, Callable[[str], str]]] = {
    "member_code": ("code", str.strip),
    "cccd": ("cccd", vn.clean_cccd),
    "card_number": ("card_number", lambda v: vn.clean_card(v) or ""),
}


def holder_of(finding: Finding) -> Member | None:
    """The registry member holding the identifier the finding is about, when it is outside the unit."""
    spec = _IDENTIFIERS.get(finding.field)
    if spec is None:
        return None
    field, clean = spec
    value = clean(str(getattr(finding.record, finding.field) or ""))
    if not value:
        return None
    unit_path = finding.batch.unit.org.path
    member = Member.objects.filter(**{field: value}).select_related("org").first()
    if member is None or member.org.path.startswith(unit_path):
        return None
    return member


@transaction.atomic
def request_transfer_for(*, finding: Finding, by: User | None) -> Transfer:
    """Ask the unit holding the member to transfer them to the branch this unit's file names."""
    finding = _locked(finding)
    if finding.rule != HELD_RULE or finding.state != FindingState.OPEN:
        raise ActionError({"finding": ["Phát hiện này không cần đề nghị chuyển sinh hoạt."]})
    member = holder_of(finding)
    if member is None:
        raise ActionError(
            {
                "finding": [
                    "Số này không thuộc đảng viên của đơn vị khác (có thể đã được chuyển về hoặc đã sửa); "
                    "hãy kiểm tra lại tệp."
                ]
            }
        )
    unit_org = finding.batch.unit.org
    branch = (
        Org.objects.in_subtree(unit_org).current().branches().filter(code=finding.record.org_code).first()
    )
    if branch is None:
        raise ActionError(
            {
                "finding": [
                    f"Mã tổ chức «{finding.record.org_code}» của dòng này không phải chi bộ của "
                    f"{unit_org.name}; hãy sửa mã tổ chức trước khi đề nghị chuyển sinh hoạt."
                ]
            }
        )
    transfer = request_transfer_in(
        member=member,
        to_branch=branch,
        by=by,
        note=f"Có trong tệp rà soát «{finding.batch.original_name[:60]}», dòng {finding.record.row}",
    )
    finding.note = f"Đã đề nghị chuyển sinh hoạt về {branch.name} ngày {timezone.localdate():%d/%m/%Y}"[:500]
    finding.save(update_fields=["note"])
    return transfer
