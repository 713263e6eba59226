"""The campaign's third step: publish a unit's members to the handbook and check the sync's health."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count
from django.db.models.functions import Substr

from sotay.campaign.models import BatchState, CampaignUnit, StepKind, StepState
from sotay.core.errors import ActionError
from sotay.handbook.actions import sync_handbook
from sotay.handbook.health import SyncHealth, sync_health
from sotay.handbook.models import Entitlement
from sotay.members.models import HANDBOOK_STATUSES, Member
from sotay.orgs.models import SEGMENT_WIDTH

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


def synced_share(units: list[CampaignUnit]) -> dict[int, tuple[int, int]]:
    """unit id -> (entitled, synced) in two grouped queries, for units that are siblings in the tree."""
    if not units:
        return {}
    width = len(units[0].org.path)
    by_path = {u.org.path: u.pk for u in units}
    assert all(len(p) == width for p in by_path), "campaign units are the children of one root"
    parent = units[0].org.path[: width - SEGMENT_WIDTH]
    entitled = dict(
        Member.objects.filter(status__in=HANDBOOK_STATUSES, org__path__startswith=parent)
        .annotate(unit_path=Substr("org__path", 1, width))
        .values_list("unit_path")
        .annotate(n=Count("id"))
        .values_list("unit_path", "n")
    )
    synced = dict(
        Entitlement.objects.filter(active=True, branch_path__startswith=parent)
        .annotate(unit_path=Substr("branch_path", 1, width))
        .values_list("unit_path")
        .annotate(n=Count("id"))
        .values_list("unit_path", "n")
    )
    return {pk: (entitled.get(path, 0), synced.get(path, 0)) for path, pk in by_path.items()}
