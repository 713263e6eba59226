import csv
import datetime
from pathlib import Path

import pytest

from sotay.campaign.actions.campaigns import create_campaign
from sotay.campaign.legacy import MEMBER_HEADERS
from sotay.campaign.models import CampaignUnit, StepKind
from tests.personas import *  # noqa: F403

TODAY = datetime.date.today()


@pytest.fixture
def campaign(tree, unit_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    city_staff = unit_staff  # holds EDIT_MEMBERS at ward1 only; the campaign is created without the check
    deadlines = {
        StepKind.CLEAN: TODAY + datetime.timedelta(days=5),
        StepKind.MIGRATE: TODAY + datetime.timedelta(days=8),
        StepKind.SYNC: TODAY + datetime.timedelta(days=11),
    }
    return create_campaign(
        root=tree.city, name="15 ngày đêm", deadlines=deadlines, by=city_staff, check_permission=False
    )


@pytest.fixture
def ward1_unit(campaign, tree):
    return CampaignUnit.objects.get(campaign=campaign, org=tree.ward1)


@pytest.fixture
def ward2_unit(campaign, tree):
    return CampaignUnit.objects.get(campaign=campaign, org=tree.ward2)


def write_members(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=MEMBER_HEADERS)
        out.writeheader()
        for i, row in enumerate(rows, start=1):
            out.writerow({"STT": str(i), **row})
    return path


def row(code: str, name: str, birth: str, gender: str, cccd: str, org: str, **extra: str) -> dict[str, str]:
    base = {
        "Mã đảng viên": code,
        "Họ và tên": name,
        "Ngày sinh": birth,
        "Giới tính": gender,
        "Số CCCD": cccd,
        "Số thẻ đảng viên": extra.pop("card", ""),
        "Ngày vào Đảng": extra.pop("admitted", "02/03/1990"),
        "Ngày chính thức": extra.pop("official", "02/03/1991"),
        "Dân tộc": "Kinh",
        "Tôn giáo": "Không",
        "Mã tổ chức": org,
        "Tình trạng": extra.pop("status", "Chính thức"),
    }
    base.update(extra)
    return base


@pytest.fixture
def messy_file(tmp_path):
    """Four rows of ward 1: a name to normalise, a gender that disagrees with the CCCD, a duplicate
    person in another branch (no diacritics), an impossible date."""
    return write_members(
        tmp_path / "phuong1.csv",
        [
            row("A1", "nguyễn  văn hoà", "05/03/1962", "Nam", "079062000101", "79.P1.U1.B1", card="00000101"),
            row("A2", "Lê Thị Lan", "09/01/1965", "Nam", "079165000102", "79.P1.U1.B2", card="00000102"),
            row(
                "A3",
                "Nguyen Van Hoa",
                "05/03/1962",
                "Nam",
                "079062000101",
                "79.P1.U1.B2",
                card="00000101",
                **{"Số điện thoại": "0912345678"},
            ),
            row(
                "A4",
                "Trần Văn Bốn",
                "31/02/1975",
                "Nam",
                "079075000104",
                "79.P1.U1.B1",
                card="00000104",
                admitted="01/06/2000",
                official="01/06/2001",
            ),
        ],
    )
