"""The 60-day expiry report lists exactly the permits in force that expire soon, of open cases."""

import datetime as dt

import pytest
import time_machine

from programs import selectors, services
from programs.models import CaseStatus, RecordKind

pytestmark = pytest.mark.django_db

TODAY = dt.date(2020, 7, 1)


def _permit(case, hr, kind, valid_to, **kw):
    return services.immigration_record_create(
        case=case,
        actor=hr,
        kind=kind,
        issued_on=dt.date(2019, 9, 12),
        valid_from=dt.date(2019, 9, 12),
        valid_to=valid_to,
        **kw,
    )


@pytest.fixture
def permits(make_case, hr_user):
    """Named permits around the 60-day horizon; the report must list exactly `expected`."""
    day = TODAY.__add__
    active = make_case(status=CaseStatus.ACTIVE)
    renewal = make_case(status=CaseStatus.RENEWAL_DUE)
    ended = make_case(status=CaseStatus.ENDED)
    withdrawn = make_case(status=CaseStatus.WITHDRAWN)
    renewed = make_case(status=CaseStatus.ACTIVE)
    expected = [
        _permit(active, hr_user, RecordKind.RESIDENCE_PERMIT, day(dt.timedelta(days=0))),
        _permit(renewal, hr_user, RecordKind.WORK_PERMIT, day(dt.timedelta(days=30))),
        _permit(active, hr_user, RecordKind.WORK_PERMIT, day(dt.timedelta(days=60))),
    ]
    # Not listed: too late, already expired, closed cases, not a permit, renewed.
    _permit(renewal, hr_user, RecordKind.RESIDENCE_PERMIT, day(dt.timedelta(days=61)))
    _permit(
        make_case(status=CaseStatus.ACTIVE),
        hr_user,
        RecordKind.RESIDENCE_PERMIT,
        day(dt.timedelta(days=-1)),
    )
    _permit(ended, hr_user, RecordKind.RESIDENCE_PERMIT, day(dt.timedelta(days=10)))
    _permit(withdrawn, hr_user, RecordKind.WORK_PERMIT, day(dt.timedelta(days=10)))
    _permit(active, hr_user, RecordKind.VISA, day(dt.timedelta(days=5)), visa_type="Z")
    _permit(renewed, hr_user, RecordKind.RESIDENCE_PERMIT, day(dt.timedelta(days=20)))
    _permit(renewed, hr_user, RecordKind.RESIDENCE_PERMIT, day(dt.timedelta(days=700)))
    return expected


def test_report_lists_exactly_the_permits_expiring_within_60_days_of_open_cases(permits):
    with time_machine.travel(dt.datetime(2020, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        listed = list(selectors.expiring_permits(today=dt.date.today()))  # noqa: DTZ011
    assert [r.pk for r in listed] == [r.pk for r in permits]


def test_renewal_supersedes_the_older_permit(make_case, hr_user):
    case = make_case(status=CaseStatus.ACTIVE)
    old = _permit(case, hr_user, RecordKind.RESIDENCE_PERMIT, dt.date(2020, 9, 1))
    _permit(case, hr_user, RecordKind.RESIDENCE_PERMIT, dt.date(2022, 9, 1))
    old.refresh_from_db()
    assert old.status == "superseded"
