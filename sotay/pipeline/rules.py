"""The checker's rules as data: id, field, severity, Vietnamese message, and the SQL that finds them.

Each `Rule` is one columnar pass over the table `facts` (built in `internals/checks.py`; one row per
member row, with raw, blank and cleaned values, group counts and usability flags). A rule id may appear
several times with different fields (`required_missing`, `date_invalid`, ...). `field` is the
normalized.csv column the finding is about (empty for `duplicate_person`, which is about the row).
Ids and meanings follow legacy-format.md §4; add a rule by adding an entry here, with a test for a row
that must be flagged and a near miss that must not.

Secondary findings are avoided on purpose: a check that needs a date, a gender, a status or a citizen ID
runs only where that input was readable (`*_usable`, `cccd_ok`, ...), so one typo gives one finding.

Example:
    >>> [r.id for r in RULES if r.field == "cccd"][:2]
    ['required_missing', 'cccd_format']
"""

from dataclasses import dataclass

from sotay.pipeline.schema import BY_KEY
from sotay.vn.names import MAX_NAME_LENGTH, NAME_INVALID_CHARACTER_PATTERN

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Rule:
    """One check. `when` is a SQL predicate over `facts`; `detail` (SQL text) is appended to the message,
    `suggestion` (SQL text) fills the suggestion column, `warn_if` (SQL predicate) lowers the severity
    to a warning for that row."""

    id: str
    field: str
    severity: str
    message: str
    when: str
    detail: str | None = None
    suggestion: str | None = None
    warn_if: str | None = None


def _required(key: str, when: str = "true", suggestion: str | None = None) -> Rule:
    return Rule(
        "required_missing",
        key,
        ERROR,
        f"Thiếu {BY_KEY[key].header}",
        f"{key}_blank AND ({when})",
        suggestion=suggestion,
    )


# The gender the CCCD's fourth digit states (gender and century), offered where the column says nothing.
GENDER_FROM_CCCD = "CASE WHEN cccd_ok THEN cccd_gender END"


def _date_rules(key: str) -> tuple[Rule, ...]:
    header = BY_KEY[key].header
    return (
        Rule(
            "date_invalid",
            key,
            ERROR,
            f"{header} không đọc được hoặc không có thật",
            f"NOT {key}_blank AND {key} IS NULL",
            detail=f"'Giá trị: ' || {key}_raw",
        ),
        Rule(
            "date_in_future",
            key,
            ERROR,
            f"{header} ở tương lai",
            f"{key} > today",
            detail=f"strftime({key}, '%d/%m/%Y')",
        ),
    )


# Names (docs/adr/0004, "Characters a name may hold"): over the normalised column. The regular expression
# is DuckDB's per-row cost (about 1.3 s per pass over 5.6 M names on 2 cores), so `facts` evaluates it
# once into `name_bad_characters` (NAME_FACTS_SQL) and the rules and normalized.csv read the flag.
NAME_INVALID_CHARACTER_LITERAL = "'" + NAME_INVALID_CHARACTER_PATTERN.replace("'", "''") + "'"
NAME_BAD_CHARACTERS_SQL = f"coalesce(regexp_matches(ho_ten, {NAME_INVALID_CHARACTER_LITERAL}), false)"
# The offending characters, distinct and sorted by code point (as `vn.invalid_name_characters` lists them).
NAME_BAD_CHARACTER_LIST_SQL = (
    f"list_sort(list_distinct(regexp_extract_all(ho_ten, {NAME_INVALID_CHARACTER_LITERAL})))"
)
NAME_TOO_LONG_SQL = f"coalesce(length(ho_ten) > {MAX_NAME_LENGTH}, false)"

