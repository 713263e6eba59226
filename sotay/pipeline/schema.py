"""The one field table of a member record: legacy header, checker key, registry field, label, kind, privacy.

Everything that names a member field derives from `FIELDS`: the checker's header matching and the
fields it cleans, the campaign's staged record and its promotion, the registry's editable fields and
personal-data marks, labels shown in the interface. Adding a column to the legacy format is one row
here (docs/adr/0006 shows the trial).

Three vocabularies meet in one row:

* `key` — the checker's internal key, also the column name of `normalized.csv` (a published contract,
  so it keeps its Vietnamese-without-diacritics spelling: `ho_ten`, `so_the`);
* `header` — the column as the legacy export spells it ("Họ và tên"), also the Vietnamese label;
* `field` — the registry's (`Member`) and the staged record's field name (`full_name`).

Example:
    >>> from sotay.pipeline.schema import BY_KEY
    >>> f = BY_KEY["so_the"]
    >>> (f.header, f.field, f.kind, f.personal)
    ('Số thẻ đảng viên', 'card_number', 'card', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "row_number",
    "code",
    "name",
    "date",
    "gender",
    "cccd",
    "card",
    "category",
    "phone",
    "org",
    "status",
    "text",
]


@dataclass(frozen=True)
class Field:
    """One field of a member record.

    `key` is None for a registry field the legacy format does not carry; `field` is None for a
    legacy column the registry does not store (STT). `required`: the column must be present in a
    members file (which cells may be empty is the rules' business). `cleaned`: the checker normalises
    it and writes it to normalized.csv; other columns are carried as typed. `staged`: the staged
    record's field when it differs from the registry's (the file's codes are text, not links).
    """

    key: str | None
    header: str
    field: str | None
    kind: Kind
    required: bool = False
    aliases: tuple[str, ...] = ()
    cleaned: bool = False
    staged: str | None = None
    editable: bool = True
    personal: bool = False
    sensitive: bool = False
    identifier: bool = False
    max_length: int = 255

    @property
    def label(self) -> str:
        """The Vietnamese label shown in the interface (the header as the contract spells it)."""
        return self.header

    @property
    def staged_field(self) -> str | None:
        """The field of a staged (campaign) record holding this value."""
        return self.staged or self.field


# legacy-format.md §1 in the order of the export's columns; registry-only fields where the registry's
# edit form shows them. Card and official date are required columns: a file without them cannot describe
# official members at all, though their cells are empty for probationary ones.
FIELDS: tuple[Field, ...] = (
    Field("stt", "STT", None, "row_number", aliases=("so thu tu", "tt"), editable=False),
    Field(
        "member_code", "Mã đảng viên", "code", "code", True, ("ma dv", "ma so dang vien"), cleaned=True,
        staged="member_code", max_length=32,
    ),
    Field(
        "ho_ten", "Họ và tên", "full_name", "name", True, ("ho ten",), cleaned=True, personal=True,
        max_length=150,
    ),
    Field(
        "ngay_sinh", "Ngày sinh", "birth_date", "date", True, ("ngay thang nam sinh",), cleaned=True,
        personal=True,
    ),
    Field(
        "gioi_tinh", "Giới tính", "gender", "gender", True, ("nam nu",), cleaned=True, personal=True,
        max_length=3,
    ),
    Field(
        "cccd", "Số CCCD", "cccd", "cccd", True,
        ("cccd", "so can cuoc", "so can cuoc cong dan", "so dinh danh", "so dinh danh ca nhan",
         "so cccd cmnd", "cccd cmnd", "so cmnd cccd", "cmnd cccd"),
        cleaned=True, personal=True, identifier=True, max_length=12,
    ),
    Field(
        "so_the", "Số thẻ đảng viên", "card_number", "card", True,
        ("so the dang", "so the", "so the dv", "the dang vien"), cleaned=True, personal=True, identifier=True,
        max_length=8,
    ),
    Field(None, "Số lý lịch", "profile_number", "text", max_length=12),
    Field(
        "ngay_vao_dang", "Ngày vào Đảng", "admission_date", "date", True,
        ("ngay ket nap", "ngay ket nap dang"), cleaned=True, sensitive=True,
    ),
    Field(
        "ngay_chinh_thuc", "Ngày chính thức", "official_date", "date", True, ("ngay cong nhan chinh thuc",),
        cleaned=True, sensitive=True,
    ),
    Field("dan_toc", "Dân tộc", "ethnicity", "category", cleaned=True, sensitive=True, max_length=40),
    Field("ton_giao", "Tôn giáo", "religion", "category", cleaned=True, sensitive=True, max_length=60),
    Field("que_quan", "Quê quán", "hometown", "text", personal=True),
    Field("noi_thuong_tru", "Nơi thường trú", "residence", "text", personal=True),
    Field(
        "so_dien_thoai", "Số điện thoại", "phone", "phone", aliases=("dien thoai", "sdt", "so dt"),
        cleaned=True, personal=True, identifier=True,
        max_length=11,  # a landline (02x + 8 digits) is kept, not dropped
    ),
    Field("trinh_do_hoc_van", "Trình độ học vấn", "education", "text", max_length=40),
    Field("ly_luan_chinh_tri", "Lý luận chính trị", "political_theory", "text", max_length=40),
    Field(
        "ma_to_chuc", "Mã tổ chức", "org", "org", True, ("ma chi bo",), cleaned=True, staged="org_code",
        editable=False, sensitive=True, max_length=40,
    ),
    Field(
        "tinh_trang", "Tình trạng", "status", "status", True, ("trang thai",), cleaned=True, editable=False,
        sensitive=True, max_length=16,
    ),
)  # fmt: skip

BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS if f.key}
BY_FIELD: dict[str, Field] = {f.field: f for f in FIELDS if f.field}
BY_STAGED: dict[str, Field] = {f.staged_field: f for f in FIELDS if f.staged_field}

# The legacy export's columns (legacy-format.md §1), in order.
LEGACY: tuple[Field, ...] = tuple(f for f in FIELDS if f.key)
LEGACY_KEYS: tuple[str, ...] = tuple(f.key for f in LEGACY if f.key)
HEADER_OF_KEY: dict[str, str] = {f.key: f.header for f in LEGACY if f.key}
# The checker's cleaned fields, in normalized.csv's order.
CLEANED_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS if f.key and f.cleaned)
DATE_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS if f.key and f.kind == "date")
# Legacy columns the checker carries as typed (free text), by checker key.
FREE_TEXT: tuple[Field, ...] = tuple(f for f in LEGACY if f.field and not f.cleaned)

# The registry fields a person edits field by field (status and branch change through life-cycle actions).
EDITABLE: tuple[str, ...] = tuple(f.field for f in FIELDS if f.field and f.editable)
# The fields promotion writes into the registry: every legacy field the registry stores.
REGISTRY_FROM_LEGACY: tuple[str, ...] = tuple(f.field for f in LEGACY if f.field)
DATE_FIELDS: frozenset[str] = frozenset(f.field for f in FIELDS if f.field and f.kind == "date")

# A staged record's fields after the member code, in normalized.csv's order, then the free-text ones.
STAGED_RECORD: tuple[str, ...] = tuple(
    f.staged_field
    for f in (*(f for f in LEGACY if f.cleaned), *FREE_TEXT)
    if f.staged_field and f.key != "member_code"
)

# Personal data classification (Law 91/2025/QH15, NĐ 356/2025). Ethnic origin, religion and party
# membership itself (status, dates, branch: a political affiliation) are sensitive.
PERSONAL: frozenset[str] = frozenset(f.field for f in FIELDS if f.field and f.personal)
SENSITIVE: frozenset[str] = frozenset(f.field for f in FIELDS if f.field and f.sensitive)
# Identifiers are masked wherever they are logged (`sotay.vn.mask_identifier`).
IDENTIFIERS: frozenset[str] = frozenset(f.field for f in FIELDS if f.field and f.identifier)

# The finding's field (a checker key or a header as the checker names it) -> the staged record's field.
FINDING_FIELD: dict[str, str] = {
    **{f.header: f.staged_field for f in LEGACY if f.staged_field},
    **{f.key: f.staged_field for f in LEGACY if f.key and f.staged_field},
}


def label(name: str) -> str:
    """The Vietnamese label of a registry, staged or checker field name; the name itself if unknown.

    >>> label("full_name"), label("member_code"), label("so_dien_thoai")
    ('Họ và tên', 'Mã đảng viên', 'Số điện thoại')
    """
    f = BY_FIELD.get(name) or BY_STAGED.get(name) or BY_KEY.get(name)
    return f.label if f else name
