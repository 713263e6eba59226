"""The 63-code CCCD table and the 34 provinces of 2025."""

from sotay.vn import cccd_province_name, province_2025, provinces_2025


def test_cccd_codes_keep_their_pre_2025_meaning():
    # Seven codes name a different province since 7/2025 (domain.md §2.3).
    old = {"015": "Yên Bái", "024": "Bắc Giang", "044": "Quảng Bình", "052": "Bình Định", "080": "Long An",
           "082": "Tiền Giang", "091": "Kiên Giang"}  # fmt: skip
    for code, name in old.items():
        assert cccd_province_name(code) == name
        assert name not in province_2025(code).name


def test_provinces_2025():
    provinces = provinces_2025()
    assert len(provinces) == 34
    hcm = province_2025("079")
    assert hcm.name == "Thành phố Hồ Chí Minh"
    assert hcm.division_type == "thành phố trung ương"
    assert "Tỉnh Bình Dương" in hcm.formed_from
    assert province_2025("002") is None
    # Every pre-2025 province is a source of some 2025 unit (the shipped table lists Tiền Giang under
    # both Tây Ninh and Đồng Tháp, so count distinct names).
    assert len({name for p in provinces for name in p.formed_from}) == 63