# Names typed in the 8-bit Vietnamese fonts of the 1990s–2000s and read back as Unicode (ADR 0004, "Names in
# legacy fonts"). VNI-Windows writes a mark as a second character after the vowel: "Nguyễn Văn Trần" comes
# back as "Nguyeãn Vaên Traàn", every character a valid Vietnamese letter, so the character rule passes it.
# What gives it away is a vowel followed by a marked vowel that no Vietnamese syllable holds: a plain "a"
# or "e" is never followed by another vowel carrying a mark (ai, ao, au, ay, eo carry the tone on the first),
# nor is "o" by â/ê/ô/u (only oa, oă, oe are rhymes). TCVN3 (ABC) puts letters on code points that read
# as symbols in Windows-1252 ("Lª ThÞ Hång", "NguyÔn V¨n An"): any of those symbols in a name.
_MARKED_VOWELS = "áàảãạâấầẩẫậăắằẳẵặéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵ"
_VNI_PAIRS = f"[ae][{_MARKED_VOWELS}]|o[âấầẩẫậêếềểễệôốồổỗộúùủũụ]"
_TCVN3_SYMBOLS = "[¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾×Þß÷þ]"
LEGACY_FONT_SQL = (
    f"coalesce(regexp_matches(lower(nfc_normalize(ho_ten_raw)), '{_VNI_PAIRS}|{_TCVN3_SYMBOLS}'), false)"
)
# Both patterns are evaluated once per row into `facts` (the regular expressions are the cost). The names
# that show either sign are then read back through the fonts' tables in Python (`legacy_fonts.to_unicode`,
# `internals/checks.add_legacy_names`): `name_font` and `name_unicode` where exactly one font gives a real
# name, and `name_legacy` where the pattern matched or a font converts the name. A name with characters
# no name holds that one font reads as real syllables (TCVN3 "TrÇn V¨n Hïng") is a legacy-font name too.
NAME_FACTS_SQL = f"{NAME_BAD_CHARACTERS_SQL} AS name_bad_characters, {LEGACY_FONT_SQL} AS name_legacy_pattern"
# A name with bad characters, too long or in a legacy font is not what the record should store (normalized.csv
# leaves it empty, or holds the legacy-font name converted) and is not offered as a normalisation suggestion.
NAME_UNUSABLE_SQL = f"(name_bad_characters OR {NAME_TOO_LONG_SQL} OR name_legacy)"
NAME_FOR_RECORD_SQL = f"CASE WHEN name_legacy THEN name_unicode WHEN NOT {NAME_UNUSABLE_SQL} THEN ho_ten END"
# A name that lost its marks: letters of the basic Latin alphabet only, and a family name that is always
# written with a mark (Nguyễn, Trần, Lê, …) or the middle name Văn / Thị. Names of the Tây Nguyên and
# Khmer peoples written legitimately without marks (Ksor H'Mai, Danh Sa Rinh) match neither and pass.
_MARKED_SURNAMES = (
    "nguyen tran le pham hoang huynh vu vo dang bui do ho ngo duong ly dinh doan trinh truong lam luong "
    "ha ta quach"
)
_UNMARKED_NAME = (
    "^(" + "|".join(_MARKED_SURNAMES.split()) + ")( [a-z'-]+)+$|^[a-z'-]+( [a-z'-]+)* (van|thi)( [a-z'-]+)+$"
)
NO_DIACRITICS_SQL = (
    "coalesce(regexp_matches(lower(ho_ten), '" + _UNMARKED_NAME.replace("'", "''") + "'), false)"
)

OFFICIAL = "'Chính thức'"
PROBATION = "'Dự bị'"

