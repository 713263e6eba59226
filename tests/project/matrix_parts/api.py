"""The API's URL patterns in the matrix. The API takes bearer tokens only, so a session gets 401 on every
operation here; tests/api/test_permissions.py walks every API operation with tokens (persona × own
subtree, sibling, ancestor, revoked and expired token)."""

from __future__ import annotations

from typing import Any


def _ward2_token(w: Any) -> dict[str, Any]:
    from sotay.api.actions import issue_token
    from sotay.api.models import ApiToken

    token = (
        ApiToken.objects.filter(user=w.ward2_staff).first() or issue_token(user=w.ward2_staff, device="P2")[0]
    )
    return {"token_id": token.pk}


FILLERS = {
    "api:member_detail": lambda w: {"member_id": w.member.pk},
    "api:org_children": lambda w: {"org_id": w.tree.ward2.pk},
    "api:delete_token": _ward2_token,
    "api:revoke_account_token": _ward2_token,
    "api:campaign_progress": lambda w: {"campaign_id": w.campaign.pk},
}
