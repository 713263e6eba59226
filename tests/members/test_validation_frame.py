"""The column-wise validation of a bulk load passes only rows `clean_record` accepts unchanged."""

import datetime
from typing import Any

import polars as pl
import pytest

from sotay import vn
from sotay.members.models import MemberStatus
from sotay.members.validation import clean_record
from sotay.members.validation_frame import screen
from sotay.orgs.models import BRANCH_TYPES, Org, OrgType
from tests import factories

TODAY = datetime.date(2026, 11, 28)
D = datetime.date

# A clean official member; each hostile row below changes one or two fields of it.
BASE: dict[str, Any] = {
    "code": "DV7900000001",
    "full_name": "Nguyễn Thị Xuân",
    "birth_date": D(1985, 6, 3),
    "gender": "Nữ",
    "cccd": "079185001234",
    "card_number": "12345678",
    "admission_date": D(2010, 5, 19),
    "official_date": D(2011, 5, 19),
    "ethnicity": "Kinh",
    "religion": "Không",
    "phone": "0977233053",
    "status": MemberStatus.CHINH_THUC.value,
}

HOSTILE: list[dict[str, Any]] = [
    {},
    {"full_name": ""},
    {"full_name": "<script>alert(1)</script>"},
    {"full_name": '=HYPERLINK("http://x.vn")'},
    {"full_name": "Nguyễn Văn An 2"},
    {"full_name": "Nguyễn Văn " + "An " * 40},
    {"full_name": "H'Hen Niê", "cccd": "066185001234"},
    {"full_name": "Y Ƀăp Kpă"},
    {"cccd": ""},
    {"cccd": "79185001234"},
    {"cccd": "0791850012345"},
    {"cccd": "07918500123a"},
    {"cccd": "٠٧٩١٨٥٠٠١٢٣٤"},  # Arabic-Indic digits
    {"cccd": "099185001234"},  # no such province
    {"cccd": "079085001234"},  # male digit, female member
    {"cccd": "079186001234"},  # birth year 1986, file says 1985
    {"cccd": "079385001234"},  # born 2085
    {"card_number": None},
    {"card_number": ""},
    {"card_number": "1234567"},
    {"card_number": "123456789"},
    {"card_number": "1234 5678"},
    {"status": MemberStatus.DU_BI.value},
    {"status": MemberStatus.DU_BI.value, "card_number": None, "official_date": None},
    {"status": MemberStatus.MIEN_SINH_HOAT.value},
    {"status": MemberStatus.MIEN_SINH_HOAT.value, "official_date": None},
    {"status": ""},
    {"status": "chinh thuc"},
    {"status": MemberStatus.KHAI_TRU.value} if hasattr(MemberStatus, "KHAI_TRU") else {"status": "xoa_ten"},
    {"gender": "Nam"},
    {"gender": "nu"},
    {"gender": ""},
    {"ethnicity": "Khmer"},
    {"ethnicity": "Khơ-me"},
    {"ethnicity": "Klingon"},
    {"ethnicity": ""},
    {"religion": "Thiên Chúa giáo"},
    {"religion": "Công giáo"},
    {"religion": "<b>"},
    {"phone": ""},
    {"phone": "977233053"},
    {"phone": "+84977233053"},
    {"phone": "02838123456"},
    {"phone": "0123456789"},
    {"phone": "0977 233 053"},
    {"birth_date": None},
    {"birth_date": D(2027, 1, 1)},
    {"admission_date": D(2027, 1, 1), "official_date": D(2028, 1, 1)},
    {"admission_date": D(2003, 6, 3), "official_date": D(2004, 6, 3)},  # 18 on the day
    {"admission_date": D(2003, 6, 2), "official_date": D(2004, 6, 3)},  # a day short of 18
    {"admission_date": D(2002, 6, 3), "official_date": D(2004, 6, 3)},  # 17
    {"admission_date": D(2004, 1, 1), "official_date": D(2005, 1, 1)},  # 18 by year, not by months
    {"official_date": D(2010, 5, 19)},  # the same day as admission
    {"official_date": D(2009, 5, 19)},
    {"official_date": None},
    {"admission_date": None},
    {"admission_date": None, "official_date": None},
    {"org": "party_committee"},
    {"org": "closed"},
    {"org": None},
]


@pytest.fixture
def orgs(db):
    province = factories.org("79", OrgType.DANG_BO_TINH, None, "Đảng bộ Thành phố Hồ Chí Minh")
    ward = factories.org("79.1", OrgType.DANG_BO_CO_SO, province)
    branch = factories.org("79.1.01", OrgType.CHI_BO, ward)
    closed = factories.org("79.1.02", OrgType.CHI_BO, ward)
    closed.valid_to = TODAY - datetime.timedelta(days=1)
    return {"branch": branch, "party_committee": ward, "closed": closed, None: None}


def _rows(orgs: dict[Any, Org | None]) -> list[dict[str, Any]]:
    rows = []
    for n, change in enumerate(HOSTILE, start=1):
        values = {**BASE, **change, "org": orgs[change.get("org", "branch")]}
        # The checker writes `normalize_name`'s output; the loader's names are always that.
        values["full_name"] = vn.normalize_name(values["full_name"])
        rows.append({"row": n, **values})
    return rows


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    def ok(org: Org | None) -> bool:
        return (
            org is not None and org.type in BRANCH_TYPES and (org.valid_to is None or org.valid_to >= TODAY)
        )

    data = [{**{k: v for k, v in r.items() if k != "org"}, "org_ok": ok(r["org"])} for r in rows]
    dates = dict.fromkeys(("birth_date", "admission_date", "official_date"), pl.Date)
    return pl.DataFrame(data, schema_overrides=dates, infer_schema_length=None)


def test_every_row_the_screen_passes_clean_record_accepts_unchanged(orgs):
    rows = _rows(orgs)
    passed = screen(_frame(rows), today=TODAY)
    for r in rows:
        values = {k: v for k, v in r.items() if k != "row"}
        cleaned = clean_record(dict(values), today=TODAY)
        if r["row"] in passed:
            assert cleaned.errors == {}, (r["row"], HOSTILE[r["row"] - 1], cleaned.errors)
            assert cleaned.values == values, (r["row"], HOSTILE[r["row"] - 1])


def test_the_screen_leaves_to_clean_record_only_rows_it_rewrites_or_near_an_18th_birthday(orgs):
    rows = _rows(orgs)
    passed = screen(_frame(rows), today=TODAY)
    assert 1 in passed  # the base row
    for r in rows:
        values = {k: v for k, v in r.items() if k != "row"}
        cleaned = clean_record(dict(values), today=TODAY)
        if r["row"] in passed or cleaned.errors:
            continue
        born, admitted = values["birth_date"], values["admission_date"]
        near_18 = born and admitted and admitted.year - born.year <= 18
        assert cleaned.values != values or near_18, HOSTILE[r["row"] - 1]


def test_normalize_name_is_idempotent_on_the_hostile_names():
    for change in HOSTILE:
        name = vn.normalize_name(change.get("full_name", BASE["full_name"]))
        assert vn.normalize_name(name) == name
