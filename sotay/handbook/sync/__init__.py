"""The publisher: the registry's members, as the handbook's entitlements and change log.

* `plan` — what each member's entitlement should be (QĐ 339: official and probationary, never exempted);
* `actions` — `sync_handbook`, the one writer of entitlements and the change log;
* `payload` — the QĐ 339 summary published per member; `feed` — the change log read with a cursor;
* `health` — synced, missing, rejected by reason, lag.
"""
