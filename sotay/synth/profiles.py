"""Kinds of branch (residential, agency, school, ...) and the names of grassroots units and branches."""

from __future__ import annotations

from enum import StrEnum

import numpy as np


class Profile(StrEnum):
    """What a branch is; it drives its members' ages, sex ratio and status mix (see members.py)."""

    RES = "residential"  # khu phố / ấp: many retired, elderly members
    GOV = "government"
    EDU = "school"
    HEALTH = "health"
    ENT = "enterprise"
    POLICE = "police"
    ARMY = "army"


# (code suffix, share of the agency members, title used after "Đảng bộ").
AGENCIES: list[tuple[str, float, str]] = [
    ("UB", 0.42, "Ủy ban nhân dân"),
    ("CQ", 0.11, "các cơ quan Đảng"),
    ("MT", 0.07, "Mặt trận Tổ quốc Việt Nam"),
    ("CA", 0.22, "Công an"),
    ("QS", 0.18, "Quân sự"),
]

# Members of a ward committee by kind of branch: (profile, share, median branch size, log-sd).
# Residential branches dominate and are small-to-middling; police and militia branches are larger.
WARD_MIX: list[tuple[Profile, float, float, float]] = [
    (Profile.RES, 0.62, 20.0, 0.55),
    (Profile.GOV, 0.12, 18.0, 0.45),
    (Profile.EDU, 0.10, 14.0, 0.45),
    (Profile.HEALTH, 0.03, 16.0, 0.4),
    (Profile.ENT, 0.07, 9.0, 0.55),
    (Profile.POLICE, 0.03, 32.0, 0.35),
    (Profile.ARMY, 0.03, 22.0, 0.35),
]
# Branch sizes inside agency grassroots units: larger on average than residential ones.
AGENCY_BRANCH = {
    Profile.GOV: (24.0, 0.5),
    Profile.EDU: (22.0, 0.5),
    Profile.HEALTH: (30.0, 0.5),
    Profile.ENT: (18.0, 0.6),
    Profile.POLICE: (34.0, 0.4),
    Profile.ARMY: (30.0, 0.4),
}
# Which kinds of grassroots unit each agency committee has (weights).
AGENCY_UNITS: dict[str, dict[Profile, float]] = {
    "UB": {Profile.GOV: 0.45, Profile.EDU: 0.2, Profile.HEALTH: 0.2, Profile.ENT: 0.15},
    "CQ": {Profile.GOV: 1.0},
    "MT": {Profile.GOV: 1.0},
    "CA": {Profile.POLICE: 1.0},
    "QS": {Profile.ARMY: 1.0},
}

_WORDS = [
    "Bến Thành", "Sài Gòn", "Gia Định", "Phú Nhuận", "Tân Thuận", "Bình Minh", "Hưng Thịnh", "An Phú",
    "Thành Công", "Đông Nam", "Việt Thắng", "Phước Long", "Thủ Đức", "Long Hậu", "Hòa Bình", "Nam Việt",
    "Tân Phát", "Hiệp Phước", "Quang Minh", "Đại Phát", "Thống Nhất", "Hoàng Anh", "Mekong", "Thái Sơn",
]  # fmt: skip
_PEOPLE = [
    "Lê Quý Đôn", "Nguyễn Du", "Trần Quốc Toản", "Võ Thị Sáu", "Nguyễn Thị Minh Khai", "Lê Văn Tám",
    "Chu Văn An", "Nguyễn Bỉnh Khiêm", "Kim Đồng", "Phan Chu Trinh", "Hùng Vương", "Lương Thế Vinh",
    "Trưng Vương", "Bùi Thị Xuân", "Nguyễn Văn Trỗi", "Marie Curie", "Võ Trường Toản", "Đinh Tiên Hoàng",
]  # fmt: skip
_SCHOOLS = ["Trường Mầm non", "Trường Tiểu học", "Trường THCS", "Trường THPT"]
_OFFICES = [
    "Sở Tài chính", "Sở Xây dựng", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Sở Tư pháp",
    "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ", "Sở Văn hóa và Thể thao",
    "Sở Du lịch", "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ", "Thanh tra", "Văn phòng Ủy ban nhân dân",
    "Ban Tổ chức", "Ban Tuyên giáo và Dân vận", "Ủy ban Kiểm tra", "Văn phòng", "Báo", "Trường Chính trị",
    "Ban Quản lý các khu chế xuất và công nghiệp", "Cục Thuế", "Kho bạc Nhà nước khu vực",
]  # fmt: skip
_GOV_BRANCHES = [
    "Văn phòng", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Trung tâm Phục vụ hành chính công",
    "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính", "Phòng Thanh tra", "Phòng Tổng hợp",
]  # fmt: skip
_HEALTH = [
    "Bệnh viện Đa khoa",
    "Bệnh viện Nhi đồng",
    "Bệnh viện Y học cổ truyền",
    "Trung tâm Y tế",
    "Bệnh viện Phục hồi chức năng",
]


