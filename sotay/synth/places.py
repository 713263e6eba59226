"""Where members come from and live: quê quán and nơi thường trú strings, birth-registration provinces.

Strings are built once per run for a few thousand places, then picked by index for millions of members.
Addresses mix the 2025 two-level form ("Phường Long Bình, Thành phố Hồ Chí Minh") with the pre-2025
three-level one naming the old district ("Phường Long Thạnh Mỹ, Thành phố Thủ Đức" / "Quận 9"), as real
files do.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from vietnam_provinces import Province, ProvinceCode, Ward, legacy

from sotay.synth.names import cccd_province_codes

Ints = npt.NDArray[np.int64]
HOMETOWNS_PER_PROVINCE = 24


@dataclass(frozen=True)
class Places:
    """Lookup tables by index: ward stems, hometowns per legacy province, leaf -> ward / home province."""

    stems: list[str]  # address endings: "Phường X, Thành phố Y" and legacy variants
    ward_stem_start: Ints  # per ward: index of its first stem (the 2025 form)
    ward_stem_count: Ints
    ward_home: Ints  # per ward: legacy (63-table) province code it was carved from
    province_wards: dict[int, Ints]  # 2025 province code -> ward indexes
    ward_index: dict[str, int]  # 5-digit ward code -> ward index
    hometowns: list[str]  # HOMETOWNS_PER_PROVINCE per legacy province, in cccd_province_codes() order


@cache
def places_for(provinces: tuple[int, ...], seed: int) -> Places:
    """Build the tables for the given 2025 provinces (about 1 s: it reads the legacy unit tables).

    Example:
        >>> p = places_for((79,), 1)
        >>> p.stems[p.ward_stem_start[p.ward_index["26833"]]]
        'Phường Long Bình, Thành phố Hồ Chí Minh'
    """
    rng = np.random.default_rng([seed, 0x91ACE])
    stems: list[str] = []
    starts: list[int] = []
    counts: list[int] = []
    homes: list[int] = []
    province_wards: dict[int, list[int]] = {}
    ward_index: dict[str, int] = {}
    for province in provinces:
        province_name = Province.from_code(ProvinceCode(province)).name
        for ward in sorted(Ward.iter_by_province(ProvinceCode(province)), key=lambda w: int(w.code)):
            index = len(starts)
            ward_index[f"{int(ward.code):05d}"] = index
            province_wards.setdefault(province, []).append(index)
            starts.append(len(stems))
            stems.append(f"{ward.name}, {province_name}")
            sources = ward.get_legacy_sources()
            for source in sources:
                district = legacy.District.from_code(source.district_code)
                old_province = legacy.Province.from_code(district.province_code).name
                stems.append(f"{source.name}, {district.name}, {old_province}")
            counts.append(1 + len(sources))
            homes.append(_legacy_province(sources, province))
    return Places(
        stems=stems,
        ward_stem_start=np.array(starts, dtype=np.int64),
        ward_stem_count=np.array(counts, dtype=np.int64),
        ward_home=np.array(homes, dtype=np.int64),
        province_wards={p: np.array(w, dtype=np.int64) for p, w in province_wards.items()},
        ward_index=ward_index,
        hometowns=_hometowns(rng),
    )


def _legacy_province(sources: tuple[legacy.Ward, ...] | list[legacy.Ward], fallback: int) -> int:
    codes = Counter(int(legacy.District.from_code(s.district_code).province_code) for s in sources)
    return codes.most_common(1)[0][0] if codes else fallback


@cache
def _legacy_wards_by_province() -> dict[int, list[tuple[str, str]]]:
    out: dict[int, list[tuple[str, str]]] = {}
    districts = {int(d.code): d for d in legacy.District.iter_all()}
    for ward in legacy.Ward.iter_all():
        district = districts[int(ward.district_code)]
        out.setdefault(int(district.province_code), []).append((ward.name, district.name))
    return out


def _hometowns(rng: np.random.Generator) -> list[str]:
    by_province = _legacy_wards_by_province()
    out: list[str] = []
    for code in cccd_province_codes():
        name = legacy.Province.from_code(legacy.ProvinceCode(code)).name
        wards = by_province[code]
        for i in rng.choice(len(wards), HOMETOWNS_PER_PROVINCE, replace=len(wards) < HOMETOWNS_PER_PROVINCE):
            ward, district = wards[int(i)]
            out.append(f"{ward}, {district}, {name}")
    return out


def pick_stems(places: Places, ward: Ints, rng: np.random.Generator) -> Ints:
    """Stem index per member: the 2025 form 60 % of the time, else one of the ward's legacy forms.

    Example:
        >>> p = places_for((79,), 1)
        >>> int(pick_stems(p, np.array([0]), np.random.default_rng(0))[0]) >= 0
        True
    """
    count = places.ward_stem_count[ward]
    legacy_pick = 1 + (rng.random(len(ward)) * np.maximum(count - 1, 1)).astype(np.int64)
    use_new = (rng.random(len(ward)) < 0.6) | (count == 1)
    return places.ward_stem_start[ward] + np.where(use_new, 0, legacy_pick)
