"""Campaign pages for every persona: unit staff see their own unit only; a sibling unit gets 404."""

import pytest
from django.urls import reverse

from sotay.campaign.actions import imports
from sotay.campaign.models import DuplicatePair, Finding, ImportBatch

PERSONAS = ["member_user", "secretary", "unit_staff", "outsider", "editor", "sysadmin", "no_role"]


@pytest.fixture
def staged(ward1_unit, messy_file, unit_staff):
    return imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff
    ).batch


def _urls(campaign, ward1_unit, staged):
    finding = staged.findings.first()
    pair = DuplicatePair.objects.filter(batch=staged).first()
    unit = ward1_unit.pk
    return {
        "get": [
            ("campaign_detail", [campaign.pk]),
            ("campaign_export", [campaign.pk]),
            ("unit_home", [unit]),
            ("unit_queue", [unit]),
            ("unit_duplicates", [unit]),
            ("unit_reconciliation", [unit]),
        ],
        "post": [
            ("unit_upload", [unit]),
            ("unit_recheck", [unit]),
            ("unit_promote", [unit]),
            ("unit_reconcile", [unit]),
            ("queue_bulk_accept", [unit]),
            ("finding_decide", [unit, finding.pk]),
            ("pair_decide", [unit, pair.pk]),
            ("campaign_snapshot", [campaign.pk]),
            ("unit_responsible", [campaign.pk, unit]),
        ],
    }


# Ward-1 staff and the system administrator (city level) reach ward 1's workspace; nobody else does.
ALLOWED = {"unit_staff", "sysadmin"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_unit_pages_by_persona(client, request, persona, campaign, ward1_unit, staged):
    client.force_login(request.getfixturevalue(persona))
    urls = _urls(campaign, ward1_unit, staged)
    for name, args in urls["get"]:
        response = client.get(reverse(name, args=args))
        # Ward-2 staff see the campaign (ward 2 is one of its units), filtered to their own rows.
        allowed = ALLOWED | {"outsider"} if name.startswith("campaign_") else ALLOWED
        assert response.status_code == (200 if persona in allowed else 404), (name, persona)


@pytest.mark.parametrize("persona", ["member_user", "secretary", "outsider", "editor", "no_role"])
def test_posts_outside_scope_are_404_and_change_nothing(
    client, request, persona, campaign, ward1_unit, staged
):
    client.force_login(request.getfixturevalue(persona))
    states = list(Finding.objects.values_list("pk", "state"))
    for name, args in _urls(campaign, ward1_unit, staged)["post"]:
        response = client.post(reverse(name, args=args), {"action": "accept", "rule": "name_not_normalized"})
        assert response.status_code == 404, (name, persona)
    assert list(Finding.objects.values_list("pk", "state")) == states
    assert ImportBatch.objects.count() == 1


@pytest.mark.parametrize("name", ["unit_upload", "unit_recheck", "unit_promote", "queue_bulk_accept"])
def test_posts_need_post(client, unit_staff, ward1_unit, staged, name):
    client.force_login(unit_staff)
    assert client.get(reverse(name, args=[ward1_unit.pk])).status_code == 405


def test_anonymous_goes_to_login(client, campaign, ward1_unit, staged):
    for name, args in _urls(campaign, ward1_unit, staged)["get"]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_campaign_list_shows_only_campaigns_in_scope(client, outsider, unit_staff, campaign):
    client.force_login(unit_staff)
    assert campaign.name in client.get(reverse("campaign_list")).content.decode()
    client.force_login(outsider)  # ward 2 is a unit of the same campaign: outsider sees the campaign ...
    response = client.get(reverse("campaign_detail", args=[campaign.pk]))
    body = response.content.decode()
    assert "Đảng bộ phường Hai" in body
    assert "Đảng bộ phường Một" not in body  # ... but not ward 1's row


def test_upload_through_the_page(client, unit_staff, ward1_unit, messy_file):
    client.force_login(unit_staff)
    with messy_file.open("rb") as fh:
        response = client.post(reverse("unit_upload", args=[ward1_unit.pk]), {"file": fh}, follow=True)
    assert "Đã nhập 4 dòng" in response.content.decode()
    with messy_file.open("rb") as fh:
        response = client.post(reverse("unit_upload", args=[ward1_unit.pk]), {"file": fh}, follow=True)
    assert "không có gì thay đổi" in response.content.decode()
    assert ImportBatch.objects.count() == 1


def test_upload_of_a_bad_file_shows_a_vietnamese_error(client, unit_staff, ward1_unit, tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_text("hello")
    client.force_login(unit_staff)
    with bad.open("rb") as fh:
        response = client.post(reverse("unit_upload", args=[ward1_unit.pk]), {"file": fh}, follow=True)
    assert "Chỉ nhận tệp .csv" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_decide_a_finding_with_htmx_returns_the_fragment(client, unit_staff, ward1_unit, staged):
    finding = staged.findings.get(rule="cccd_gender_mismatch")
    client.force_login(unit_staff)
    response = client.post(
        reverse("finding_decide", args=[ward1_unit.pk, finding.pk]),
        {"action": "edit", "field": "gender", "value": "Nữ"},
        headers={"HX-Request": "true"},
    )
    # An edit is re-checked with the whole file (other rows may change): the page reloads with a message.
    assert response.status_code == 204
    assert response["HX-Refresh"] == "true"
    finding.refresh_from_db()
    assert finding.state == "edited"


def test_queue_page_query_count_is_bounded(
    client, unit_staff, ward1_unit, staged, django_assert_max_num_queries
):
    client.force_login(unit_staff)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("unit_queue", args=[ward1_unit.pk])).status_code == 200


def test_excel_export(client, unit_staff, campaign, staged):
    client.force_login(unit_staff)
    response = client.get(reverse("campaign_export", args=[campaign.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    ws = load_workbook(BytesIO(response.content)).active
    names = [ws.cell(row=r, column=3).value for r in range(3, ws.max_row + 1)]
    assert names == ["Đảng bộ phường Một"]


def test_progress_columns_line_up_with_their_headers(client, unit_staff, campaign, staged):
    from io import BytesIO

    from openpyxl import load_workbook

    client.force_login(unit_staff)
    ws = load_workbook(BytesIO(client.get(reverse("campaign_export", args=[campaign.pk])).content)).active
    header = [c.value for c in ws[2]]
    values = dict(zip(header, [c.value for c in ws[3]], strict=True))
    assert values["% đã lên Sổ tay"] == 0
    assert values["Tệp đã nhập"] == "p1.csv"


def test_queue_search_by_member_code_and_branch_names(client, unit_staff, ward1_unit, staged):
    client.force_login(unit_staff)
    url = reverse("unit_queue", args=[ward1_unit.pk])
    page = client.get(url, {"q": "a2", "state": "all"}).content.decode()
    assert "Lê Thị Lan" in page
    assert "Trần Văn Bốn" not in page
    assert "Chi bộ khu phố 2" in page  # the branch's name, not only its code
