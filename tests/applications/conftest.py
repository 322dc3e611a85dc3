"""Fixtures of the applications tests: private media in a temporary folder, a stored CV."""

import pytest

from tests.applications.cv_support import make_cv
from tests.factories import make_application


@pytest.fixture
def private_media(settings, tmp_path):
    """CV files go to a temporary folder, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cv(db, private_media):
    application = make_application()
    return make_cv(
        application,
        original_name='Lebenslauf Müller "final".pdf',
        degree="master",
        years="4.5",
        languages=("english", "french"),
        text="Field ecologist\nRemote sensing of grasslands",
    )