RULES: tuple[Rule, ...] = (
    _required("member_code"),
    _required("ho_ten"),
    _required("ngay_sinh"),
    _required("gioi_tinh", suggestion=GENDER_FROM_CCCD),
    _required("cccd"),
    # An official member needs a card; an official member without an official date is status_inconsistent.
    _required("so_the", f"tinh_trang = {OFFICIAL}"),
    _required("ngay_vao_dang"),
    _required("ma_to_chuc"),
    _required("tinh_trang"),
    Rule(
        "member_code_duplicate",
        "member_code",
        ERROR,
        "Mã đảng viên bị trùng với dòng khác",
        "member_code_others IS NOT NULL",
        detail="'trùng với dòng ' || member_code_others",
    ),
    Rule(
        "name_not_normalized",
        "ho_ten",
        WARNING,
        "Họ và tên đã được chuẩn hóa (khoảng trắng, chữ hoa, dạng Unicode, vị trí dấu)",
        f"ho_ten IS NOT NULL AND ho_ten <> ho_ten_raw AND NOT {NAME_UNUSABLE_SQL}",
        suggestion="ho_ten",
    ),
    # Converted (one font reads it as a real name): a warning whose suggestion is the name in Unicode, to
    # compare with the paper file; not convertible: an error, the unit types the name again.
    Rule(
        "name_legacy_font",
        "ho_ten",
        ERROR,
        "Họ và tên gõ bằng phông chữ cũ (VNI hoặc TCVN3), không phải Unicode",
        "name_legacy",
        detail="CASE WHEN name_unicode IS NULL THEN 'gõ lại theo hồ sơ giấy bằng bảng mã Unicode' "
        "ELSE 'đã chuyển từ bảng mã ' || name_font || ' sang «' || name_unicode || '», đối chiếu với hồ sơ "
        "giấy' END || '; giá trị: ' || ho_ten_raw",
        suggestion="name_unicode",
        warn_if="name_unicode IS NOT NULL",
    ),
    Rule(
        "name_no_diacritics",
        "ho_ten",
        WARNING,
        "Họ và tên không có dấu tiếng Việt",
        f"ho_ten IS NOT NULL AND NOT {NAME_UNUSABLE_SQL} AND {NO_DIACRITICS_SQL}",
        detail="'ghi lại có dấu theo hồ sơ giấy: ' || ho_ten",
    ),
    Rule(
        "name_invalid_characters",
        "ho_ten",
        ERROR,
        "Họ và tên có ký tự không thể có trong tên người",
        "name_bad_characters AND NOT name_legacy",
        detail=f"'«' || array_to_string({NAME_BAD_CHARACTER_LIST_SQL}, '» «') || '»'",
    ),
    Rule(
        "name_too_long",
        "ho_ten",
        ERROR,
        f"Họ và tên dài hơn {MAX_NAME_LENGTH} ký tự",
        NAME_TOO_LONG_SQL,
        detail="length(ho_ten) || ' ký tự'",
    ),
    *_date_rules("ngay_sinh"),
    *_date_rules("ngay_vao_dang"),
    *_date_rules("ngay_chinh_thuc"),
    Rule(
        "gender_invalid",
        "gioi_tinh",
        ERROR,
        "Giới tính không rõ (phải là Nam hoặc Nữ)",
        "NOT gioi_tinh_blank AND gioi_tinh IS NULL",
        detail="'Giá trị: ' || gioi_tinh_raw",
        suggestion=GENDER_FROM_CCCD,
    ),
    Rule(
        "cccd_format",
        "cccd",
        ERROR,
        "Số CCCD không đúng 12 chữ số",
        "NOT cccd_blank AND NOT cccd_ok",
        detail="CASE WHEN length(cccd) = 9 THEN 'đây là số CMND 9 số, cần bổ sung số CCCD' "
        "ELSE 'Giá trị: ' || cccd_raw END",
    ),
    # A lost leading zero restored (legacy-format.md §3, ADR 0004): one invented digit is a fix (a
    # warning with the value); several, where a value typed short fits as well, an error to confirm; so is
    # one that makes the number another row's (the invented zero may be the mistake).
    Rule(
        "cccd_zeros_restored",
        "cccd",
        ERROR,
        "Số CCCD thiếu số 0 ở đầu (Excel bỏ số 0 khi lưu dạng số)",
        "cccd_ok AND cccd_added >= 1",
        detail="'đã thêm ' || cccd_added || ' số 0; giá trị: ' || cccd_raw || CASE WHEN cccd_added > 1 "
        "THEN '; thêm nhiều số 0 là đoán, cần người kiểm tra xác nhận' "
        "WHEN cccd_others IS NOT NULL THEN '; số sau khi thêm trùng với dòng ' || cccd_others "
        "|| ', cần người kiểm tra xác nhận' ELSE '' END",
        suggestion="cccd",
        warn_if="cccd_added = 1 AND cccd_others IS NULL",
    ),
    Rule(
        "cccd_province",
        "cccd",
        ERROR,
        "Ba số đầu của số CCCD không phải mã tỉnh nơi đăng ký khai sinh",
        "cccd_ok AND NOT cccd_province_ok",
        detail="'mã ' || substr(cccd, 1, 3)",
    ),
    Rule(
        "cccd_gender_mismatch",
        "cccd",
        ERROR,
        "Số thứ 4 của số CCCD không khớp với giới tính",
        "cccd_ok AND gioi_tinh IS NOT NULL AND cccd_gender <> gioi_tinh",
        detail="'CCCD ghi ' || cccd_gender || ', cột Giới tính ghi ' || gioi_tinh",
    ),
    Rule(
        "cccd_birth_year_mismatch",
        "cccd",
        ERROR,
        "Năm sinh trong số CCCD không khớp với ngày sinh",
        "cccd_ok AND ngay_sinh_usable AND cccd_birth_year <> year(ngay_sinh)",
        detail="'CCCD ghi năm ' || cccd_birth_year || ', ngày sinh năm ' || year(ngay_sinh)",
    ),
    Rule(
        "cccd_duplicate",
        "cccd",
        ERROR,
        "Số CCCD bị trùng với dòng khác",
        "cccd_others IS NOT NULL",
        detail="'trùng với dòng ' || cccd_others",
    ),
    Rule(
        "admission_age",
        "ngay_vao_dang",
        ERROR,
        "Chưa đủ 18 tuổi vào ngày vào Đảng",
        "ngay_sinh_usable AND ngay_vao_dang_usable AND ngay_vao_dang < eighteenth_birthday",
        detail="'đủ 18 tuổi ngày ' || strftime(eighteenth_birthday, '%d/%m/%Y')",
    ),
    Rule(
        "official_date_mismatch",
        "ngay_chinh_thuc",
        ERROR,
        "Ngày chính thức không đúng 12 tháng sau ngày vào Đảng",
        f"ngay_vao_dang_usable AND ngay_chinh_thuc_usable AND tinh_trang IS DISTINCT FROM {PROBATION} "
        "AND ngay_chinh_thuc <> official_expected",
        detail="'đúng ra là ' || strftime(official_expected, '%d/%m/%Y')",
        # Probation lasted 2–24 months under older Charters (domain.md §4.2): a warning, not an error.
        warn_if="ngay_vao_dang < DATE '1990-01-01'",
    ),
    Rule(
        "status_inconsistent",
        "ngay_chinh_thuc",
        ERROR,
        "Tình trạng không khớp với ngày chính thức",
        f"(tinh_trang = {PROBATION} AND NOT ngay_chinh_thuc_blank) "
        f"OR (tinh_trang = {OFFICIAL} AND ngay_chinh_thuc_blank)",
        detail=f"CASE WHEN tinh_trang = {OFFICIAL} THEN 'đảng viên chính thức nhưng thiếu ngày chính thức' "
        "ELSE 'đảng viên dự bị nhưng đã có ngày chính thức' END",
    ),
    Rule(
        "status_inconsistent",
        "so_the",
        ERROR,
        "Tình trạng không khớp với số thẻ đảng viên",
        f"tinh_trang = {PROBATION} AND NOT so_the_blank",
        detail="'đảng viên dự bị chưa được cấp thẻ đảng viên'",
    ),
    Rule(
        "status_invalid",
        "tinh_trang",
        ERROR,
        "Tình trạng không rõ (Chính thức, Dự bị hoặc Miễn sinh hoạt)",
        "NOT tinh_trang_blank AND tinh_trang IS NULL",
        detail="'Giá trị: ' || tinh_trang_raw",
    ),
    Rule(
        "card_format",
        "so_the",
        ERROR,
        "Số thẻ đảng viên không đúng 8 chữ số",
        "NOT so_the_blank AND NOT card_ok",
        detail="'Giá trị: ' || so_the_raw",
    ),
    Rule(
        "card_zeros_restored",
        "so_the",
        ERROR,
        "Số thẻ đảng viên thiếu số 0 ở đầu (Excel bỏ số 0 khi lưu dạng số)",
        "card_ok AND card_added >= 1",
        detail="'đã thêm ' || card_added || ' số 0; giá trị: ' || so_the_raw || CASE WHEN card_added > 1 "
        "THEN '; thêm nhiều số 0 là đoán, cần người kiểm tra xác nhận' "
        "WHEN card_others IS NOT NULL THEN '; số sau khi thêm trùng với dòng ' || card_others "
        "|| ', cần người kiểm tra xác nhận' ELSE '' END",
        suggestion="so_the",
        warn_if="card_added = 1 AND card_others IS NULL",
    ),
    Rule(
        "card_duplicate",
        "so_the",
        ERROR,
        "Số thẻ đảng viên bị trùng với dòng khác",
        "card_others IS NOT NULL",
        detail="'trùng với dòng ' || card_others",
    ),
    Rule(
        "phone_invalid",
        "so_dien_thoai",
        WARNING,
        "Số điện thoại không phải số di động Việt Nam hợp lệ",
        "NOT so_dien_thoai_blank AND NOT phone_ok",
        detail="'Giá trị: ' || so_dien_thoai_raw",
    ),
    Rule(
        "phone_renumbered",
        "so_dien_thoai",
        WARNING,
        "Số điện thoại 11 số cũ đã được đổi sang số 10 số mới",
        "phone_ok AND phone_renumbered",
        suggestion="so_dien_thoai",
    ),
    Rule(
        "ethnicity_unknown",
        "dan_toc",
        WARNING,
        "Dân tộc không có trong danh mục 54 dân tộc",
        "NOT dan_toc_blank AND dan_toc IS NULL",
        detail="'Giá trị: ' || dan_toc_raw",
    ),
    Rule(
        "religion_unknown",
        "ton_giao",
        WARNING,
        "Tôn giáo không có trong danh mục",
        "NOT ton_giao_blank AND ton_giao IS NULL",
        detail="'Giá trị: ' || ton_giao_raw",
    ),
    Rule(
        "org_unknown",
        "ma_to_chuc",
        ERROR,
        "Mã tổ chức không phải là chi bộ trong danh sách tổ chức",
        "org_checked AND NOT ma_to_chuc_blank AND org_problem IS NOT NULL",
        detail="org_problem",
        suggestion="org_guess",
    ),
    Rule(
        "duplicate_person",
        "",
        WARNING,
        "Có thể trùng người với dòng khác",
        "duplicate_of IS NOT NULL",
        suggestion="'trùng với dòng ' || duplicate_of",
    ),
)

# One title per rule id, for summaries (the per-field messages above name the field).
TITLES: dict[str, str] = {r.id: r.message for r in RULES} | {
    "required_missing": "Thiếu thông tin bắt buộc",
    "date_invalid": "Ngày không đọc được hoặc không có thật",
    "date_in_future": "Ngày ở tương lai",
    "status_inconsistent": "Tình trạng không khớp với ngày chính thức / số thẻ",
    "cccd_zeros_restored": "Số CCCD mất số 0 ở đầu, đã khôi phục",
    "card_zeros_restored": "Số thẻ mất số 0 ở đầu, đã khôi phục",
}

# Severity by rule id (the usual one: `official_date_mismatch` is a warning for pre-1990 admissions).
SEVERITY: dict[str, str] = {r.id: r.severity for r in RULES}
