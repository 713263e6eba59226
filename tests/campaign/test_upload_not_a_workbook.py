"""The web upload of a file named as a workbook that is not one: one Vietnamese message, nothing stored."""

import pytest
from django.urls import reverse

from sotay.campaign.models import ImportBatch
from tests.pipeline.test_not_a_workbook import CASES, NOT_A_WORKBOOK_VI, hostile_file


@pytest.mark.parametrize("name", sorted(CASES))
def test_upload_of_a_file_that_is_not_a_workbook(client, unit_staff, ward1_unit, tmp_path, name):
    client.force_login(unit_staff)
    with hostile_file(tmp_path, name).open("rb") as fh:
        response = client.post(reverse("unit_upload", args=[ward1_unit.pk]), {"file": fh}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert NOT_A_WORKBOOK_VI in page
    assert "Thiếu cột" not in page
    assert not ImportBatch.objects.exists()
