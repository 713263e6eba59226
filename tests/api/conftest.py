import datetime

import pytest

from tests.personas import *  # noqa: F403


@pytest.fixture
def city_staff(tree):
    from sotay.accounts.models import Role
    from tests import factories

    return factories.user("bantochuctp", role=Role.UNIT_STAFF, at=tree.city)


@pytest.fixture
def campaign(tree):
    """A campaign over the city: one unit per ward, deadlines from next week."""
    from sotay.campaign.actions.campaigns import create_campaign
    from sotay.campaign.models import StepKind

    start = datetime.date.today() + datetime.timedelta(days=7)
    deadlines = {kind: start + datetime.timedelta(days=i) for i, kind in enumerate(StepKind)}
    return create_campaign(
        root=tree.city, name="15 ngày đêm", deadlines=deadlines, by=None, check_permission=False
    )


@pytest.fixture(autouse=True)
def library_files_in_tmp(settings, tmp_path):
    """Library files (sotay/library, in MEDIA_ROOT) written by the API tests go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
