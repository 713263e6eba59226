"""The member summary the handbook shows (Quy định 339-QĐ/TW, domain.md §1.1), built from a values() row."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

# Member fields read for the payload, as `Member.objects.values()` names them.
MEMBER_FIELDS = (
    "code",
    "full_name",
    "birth_date",
    "gender",
    "admission_date",
    "official_date",
    "card_number",
    "cccd",
    "phone",
)
PAYLOAD_FIELDS = (
    "member_code",
    "full_name",
    "birth_date",
    "gender",
    "admission_date",
    "official_date",
    "card_number",
    "branch_code",
    "branch_name",
    "cccd",
    "phone",
)


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def build_payload(row: dict[str, Any]) -> dict[str, Any]:
    """QĐ 339's summary: name, DOB, gender, admission and official dates, card, branch, CCCD, phone.

    The member code is included so that correcting it republishes the record.
    """
    return {
        "member_code": row["code"],
        "full_name": row["full_name"],
        "birth_date": _iso(row["birth_date"]),
        "gender": row["gender"],
        "admission_date": _iso(row["admission_date"]),
        "official_date": _iso(row["official_date"]),
        "card_number": row["card_number"],
        "branch_code": row["org__code"],
        "branch_name": row["org__name"],
        "cccd": row["cccd"],
        "phone": row["phone"] or None,
    }


def payload_hash(payload: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces): equal payloads, equal hashes."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
