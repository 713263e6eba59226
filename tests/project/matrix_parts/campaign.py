"""Closing a campaign in the permission matrix: the world's campaign is the city's, so only staff at the city
(an ancestor of ward 2) may open its closing page; ward 2's own staff get a 404 like every outsider."""

from __future__ import annotations

from typing import Any

FILLERS = {"campaign_close": lambda w: {"pk": w.campaign.pk}}
# Ward 2's staff work in the city's campaign but do not close it (tests/campaign/test_close.py checks that
# the city's staff do).
NOT_FOR_STAFF = {"campaign_close"}
MARKERS: list[Any] = []
