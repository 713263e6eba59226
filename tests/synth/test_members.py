from datetime import date

import numpy as np
import polars as pl

from sotay.synth import COLUMNS, generate_members
from sotay.synth.names import (
    FEMALE_ONLY_MIDDLE,
    MALE_ONLY_MIDDLE,
    canonical_ethnic_groups,
    canonical_religions,
    cccd_province_codes,
)
from sotay.synth.npdates import add_months, full_months

from .conftest import TODAY


def test_columns_and_types(members):
    assert members.columns == COLUMNS
    assert members.schema["ngay_sinh"] == pl.Date
    assert members.schema["ngay_chinh_thuc"] == pl.Date
    assert members.height == 6_000


def test_admission_at_18_full_years_and_nothing_in_the_future(members):
    birth = members["ngay_sinh"].to_numpy()
    admitted = members["ngay_vao_dang"].to_numpy()
    assert (full_months(birth, admitted) >= 216).all()
    for col in ("ngay_sinh", "ngay_vao_dang", "ngay_chinh_thuc"):
        assert members[col].drop_nulls().max() <= TODAY


def test_official_is_admission_plus_12_months(members):
    official = members.filter(pl.col("tinh_trang") != "Dự bị")
    expected = add_months(official["ngay_vao_dang"].to_numpy(), 12)
    assert (official["ngay_chinh_thuc"].to_numpy() == expected).all()
    assert official["so_the"].null_count() == 0


def test_probationary_recent_without_card_or_official_date(members):
    probation = members.filter(pl.col("tinh_trang") == "Dự bị")
    assert probation.height > 0
    assert probation["so_the"].null_count() == probation.height
    assert probation["ngay_chinh_thuc"].null_count() == probation.height
    assert probation["ngay_vao_dang"].min() > date(2025, 3, 1)


def test_exempted_members_are_mostly_elderly(members):
    exempt = members.filter(pl.col("tinh_trang") == "Miễn sinh hoạt")
    assert exempt.height > 0
    assert (exempt["ngay_sinh"].dt.year() <= TODAY.year - 70).mean() > 0.9


def test_cccd_consistent_with_birth_and_gender_and_unique(members):
    cccd = members["cccd"]
    assert cccd.str.contains(r"^\d{12}$").all()
    assert cccd.n_unique() == members.height
    assert set(cccd.str.slice(0, 3).cast(pl.Int64).unique()) <= set(cccd_province_codes())
    g = cccd.str.slice(3, 1).cast(pl.Int64).to_numpy()
    year = 1900 + (g // 2) * 100 + cccd.str.slice(4, 2).cast(pl.Int64).to_numpy()
    assert (year == members["ngay_sinh"].dt.year().to_numpy()).all()
    assert ((g % 2 == 1) == (members["gioi_tinh"] == "Nữ").to_numpy()).all()


def test_cards_8_digits_unique(members):
    cards = members["so_the"].drop_nulls()
    assert cards.str.contains(r"^\d{8}$").all()
    assert cards.n_unique() == cards.len()


def test_names_three_or_four_syllables_gender_consistent_canonical_tone(members):
    parts = members["ho_ten"].str.split(" ")
    assert parts.list.len().is_between(3, 4).all()
    for name, gender in zip(members["ho_ten"], members["gioi_tinh"], strict=True):
        middle = set(name.split(" ")[1:-1])
        assert not middle & (FEMALE_ONLY_MIDDLE if gender == "Nam" else MALE_ONLY_MIDDLE), name
    # Old-style tone placement puts the mark on the second vowel of an open oa/oe/uy syllable ("Hoà").
    old_style = r"(?i)(^|[^q])(o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(\s|$)"
    assert not members["ho_ten"].str.contains(old_style).any()
    assert members["ho_ten"].str.contains("Hòa|Thủy|Thúy|Thùy|Thụy").any()
    assert (members["ho_ten"].str.split(" ").list.first() == "Nguyễn").mean() > 0.25


def test_reference_values_and_mobile_phones(members):
    assert set(members["dan_toc"].unique()) <= canonical_ethnic_groups()
    assert set(members["ton_giao"].unique()) <= canonical_religions()
    assert (members["dan_toc"] == "Kinh").mean() > 0.85
    assert (members["ton_giao"] == "Không").mean() > 0.7
    phones = members["so_dien_thoai"]
    assert 0 < phones.null_count() < members.height * 0.3
    assert phones.drop_nulls().str.contains(r"^0(3[2-9]|5[689]|7[06789]|8[1-689]|9[0-46-9])\d{7}$").all()


def test_branch_sizes_and_leaf_codes(members, orgs):
    leaves = {o.code for o in orgs if o.kind in ("Chi bộ", "Chi bộ cơ sở")}
    sizes = members["ma_to_chuc"].value_counts()["count"]
    assert set(members["ma_to_chuc"].unique()) <= leaves
    assert sizes.min() >= 3
    assert sizes.max() <= 60
    assert members["member_code"].n_unique() == members.height


def test_deterministic_for_a_seed_whatever_the_batch_size(config, orgs, members):
    again = pl.concat(generate_members(config, orgs, batch_size=999))
    assert again.equals(members)


def test_some_addresses_name_pre_2025_units(members):
    assert members["noi_thuong_tru"].str.contains("Quận |Thành phố Thủ Đức|Huyện |Thị xã ").any()
    assert np.mean(members["que_quan"].str.contains(", ").to_numpy()) == 1.0
