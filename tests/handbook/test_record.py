"""Party age and the next Huy hiệu Đảng milestone (domain.md §4.2–4.3), and the My record page."""

import datetime

import pytest
from django.urls import reverse

from sotay.handbook.record import BADGE_YEARS, add_years, party_age
from sotay.members.models import Member, MemberStatus

D = datetime.date


def _member(admitted, status=MemberStatus.CHINH_THUC):
    official = None if status == MemberStatus.DU_BI else add_years(admitted, 1)
    return Member(admission_date=admitted, official_date=official, status=status)


@pytest.mark.parametrize(
    ("admitted", "today", "years", "badge", "badge_on"),
    [
        (D(1996, 3, 2), D(2026, 3, 1), 29, 30, D(2026, 3, 2)),  # the day before: still 29
        (D(1996, 3, 2), D(2026, 3, 2), 30, 30, D(2026, 3, 2)),  # the milestone day itself
        (D(1996, 3, 2), D(2026, 3, 3), 30, 40, D(2036, 3, 2)),  # 35 is not a milestone
        (D(1986, 6, 1), D(2026, 1, 1), 39, 40, D(2026, 6, 1)),
        (D(1984, 2, 29), D(2026, 1, 1), 41, 45, D(2029, 2, 28)),  # 29 February in a common year
        (D(1930, 1, 1), D(2026, 1, 2), 96, None, None),  # past 90: no milestone left
    ],
)
def test_party_age_and_next_badge(admitted, today, years, badge, badge_on):
    age = party_age(_member(admitted), today)
    assert age.years == years
    assert (age.next_badge.years if age.next_badge else None) == badge
    assert (age.next_badge.on if age.next_badge else None) == badge_on
    assert 35 not in BADGE_YEARS


def test_probationary_members_have_no_party_age_yet():
    age = party_age(_member(D(2025, 9, 1), MemberStatus.DU_BI), D(2026, 1, 1))
    assert (age.counted, age.years) == (False, 0)
    assert age.next_badge.years == 30


def test_badge_early_window_by_milestone():
    assert party_age(_member(D(2000, 1, 1)), D(2026, 1, 1)).next_badge.early_months == 12
    assert party_age(_member(D(1960, 1, 1)), D(2026, 1, 1)).next_badge.early_months == 24


def test_my_record_shows_summary_age_badge_status_and_report_links(client, member_user, hoa):
    client.force_login(member_user)
    body = client.get(reverse("my_profile")).content.decode()
    assert "Thông tin theo Quy định 339-QĐ/TW" in body
    assert hoa.cccd in body
    assert "Tuổi đảng" in body
    assert "Mốc Huy hiệu Đảng tiếp theo" in body
    assert "Chính thức" in body
    assert body.count("Báo sai</a>") >= 16
    assert "?truong=status" in body


@pytest.mark.parametrize("persona", ["secretary", "unit_staff", "outsider", "no_role"])
def test_accounts_without_handbook_access_get_404(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("my_profile")).status_code == 404
