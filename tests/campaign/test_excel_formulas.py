"""The campaign's Excel export writes names as text, never as formulas (OWASP CSV injection)."""

import datetime
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from sotay.campaign.actions import imports
from sotay.campaign.actions.campaigns import create_campaign
from sotay.campaign.models import StepKind

TODAY = datetime.date.today()
EVIL = "=cmd|' /C calc'!A0"


def test_campaign_export_writes_no_formula(client, tree, unit_staff, messy_file, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    deadlines = {kind: TODAY + datetime.timedelta(days=5 + i) for i, kind in enumerate(StepKind)}
    campaign = create_campaign(
        root=tree.city, name=EVIL, deadlines=deadlines, by=unit_staff, check_permission=False
    )
    unit = campaign.units.get(org=tree.ward1)
    imports.import_file(unit=unit, source=messy_file, original_name="=HYPERLINK(1).csv", by=unit_staff)
    client.force_login(unit_staff)
    response = client.get(reverse("campaign_export", args=[campaign.pk]))
    ws = load_workbook(BytesIO(response.content)).active
    cells = [cell for row in ws.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert ws["A1"].value.startswith("'" + EVIL)
    assert "'=HYPERLINK(1).csv" in [c.value for c in cells]
