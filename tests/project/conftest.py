from tests.personas import *  # noqa: F403

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def meeting_files_in_tmp(settings, tmp_path):
    """The matrix attaches a meeting document: it goes to a temporary folder, not the data folder."""
    settings.SOTAY_MEETING_FILES_DIR = tmp_path / "meeting-files"
