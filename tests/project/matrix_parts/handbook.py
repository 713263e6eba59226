"""The handbook's member pages and the correction queue in the permission matrix: a correction reported
by ward 2's member (its proposed value is a marker no outsider may see)."""

from __future__ import annotations

from typing import Any

PROPOSED = "Xóm Trại Sơn Hai"


def _correction(w: Any) -> dict[str, Any]:
    from sotay.corrections.actions import submit_correction
    from sotay.corrections.models import Correction

    found = Correction.objects.filter(member=w.member, field="hometown").first()
    found = found or submit_correction(member=w.member, by=None, field="hometown", value=PROPOSED)  # type: ignore[arg-type]
    return {"pk": found.pk}


FILLERS = {"correction_detail": _correction}
MARKERS = [PROPOSED]
# The report form is the member's own page (no id in the URL); staff without a member record get 404.
NOT_FOR_STAFF = {"correction_report"}
