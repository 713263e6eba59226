"""The campaign's third step: publish a unit's members to the handbook and check the sync's health."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sotay.campaign.models import BatchState, CampaignUnit, StepKind, StepState
from sotay.core.errors import ActionError
from sotay.handbook.sync.actions import sync_handbook
from sotay.handbook.sync.health import SyncHealth, sync_health

if TYPE_CHECKING:
    from sotay.accounts.models import User


def sync_unit(*, unit: CampaignUnit, by: User | None) -> SyncHealth:
    """Sync the unit's subtree; the step is done when nobody entitled is missing or rejected."""
    batch = unit.current_batch()
    migrated = unit.step_states.filter(step__kind=StepKind.MIGRATE, state=StepState.DONE).exists()
    if batch is None or batch.state != BatchState.PROMOTED or not migrated:
        raise ActionError(
            {"unit": ["Chỉ đồng bộ sau khi đã chuyển lên CSDL 4.0 và đối chiếu không còn khác biệt."]}
        )
    sync_handbook(root=unit.org, by=by)
    health = sync_health(unit.org)
    done = health.missing == 0 and health.rejected == 0 and health.not_entitled == 0
    unit.set_step(StepKind.SYNC, StepState.DONE if done else StepState.IN_PROGRESS, by)
    return health