def unit_names(
    rng: np.random.Generator, profile: Profile, place: str, branches: int, kind: str, ordinal: int
) -> tuple[str, list[str]]:
    """Name of a grassroots unit (without the "Chi bộ"/"Đảng bộ" prefix) and of its branches.

    ``place`` is "phường Long Bình" for ward committees or "Thành phố Hồ Chí Minh" for agencies;
    ``ordinal`` numbers units of the same profile within a committee (Khu phố 1, 2, ...).

    Example:
        >>> unit_names(np.random.default_rng(0), Profile.RES, "phường Long Bình", 1, "Đảng bộ phường", 7)
        ('Khu phố 7', ['Khu phố 7'])
    """
    pick = lambda items: items[int(rng.integers(len(items)))]  # noqa: E731
    if profile is Profile.RES:
        name = {"Đảng bộ xã": "Ấp", "Đặc khu": "Khu dân cư"}.get(kind, "Khu phố") + f" {ordinal}"
    elif profile is Profile.GOV:
        name = (
            f"Cơ quan Ủy ban nhân dân {place}" if kind != "Đảng bộ cơ quan" else f"{pick(_OFFICES)} {ordinal}"
        )
    elif profile is Profile.EDU:
        name = f"{pick(_SCHOOLS)} {pick(_PEOPLE)}"
    elif profile is Profile.HEALTH:
        name = f"Trạm Y tế {place}" if kind != "Đảng bộ cơ quan" else f"{pick(_HEALTH)} {pick(_WORDS)}"
    elif profile is Profile.ENT:
        name = f"{pick(['Công ty TNHH', 'Công ty Cổ phần', 'Hợp tác xã'])} {pick(_WORDS)} {ordinal}"
    elif profile is Profile.POLICE:
        name = f"Công an {place}" if kind != "Đảng bộ cơ quan" else f"Phòng Cảnh sát số {ordinal}"
    else:
        name = f"Ban Chỉ huy Quân sự {place}" if kind != "Đảng bộ cơ quan" else f"Trung đoàn {ordinal}"
    if branches == 1:
        return name, [name]
    if profile is Profile.GOV:
        pool = _GOV_BRANCHES
        branch = [pool[i] if i < len(pool) else f"Phòng {i + 1}" for i in range(branches)]
    elif profile is Profile.POLICE:
        branch = [f"Đội {i}" for i in range(1, branches + 1)]
    elif profile is Profile.ARMY:
        branch = [f"Đại đội {i}" for i in range(1, branches + 1)]
    elif profile is Profile.EDU:
        branch = [f"Tổ bộ môn {i}" for i in range(1, branches + 1)]
    else:
        branch = [
            f"Khoa {i}" if profile is Profile.HEALTH else f"Bộ phận {i}" for i in range(1, branches + 1)
        ]
    return name, branch
