"""Immigration records: a renewal supersedes the older permit of its kind."""

import datetime as dt

import pytest

from programs.models import CaseStatus, RecordKind
from tests.programs.conftest import permit

pytestmark = pytest.mark.django_db


def test_renewal_supersedes_the_older_permit(make_case, hr_user):
    case = make_case(status=CaseStatus.ACTIVE)
    old = permit(case, hr_user, RecordKind.RESIDENCE_PERMIT, dt.date(2020, 9, 1))
    permit(case, hr_user, RecordKind.RESIDENCE_PERMIT, dt.date(2022, 9, 1))
    old.refresh_from_db()
    assert old.status == "superseded"
