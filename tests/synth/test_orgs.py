from collections import Counter
from datetime import date

import pytest
from vietnam_provinces import ProvinceCode, Ward

from sotay.synth import SynthConfig, generate_orgs
from sotay.synth.orgs import LEAF_KINDS, plan_orgs

KINDS = {
    "Đảng bộ tỉnh",
    "Đảng bộ xã",
    "Đảng bộ phường",
    "Đặc khu",
    "Đảng bộ cơ quan",
    "Đảng bộ cơ sở",
    "Chi bộ cơ sở",
    "Chi bộ",
}


def test_hcmc_has_168_real_wards_and_5_agency_committees():
    cfg = SynthConfig(members=20_000, today=date(2026, 3, 1))
    orgs = generate_orgs(cfg)
    top = [o for o in orgs if o.parent_code == "79"]
    assert len(top) == 173
    wards = {f"{int(w.code):05d}": w for w in Ward.iter_by_province(ProvinceCode.P_79)}
    ward_orgs = [o for o in top if o.ward_code is not None]
    assert len(ward_orgs) == 168
    for org in ward_orgs:
        ward = wards[org.ward_code]
        assert org.ward_name == ward.name
        assert org.code == f"79.{org.ward_code}"
        assert org.name.lower().endswith(ward.name.lower())
    assert Counter(o.kind for o in ward_orgs) == {"Đảng bộ phường": 113, "Đảng bộ xã": 54, "Đặc khu": 1}
    assert sorted(o.code for o in top if o.kind == "Đảng bộ cơ quan") == [
        "79.CA", "79.CQ", "79.MT", "79.QS", "79.UB",
    ]  # fmt: skip


def test_tree_is_well_formed(orgs):
    codes = [o.code for o in orgs]
    assert len(codes) == len(set(codes))
    by_code = {o.code: o for o in orgs}
    assert [o.code for o in orgs if o.parent_code is None] == ["79"]
    parents = {o.parent_code for o in orgs}
    for org in orgs:
        assert org.kind in KINDS
        if org.parent_code:
            assert org.parent_code in by_code
            assert org.code.startswith(org.parent_code + ".")
        # Members belong to leaves; leaves are exactly the branch kinds.
        assert (org.code not in parents) == (org.kind in LEAF_KINDS)
        if org.kind == "Chi bộ":
            assert by_code[org.parent_code].kind == "Đảng bộ cơ sở"


def test_branch_sizes_3_to_60_and_sum_to_members(config):
    plan = plan_orgs(config)
    assert plan.leaf_sizes.min() >= 3
    assert plan.leaf_sizes.max() <= 60
    assert plan.leaf_sizes.sum() == config.members


def test_same_seed_same_tree_other_seed_other_tree(config):
    again = SynthConfig(members=config.members, wards=config.wards, today=config.today, seed=config.seed)
    assert generate_orgs(again) == generate_orgs(config)
    other = SynthConfig(members=config.members, wards=config.wards, today=config.today, seed=config.seed + 1)
    assert generate_orgs(other) != generate_orgs(config)


def test_too_few_members_for_the_tree_is_a_clear_error():
    with pytest.raises(ValueError, match="--wards"):
        generate_orgs(SynthConfig(members=100, today=date(2026, 3, 1)))
