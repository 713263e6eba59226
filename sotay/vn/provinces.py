"""Province tables: the 63 CCCD birth-registration codes and the 34 provincial units of 2025.

The two tables share a code space but not its meaning: seven codes name a different province since
1 July 2025 (015 was Yên Bái and is now Lào Cai, …; ``shared/domain.md`` §2.3). A CCCD prefix records
where the birth was registered under the old map, so it is decoded with the 63-code table only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from sotay.vn._tables import load_table


@dataclass(frozen=True, slots=True)
class Province2025:
    """One of the 34 provincial-level units in force since 1 July 2025."""

    code: str  # 3 digits, e.g. '079'
    name: str  # with its prefix, e.g. 'Thành phố Hồ Chí Minh'
    division_type: str  # 'tỉnh' | 'thành phố trung ương'
    formed_from: tuple[str, ...]  # pre-2025 units merged into it


@cache
def cccd_provinces() -> MappingProxyType[str, str]:
    """The 63 birth-registration codes of TT 07/2016/TT-BCA, e.g. ``{'001': 'Hà Nội', …}``."""
    return MappingProxyType({row["code"]: row["name"] for row in load_table("cccd_province_codes")})


def cccd_province_name(code: str) -> str | None:
    """Name for a 3-digit CCCD prefix, or None when it is not one of the 63 codes.

    >>> cccd_province_name("015"), cccd_province_name("003")
    ('Yên Bái', None)
    """
    return cccd_provinces().get(code)


@cache
def provinces_2025() -> tuple[Province2025, ...]:
    """The 34 provincial units of 2025, in code order."""
    return tuple(
        Province2025(
            code=row["code"],
            name=row["name"],
            division_type=row["division_type"],
            formed_from=tuple(part.strip() for part in row["formed_from"].split(",") if part.strip()),
        )
        for row in load_table("provinces_2025")
    )


@cache
def _by_code_2025() -> MappingProxyType[str, Province2025]:
    return MappingProxyType({p.code: p for p in provinces_2025()})


def province_2025(code: str) -> Province2025 | None:
    """The 2025 unit with this 3-digit code, or None. Never use it to decode a CCCD."""
    return _by_code_2025().get(code)
