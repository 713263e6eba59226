"""A workbook with a member list on two sheets: the web upload asks which, without a second upload."""

from __future__ import annotations

import openpyxl
import pytest
from django.urls import reverse

from sotay.campaign.actions.promote import promote_batch, reconcile_batch
from sotay.campaign.legacy import MEMBER_HEADERS
from sotay.campaign.models import ImportBatch
from sotay.campaign.views.sheets import SESSION_KEY
from tests.campaign.conftest import row

ONE = [row("S1", "Phạm Văn Một", "01/02/1960", "Nam", "079060000201", "79.P1.U1.B1", card="00000201")]
TWO = [
    row("S2", "Lê Thị Hai", "09/01/1965", "Nữ", "079165000202", "79.P1.U1.B2", card="00000202"),
    row("S3", "Trần Văn Ba", "03/03/1970", "Nam", "079070000203", "79.P1.U1.B1", card="00000203"),
]


def _workbook(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        ws.append(MEMBER_HEADERS)
        for i, r in enumerate(rows, start=1):
            ws.append([{"STT": str(i), **r}.get(h, "") for h in MEMBER_HEADERS])
    wb.save(path)
    return path


@pytest.fixture
def two_sheets(tmp_path):
    return _workbook(tmp_path / "danh sách <phường 1>.xlsx", {"Chi bộ 1": ONE, "Chi bộ 2 & 3": TWO})


def _upload(client, unit, path):
    with path.open("rb") as fh:
        return client.post(reverse("unit_upload", args=[unit.pk]), {"file": fh})


def test_the_upload_offers_the_sheets_and_imports_the_chosen_one(client, unit_staff, ward1_unit, two_sheets):
    client.force_login(unit_staff)
    response = _upload(client, ward1_unit, two_sheets)
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_choose_sheet", args=[ward1_unit.pk])
    assert not ImportBatch.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert 'value="Chi bộ 1"' in page
    assert 'value="Chi bộ 2 &amp; 3"' in page
    assert "danh sách phường 1.xlsx" in page  # the person's own file name, made safe
    response = client.post(reverse("unit_choose_sheet", args=[ward1_unit.pk]), {"sheet": "Chi bộ 2 & 3"})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.rows, batch.sheet) == (2, "Chi bộ 2 & 3")
    assert sorted(batch.records.values_list("member_code", flat=True)) == ["S2", "S3"]
    assert SESSION_KEY not in client.session
    # A second submit (the back button, a double tap) finds nothing to do and changes nothing.
    again = client.post(
        reverse("unit_choose_sheet", args=[ward1_unit.pk]), {"sheet": "Chi bộ 1"}, follow=True
    )
    assert "Không còn tệp nào chờ chọn trang tính" in again.content.decode()
    assert ImportBatch.objects.count() == 1


def test_a_sheet_that_is_not_offered_is_refused_and_nothing_changes(
    client, unit_staff, ward1_unit, two_sheets
):
    client.force_login(unit_staff)
    _upload(client, ward1_unit, two_sheets)
    url = reverse("unit_choose_sheet", args=[ward1_unit.pk])
    for hostile in ["Không có", "", "<script>alert(1)</script>", "x" * 5000]:
        response = client.post(url, {"sheet": hostile})
        assert response.status_code == 400
        assert "Hãy chọn một trong các trang tính" in response.content.decode()
        assert "<script>alert(1)" not in response.content.decode()
    assert not ImportBatch.objects.exists()
    # The file is still waiting: a valid choice afterwards works.
    client.post(url, {"sheet": "Chi bộ 1"})
    assert ImportBatch.objects.get().rows == 1


def test_another_units_staff_get_404_and_cannot_use_the_waiting_file(
    client, unit_staff, outsider, ward1_unit, ward2_unit, two_sheets
):
    client.force_login(unit_staff)
    _upload(client, ward1_unit, two_sheets)
    assert client.get(reverse("unit_choose_sheet", args=[ward2_unit.pk])).status_code == 404
    client.force_login(outsider)
    for method in (client.get, client.post):
        response = method(reverse("unit_choose_sheet", args=[ward1_unit.pk]))
        assert response.status_code == 404
    response = client.post(
        reverse("unit_choose_sheet", args=[ward2_unit.pk]), {"sheet": "Chi bộ 1"}, follow=True
    )
    assert "Không còn tệp nào chờ chọn trang tính" in response.content.decode()  # the file is not theirs
    assert not ImportBatch.objects.exists()


def test_the_chosen_sheet_is_used_again_by_reconciliation(client, unit_staff, ward1_unit, two_sheets):
    client.force_login(unit_staff)
    _upload(client, ward1_unit, two_sheets)
    client.post(reverse("unit_choose_sheet", args=[ward1_unit.pk]), {"sheet": "Chi bộ 1"})
    batch = ImportBatch.objects.get()
    promote_batch(batch=batch, by=unit_staff)
    outcome = reconcile_batch(batch=batch, by=unit_staff)
    assert outcome["unexplained_count"] == 0


def test_the_same_file_with_the_other_sheet_is_a_new_import(client, unit_staff, ward1_unit, two_sheets):
    client.force_login(unit_staff)
    url = reverse("unit_choose_sheet", args=[ward1_unit.pk])
    _upload(client, ward1_unit, two_sheets)
    client.post(url, {"sheet": "Chi bộ 1"})
    _upload(client, ward1_unit, two_sheets)
    client.post(url, {"sheet": "Chi bộ 2 & 3"})
    assert list(ImportBatch.objects.order_by("pk").values_list("sheet", "state")) == [
        ("Chi bộ 1", "superseded"),
        ("Chi bộ 2 & 3", "checked"),
    ]
