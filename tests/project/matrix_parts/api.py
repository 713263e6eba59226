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


def _meeting(w: Any) -> Any:
    from tests.project.matrix_parts.meetings import _meeting as ward2_meeting

    return ward2_meeting(w)


def _meeting_id(w: Any) -> dict[str, Any]:
    return {"meeting_id": _meeting(w).pk}


def _notification(w: Any) -> dict[str, Any]:
    from tests.project.matrix_parts.notifications import _notification as ward2_notification

    return {"notification_id": ward2_notification(w)["pk"]}


FILLERS = {
    "api:member_detail": lambda w: {"member_id": w.member.pk},
    "api:org_children": lambda w: {"org_id": w.tree.ward2.pk},
    "api:delete_token": _ward2_token,
    "api:revoke_account_token": _ward2_token,
    "api:campaign_progress": lambda w: {"campaign_id": w.campaign.pk},
    "api:read_notification": _notification,
    **dict.fromkeys(
        [
            "api:meeting_detail",
            "api:edit_meeting",
            "api:rsvp",
            "api:meeting_minutes",
            "api:write_minutes",
            "api:add_agenda",
            "api:upload_document",
            "api:publish_meeting_invitations",
            "api:check_in_token",
            "api:add_motion",
            "api:finalise_meeting_minutes",
        ],
        _meeting_id,
    ),
    "api:meeting_document": lambda w: {"document_id": _meeting(w).documents.get().pk},
    "api:comment_agenda_item": lambda w: {"item_id": _meeting(w).agenda.get().pk},
    "api:vote": lambda w: {"motion_id": _meeting(w).motions.get().pk},
    "api:end_motion": lambda w: {"motion_id": _meeting(w).motions.get().pk},
    "api:branch_meetings": lambda w: {"branch_id": w.tree.unit2.pk},
    "api:schedule_meeting": lambda w: {"branch_id": w.tree.unit2.pk},
    "api:mark_meeting_attendance": lambda w: {"meeting_id": _meeting(w).pk, "member_id": w.member.pk},
}
