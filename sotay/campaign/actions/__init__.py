"""Every write of the campaign: keyword-only, atomic, one audit row each.

* `campaigns` — create a campaign, name a unit's responsible person, record the day's progress;
* `imports` — check and stage a unit's legacy file (all-or-nothing, idempotent);
* `review` — decisions on findings (accept, edit, confirm against paper, revert) and the re-check;
* `merge` — duplicate pairs: merge, un-merge, mark as two people;
* `promote` — the reviewed batch into the registry (through `sotay.members.actions.bulk`), reconciliation;
* `sync` — the unit's members to the handbook.

Reads are in `sotay.campaign.queries`, file layouts in `legacy` and `exports`.
"""
