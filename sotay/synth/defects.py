"""Injected defects and their ground truth — read this before scoring a checker against synth output.

``write_legacy`` writes a legacy export (legacy-format.md §1) built from clean members, then damages some
rows. Row numbers are 1-based data rows (``STT``). Every damaged row is listed in the truth files:

``truth_findings.csv`` (``row,rule,field``) — every finding the checker MUST produce. ``field`` is the
normalized.csv column name (``ho_ten``, ``cccd``, ``so_the``, ...); it is empty for ``duplicate_person``.
``truth_duplicates.csv`` (``row_a,row_b``) — injected same-person pairs (row_a < row_b).
``truth_not_duplicates.csv`` (``row_a,row_b``) — different people sharing a CCCD by a typo: flagged
``cccd_duplicate`` but they must NOT be reported as duplicates.
``expected_normalized.csv`` — what a perfect checker writes to normalized.csv. Convention: a field whose
own value fails a single-field rule (``date_invalid``, ``date_in_future``, ``gender_invalid``,
``cccd_format``, ``cccd_province``, ``status_invalid``, ``card_format``, ``phone_invalid``,
``ethnicity_unknown``, ``religion_unknown``, ``org_unknown``, ``required_missing``) is EMPTY; fields in a
cross-field conflict (mismatches, duplicates, ``admission_age``, ``official_date_mismatch``,
``status_inconsistent``) keep the value as read (cleaned), since the checker cannot know which side is wrong.
Recoverable damage normalises to the clean value; a citizen ID or card number that lost leading zeros
(as a number or in scientific notation) is also flagged ``cccd_zeros_restored`` / ``card_zeros_restored``,
and when it lost more than one zero (a guess for a person to confirm) its normalised value is EMPTY.

Error defects (``defect_rate`` is the share of rows carrying one; ``rates`` sets any kind directly),
each designed to trigger exactly the findings listed:

==========================  ========================================================================
kind                        damage -> findings
==========================  ========================================================================
required_missing            one of ho_ten, ngay_sinh, gioi_tinh, cccd, ngay_vao_dang, ma_to_chuc,
                            tinh_trang blanked -> required_missing(field). Checks needing the field
                            are skipped (no admission_age without a birth date, ...).
member_code_duplicate       row B takes row A's member code -> member_code_duplicate on A and B.
date_invalid                ngay_sinh or ngay_vao_dang impossible ("31/02/1975", "15/13/1980")
                            -> date_invalid(field); checks needing that date are skipped.
date_in_future              a probationary member's ngay_vao_dang 10 years ahead -> date_in_future.
gender_invalid              "?", "x", "Nam/Nữ", "Không rõ" -> gender_invalid(gioi_tinh).
cccd_format                 9-digit CMND or a 13-digit number -> cccd_format(cccd).
cccd_province               prefix replaced by a non-province code (003, 099, ...) -> cccd_province.
cccd_gender_mismatch        gender digit parity flipped -> cccd_gender_mismatch(cccd).
cccd_birth_year_mismatch    the two year digits changed -> cccd_birth_year_mismatch(cccd).
cccd_duplicate              B takes the CCCD of A, a different person with the same gender and birth
                            year -> cccd_duplicate on A and B; pair in truth_not_duplicates.
admission_age               admission at 15-17 years (official date moved along) -> admission_age
                            (ngay_vao_dang).
official_date_mismatch      official date = admission + 6/9/13/14/18/24/36 months (members admitted from
                            1991, never after today) -> official_date_mismatch(ngay_chinh_thuc).
status_inconsistent         official member without official date -> (ngay_chinh_thuc); probationary
                            member with a (fresh, unique) card -> (so_the).
status_invalid              "?", "x", "Đang sinh hoạt", "Không rõ" -> status_invalid(tinh_trang).
card_format                 9-10 digits or a letter inside -> card_format(so_the).
card_duplicate              B (official) takes A's card -> card_duplicate on A and B.
phone_invalid               landline 028xxxxxxxx or a short number -> phone_invalid (warning).
ethnicity_unknown           "Khác", "Pháp", ... -> ethnicity_unknown(dan_toc) (warning).
religion_unknown            "Đạo Mẫu", ... -> religion_unknown(ton_giao) (warning).
org_unknown                 ma_to_chuc = a non-leaf org or a code not in orgs.csv -> org_unknown.
duplicate_person            an extra row for an existing member (new member code, usually another
                            branch; name without diacritics / one syllable unaccented / ALL CAPS; date in
                            another format): duplicate_person on both rows; + cccd_duplicate on both
                            when the CCCD is kept (half the cases), a one-digit CCCD typo otherwise
                            (never another member's number) or a blank CCCD (required_missing on the new
                            row); + card_duplicate on both for official members (same card);
                            + name_not_normalized on the new row for the ALL CAPS variant.
==========================  ========================================================================

Warnings that come with a suggestion (own default rates, not part of ``defect_rate``):
``name_not_normalized`` — NFD, old tone placement (Hoà, Thuỷ), doubled/trailing spaces, ALL CAPS, lower
case -> name_not_normalized(ho_ten), suggestion = the clean name. ``phone_renumbered`` — an old 11-digit
number (0168xxxxxxx) -> phone_renumbered(so_dien_thoai), suggestion = the 10-digit number.

Recoverable damage that must produce NO finding (``date_format``, ``excel_serial``, ``id_format``,
``phone_format``, ``spelling``): dates as d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd or Excel serials;
CCCD and card with lost leading zeros, scientific notation (all digits kept), spaces, dots, apostrophe;
phones as +84 912 345 678, 84912345678, 0912.345.678, 0912 345 678 or without the leading 0; gender,
status, ethnicity and religion spelling variants (nữ, Nu, chinh thuc, Khmer, Thiên Chúa giáo).

Clean rows trigger nothing. Run the checker with a "today" on or after ``config.today``.
"""

