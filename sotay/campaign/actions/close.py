"""Declaring a campaign finished (the staff at its root), even with units still unfinished.

Closing changes the campaign, not the units: an unfinished unit keeps its steps and may still finish late,
and the sync rule (`actions.sync.refuse_unreconciled`) keeps applying to it, so closing is never a way to
publish unreconciled records to the handbook. The daily burndown snapshot stops for a closed campaign.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from sotay.accounts.permissions import Cap, can
from sotay.audit.log import record as audit
from sotay.audit.models import AuditAction
from sotay.campaign.models import Campaign
from sotay.campaign.queries import unfinished_units
from sotay.core.errors import ActionError

if TYPE_CHECKING:
    from sotay.accounts.models import User

MAX_NOTE = 500
_NAMED = 5  # units named in the audit row's summary; all of them are in its changes


@transaction.atomic
def close_campaign(*, campaign: Campaign, note: str, by: User | None) -> bool:
    """Close `campaign`; the units still unfinished are listed in the audit row. Returns False if it was
    closed already (a second submit changes nothing). With units unfinished, a note saying why is needed."""
    if not can(by, Cap.EDIT_MEMBERS, campaign.root):
        raise ActionError("Chỉ Ban Tổ chức của cấp phát động mới kết thúc được chiến dịch.")
    # Control characters (NUL: PostgreSQL refuses it in text) become spaces; spaces are folded.
    note = " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in note or "").split())
    if len(note) > MAX_NOTE:
        raise ActionError({"note": [f"Ghi chú tối đa {MAX_NOTE} ký tự."]})
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if locked.is_closed:
        return False
    left = list(unfinished_units(locked).values_list("org__name", flat=True))
    if left and not note:
        raise ActionError(
            {"note": [f"Còn {len(left)} đơn vị chưa hoàn thành: hãy ghi rõ lý do kết thúc chiến dịch."]}
        )
    locked.closed_at, locked.closed_by, locked.close_note = timezone.now(), by, note
    locked.save(update_fields=["closed_at", "closed_by", "close_note"])
    campaign.closed_at, campaign.closed_by, campaign.close_note = locked.closed_at, by, note
    named = ", ".join(left[:_NAMED]) + (f" và {len(left) - _NAMED} đơn vị khác" if len(left) > _NAMED else "")
    audit(
        actor=by,
        action=AuditAction.STATUS,
        object_type="campaign",
        object_id=locked.pk,
        org=locked.root,
        summary=(
            f"Kết thúc chiến dịch «{locked.name}»"
            + (f"; {len(left)} đơn vị chưa hoàn thành: {named}" if left else "; mọi đơn vị đã hoàn thành")
        )[:255],
        # The whole list (organisation names, no personal data); the summary names the first few.
        changes={"unfinished_units": left, "note": note},
    )
    return True
