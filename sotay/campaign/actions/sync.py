"""The campaign's third step: its rule for the one handbook sync action, and the step's state after it.

There is one way to sync: `sotay.handbook.sync.actions.request_sync` (the handbook's sync page and the
campaign unit page's button post to the same view). The campaign registers here (`AppConfig.ready`):

* a unit whose records are not yet promoted and reconciled is not synced, from either page;
* after a sync, each unit it covered gets its third step done when nobody entitled is missing or rejected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from sotay.campaign.models import CampaignUnit, StepKind, StepState, UnitStep
from sotay.handbook.sync.health import sync_health

if TYPE_CHECKING:
    from sotay.accounts.models import User
    from sotay.orgs.models import Org

_SHOWN = 5


def _units_touching(root: Org) -> QuerySet[CampaignUnit]:
    """Campaign units inside `root`'s subtree, or holding `root` in theirs. One query when evaluated."""
    ancestors = [root.path[:n] for n in range(1, len(root.path) + 1)]
    return CampaignUnit.objects.filter(Q(org__path__startswith=root.path) | Q(org__path__in=ancestors))


def refuse_unreconciled(root: Org) -> list[str]:
    """The campaign's rule: sync a unit only after its records were promoted and reconciled."""
    waiting = list(
        _units_touching(root)
        .exclude(
            pk__in=UnitStep.objects.filter(step__kind=StepKind.MIGRATE, state=StepState.DONE).values("unit")
        )
        .select_related("org")
        .order_by("org__path")[: _SHOWN + 1]
    )
    if not waiting:
        return []
    names = ", ".join(u.org.name for u in waiting[:_SHOWN]) + (", …" if len(waiting) > _SHOWN else "")
    return [
        f"Chưa đồng bộ được: {names} chưa xong bước chuyển lên CSDL 4.0 và đối chiếu không còn khác biệt "
        "(chiến dịch làm sạch dữ liệu). Hãy hoàn thành bước đó trước."
    ]


def record_sync(root: Org, by: User | None) -> None:
    """After a sync: each unit it covered is done when its whole subtree is on the handbook, else underway.

    Reads each covered unit's subtree (`sync_health`): a sync of a whole city reads the city once more.
    """
    for unit in _units_touching(root).select_related("org").filter(org__path__startswith=root.path):
        health = sync_health(unit.org)
        done = health.missing == 0 and health.rejected == 0 and health.not_entitled == 0
        unit.set_step(StepKind.SYNC, StepState.DONE if done else StepState.IN_PROGRESS, by)
    for unit in _units_touching(root).exclude(org__path__startswith=root.path):
        unit.set_step(StepKind.SYNC, StepState.IN_PROGRESS, by)  # part of the unit was synced