from __future__ import annotations

# Share of defect_rate per error kind (duplicate_person counts the extra rows).
ERROR_WEIGHTS: dict[str, float] = {
    "required_missing": 0.09, "member_code_duplicate": 0.03, "date_invalid": 0.06, "date_in_future": 0.02,
    "gender_invalid": 0.03, "cccd_format": 0.08, "cccd_province": 0.04, "cccd_gender_mismatch": 0.06,
    "cccd_birth_year_mismatch": 0.06, "cccd_duplicate": 0.04, "admission_age": 0.04,
    "official_date_mismatch": 0.06, "status_inconsistent": 0.05, "status_invalid": 0.02, "card_format": 0.04,
    "card_duplicate": 0.03, "phone_invalid": 0.05, "ethnicity_unknown": 0.02, "religion_unknown": 0.02,
    "org_unknown": 0.04, "duplicate_person": 0.12,
}  # fmt: skip
# Per-row (warnings) or per-cell (recoverable) probabilities when not overridden.
DAMAGE_DEFAULTS: dict[str, float] = {
    "name_not_normalized": 0.03,
    "phone_renumbered": 0.02,
    "date_format": 0.08,
    "excel_serial": 0.01,
    "id_format": 0.05,
    "phone_format": 0.08,
    "spelling": 0.03,
}
KINDS = (*ERROR_WEIGHTS, *DAMAGE_DEFAULTS)


def resolve_rates(
    defect_rate: float, rates: dict[str, float] | None, *, clean: bool = False
) -> dict[str, float]:
    """Per-kind rates: ``defect_rate`` split by ERROR_WEIGHTS, damage defaults, then explicit overrides.

    Example:
        >>> r = resolve_rates(0.05, {"cccd_format": 0.1})
        >>> r["cccd_format"], round(r["duplicate_person"], 4), r["date_format"]
        (0.1, 0.006, 0.08)
    """
    if not 0.0 <= defect_rate <= 1.0:
        raise ValueError(f"defect rate must be between 0 and 1, got {defect_rate}")
    total = sum(ERROR_WEIGHTS.values())
    out = {k: 0.0 if clean else defect_rate * w / total for k, w in ERROR_WEIGHTS.items()}
    out.update({k: 0.0 if clean else v for k, v in DAMAGE_DEFAULTS.items()})
    for kind, rate in (rates or {}).items():
        if kind not in KINDS:
            raise ValueError(f"unknown defect kind {kind!r}; known kinds: {', '.join(KINDS)}")
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"rate for {kind} must be between 0 and 1, got {rate}")
        out[kind] = rate
    return out
