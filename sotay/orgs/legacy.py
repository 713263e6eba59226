"""The legacy (CSDL 3.0) organisation types, as written in the `Loại` column (legacy-format.md §2)."""

from sotay.orgs.models import OrgType

LEGACY_KIND_TO_TYPE: dict[str, str] = {
    "Đảng bộ tỉnh": OrgType.DANG_BO_TINH,
    "Đảng bộ xã": OrgType.DANG_BO_XA,
    "Đảng bộ phường": OrgType.DANG_BO_PHUONG,
    "Đặc khu": OrgType.DAC_KHU,
    "Đảng bộ cơ quan": OrgType.DANG_BO_CO_QUAN,
    "Đảng bộ cơ sở": OrgType.DANG_BO_CO_SO,
    "Chi bộ cơ sở": OrgType.CHI_BO_CO_SO,
    "Chi bộ": OrgType.CHI_BO,
}
