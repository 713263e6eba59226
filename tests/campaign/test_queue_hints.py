"""What the queue and its neighbours tell a reviewer: suggestions from the CCCD, what changed in a name,
the file's own name in messages, the row a merge keeps, the list of people who may be responsible."""

import unicodedata

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sotay.campaign.actions import imports
from sotay.campaign.models import DuplicatePair, ImportBatch
from tests import factories
from tests.campaign.conftest import row, write_members


def _import(unit, path, by):
    return imports.import_file(unit=unit, source=path, original_name=path.name, by=by).batch


def test_an_unreadable_gender_is_offered_the_cccds(client, ward1_unit, tmp_path, unit_staff):
    path = write_members(
        tmp_path / "p.csv",
        [row("A2", "Lê Thị Lan", "09/01/1965", "X", "079165000102", "79.P1.U1.B2", card="00000102")],
    )
    batch = _import(ward1_unit, path, unit_staff)
    finding = batch.findings.get(rule="gender_invalid")
    assert finding.suggestion == "Nữ"
    client.force_login(unit_staff)
    page = client.get(reverse("unit_queue", args=[ward1_unit.pk]) + "?rule=gender_invalid").content.decode()
    assert f'id="v{finding.pk}-gender" value="Nữ"' in page
    assert "giới tính Nữ" in page  # the evidence: what the CCCD's digits say


def test_a_name_that_looks_the_same_says_what_changed(client, ward1_unit, tmp_path, unit_staff):
    path = write_members(
        tmp_path / "p.csv",
        [
            row("A1", "Nguyễn Văn Hoà", "05/03/1962", "Nam", "079062000101", "79.P1.U1.B1", card="00000101"),
            row(
                "A2",
                unicodedata.normalize("NFD", "Lê Thị Lan"),
                "09/01/1965",
                "Nữ",
                "079165000102",
                "79.P1.U1.B2",
                card="00000102",
            ),
        ],
    )
    _import(ward1_unit, path, unit_staff)
    client.force_login(unit_staff)
    page = client.get(reverse("unit_queue", args=[ward1_unit.pk]) + "?rule=name_not_normalized").content
    page = page.decode()
    assert "Khác vị trí dấu thanh" in page
    assert "«<mark>Hoà</mark>» → «<mark>Hòa</mark>»" in page
    assert "Khác dạng mã Unicode" in page


def test_upload_messages_name_the_persons_file(client, ward1_unit, unit_staff):
    client.force_login(unit_staff)
    pdf = SimpleUploadedFile("Danh sách phường 1.csv", b"%PDF-1.4\n" + bytes(range(256)) * 8)
    page = client.post(reverse("unit_upload", args=[ward1_unit.pk]), {"file": pdf}, follow=True)
    body = page.content.decode()
    assert "Danh sách phường 1.csv" in body
    assert "không phải tệp CSV" in body
    assert "upload.csv" not in body
    assert not ImportBatch.objects.exists()


def test_the_merge_button_names_the_row_that_stays(client, ward1_unit, messy_file, unit_staff):
    batch = _import(ward1_unit, messy_file, unit_staff)
    pair = DuplicatePair.objects.get(batch=batch)
    client.force_login(unit_staff)
    page = client.get(reverse("unit_duplicates", args=[ward1_unit.pk])).content.decode()
    assert f"Gộp dòng {pair.b.row} vào dòng {pair.a.row}" in page
    response = client.post(
        reverse("pair_decide", args=[ward1_unit.pk, pair.pk]), {"action": "merge"}, follow=True
    )
    assert f"Đã gộp dòng {pair.b.row} vào dòng {pair.a.row}." in response.content.decode()


def test_the_responsible_person_is_chosen_from_a_list(client, campaign, tree, unit_staff):
    city_staff = factories.user("bantochuctp", role="unit_staff", at=tree.city)
    factories.user("ngoaipham", role="unit_staff", at=tree.ward2)  # in scope too (the city's subtree)
    factories.user("khongvaitro")
    client.force_login(city_staff)
    page = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert '<select name="username"' in page
    assert f'<option value="{unit_staff.username}"' in page
    assert '<option value="khongvaitro"' not in page


def test_a_name_in_a_legacy_font_is_offered_in_unicode(client, ward1_unit, tmp_path, unit_staff):
    path = write_members(
        tmp_path / "p.csv",
        [
            row("A1", "Nguyeãn Vaên An", "05/03/1962", "Nam", "079062000101", "79.P1.U1.B1", card="00000101"),
            row("A2", "Lª ThÞ Hång", "09/01/1965", "Nữ", "079165000102", "79.P1.U1.B2", card="00000102"),
            row(
                "A3", "Nguyeãn Văn Bình", "09/01/1966", "Nam", "079066000103", "79.P1.U1.B2", card="00000103"
            ),
        ],
    )
    batch = _import(ward1_unit, path, unit_staff)
    found = {f.record.row: f for f in batch.findings.filter(rule="name_legacy_font").select_related("record")}
    assert {r: (f.severity, f.suggestion, f.record.full_name) for r, f in found.items()} == {
        1: ("warning", "Nguyễn Văn An", "Nguyễn Văn An"),
        2: ("warning", "Lê Thị Hồng", "Lê Thị Hồng"),
        3: ("error", "", ""),  # partly retyped in Unicode: typed again from the paper file
    }
    assert found[1].original == "Nguyeãn Vaên An"  # the file's text is kept
    client.force_login(unit_staff)
    page = client.get(reverse("unit_queue", args=[ward1_unit.pk]) + "?rule=name_legacy_font").content.decode()
    assert "phông chữ cũ (VNI hoặc TCVN3)" in page
    assert "«<mark>Nguyeãn</mark>» → «<mark>Nguyễn</mark>»" in page
    assert page.count("Nhận đề xuất") == 2
    assert "<dd>:" not in page.replace(" ", "").replace("\n", "")  # no bare colon where no reason is named
