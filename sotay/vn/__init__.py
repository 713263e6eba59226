"""Vietnamese data standardisation for legacy member exports — Django-free, pure functions.

Every function takes the raw cell as ``str`` (CSV and XLSX cells alike) and is safe to call once per
distinct value over millions of rows: regexes are compiled once, reference tables load once, and the
heavier normalisers are memoised.
"""

from sotay.vn._tables import load_table
from sotay.vn.categories import (
    CHINH_THUC,
    DU_BI,
    FOREIGN_ORIGIN,
    MIEN_SINH_HOAT,
    NAM,
    NO_RELIGION,
    NU,
    match_ethnicity,
    match_religion,
    parse_gender,
    parse_status,
)
from sotay.vn.dates import add_months, age_on, date_to_excel_serial, excel_serial_to_date, parse_date
from sotay.vn.ids import (
    CccdInfo,
    cccd_province_valid,
    clean_card,
    clean_cccd,
    decode_cccd,
    is_card,
    is_cccd,
)
from sotay.vn.masking import mask_digit_runs, mask_identifier
from sotay.vn.names import (
    MAX_NAME_LENGTH,
    NAME_INVALID_CHARACTER_PATTERN,
    describe_name_change,
    invalid_name_characters,
    normalize_name,
    normalize_name_word,
)
from sotay.vn.phones import MOBILE_PREFIXES, RENUMBERING_2018, PhoneResult, clean_phone
from sotay.vn.provinces import (
    Province2025,
    cccd_province_name,
    cccd_provinces,
    province_2025,
    provinces_2025,
)
from sotay.vn.text import clean_digits, clean_spaces, fold, is_blank, nfc
from sotay.vn.tones import place_tone

__all__ = [
    "CHINH_THUC",
    "DU_BI",
    "FOREIGN_ORIGIN",
    "MAX_NAME_LENGTH",
    "MIEN_SINH_HOAT",
    "MOBILE_PREFIXES",
    "NAM",
    "NAME_INVALID_CHARACTER_PATTERN",
    "NO_RELIGION",
    "NU",
    "RENUMBERING_2018",
    "CccdInfo",
    "PhoneResult",
    "Province2025",
    "add_months",
    "age_on",
    "cccd_province_name",
    "cccd_province_valid",
    "cccd_provinces",
    "clean_card",
    "clean_cccd",
    "clean_digits",
    "clean_phone",
    "clean_spaces",
    "date_to_excel_serial",
    "decode_cccd",
    "describe_name_change",
    "excel_serial_to_date",
    "fold",
    "invalid_name_characters",
    "is_blank",
    "is_card",
    "is_cccd",
    "load_table",
    "mask_digit_runs",
    "mask_identifier",
    "match_ethnicity",
    "match_religion",
    "nfc",
    "normalize_name",
    "normalize_name_word",
    "parse_date",
    "parse_gender",
    "parse_status",
    "place_tone",
    "province_2025",
    "provinces_2025",
]
