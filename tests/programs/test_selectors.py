"""Read queries of the cases: the 60-day expiry report lists exactly the permits in force that
expire soon, of open cases."""

import datetime as dt

import pytest
import time_machine

from programs import selectors
from programs.deadlines import Deadline
from programs.models import CaseStatus, RecordKind
from tests.programs.conftest import permit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2020, 7, 1)


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
        permit(active, hr_user, RecordKind.RESIDENCE_PERMIT, day(dt.timedelta(days=0))),
        permit(renewal, hr_user, RecordKind.WORK_PERMIT, day(dt.timedelta(days=30))),
        permit(active, hr_user, RecordKind.WORK_PERMIT, day(dt.timedelta(days=60))),
    ]
    # Not listed: too late, already expired, closed cases, not a permit, renewed.
    permit(renewal, hr_user, RecordKind.RESIDENCE_PERMIT, day(dt.timedelta(days=61)))
    permit(
        make_case(status=CaseStatus.ACTIVE),
        hr_user,
        RecordKind.RESIDENCE_PERMIT,
        day(dt.timedelta(days=-1)),
    )
    permit(ended, hr_user, RecordKind.RESIDENCE_PERMIT, day(dt.timedelta(days=10)))
    permit(withdrawn, hr_user, RecordKind.WORK_PERMIT, day(dt.timedelta(days=10)))
    permit(active, hr_user, RecordKind.VISA, day(dt.timedelta(days=5)), visa_type="Z")
    permit(renewed, hr_user, RecordKind.RESIDENCE_PERMIT, day(dt.timedelta(days=20)))
    permit(renewed, hr_user, RecordKind.RESIDENCE_PERMIT, day(dt.timedelta(days=700)))
    return expected


def test_report_lists_exactly_the_permits_expiring_within_60_days_of_open_cases(permits):
    with time_machine.travel(dt.datetime(2020, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        listed = list(selectors.expiring_permits(today=dt.date.today()))  # noqa: DTZ011
    assert [r.pk for r in listed] == [r.pk for r in permits]


# --- deadlines as HR reads them: derived once here, read by the pages and the API -------------

DAY = dt.date(2019, 9, 20)


@pytest.mark.parametrize(
    ("deadline", "expected"),
    [
        (Deadline("permit_card", DAY - dt.timedelta(days=1)), (True, False, False)),
        (Deadline("permit_card", DAY), (False, True, False)),
        (Deadline("permit_card", DAY + dt.timedelta(days=14)), (False, True, False)),
        (Deadline("permit_card", DAY + dt.timedelta(days=15)), (False, False, False)),
        (Deadline("permit_card", DAY - dt.timedelta(days=3), done=True), (False, False, False)),
        (
            Deadline("work_permit_renewal", DAY + dt.timedelta(days=50), opens_on=DAY),
            (False, False, True),
        ),
        (
            Deadline("work_permit_renewal", DAY + dt.timedelta(days=50), done=True, opens_on=DAY),
            (False, False, False),
        ),
    ],
)
def test_deadline_item_says_overdue_soon_or_window_open(deadline, expected):
    item = selectors.deadline_item(deadline, today=DAY)
    assert (item.overdue, item.soon, item.window_open) == expected
    assert item.label == str(selectors.DEADLINE_LABELS[deadline.key])


def test_case_row_is_overdue_once_a_deadline_passed(make_case):
    case = make_case(status=CaseStatus.ARRIVED, arrived_on=dt.date(2019, 9, 1))
    assert not selectors.case_row(case, today=dt.date(2019, 9, 2)).is_overdue
    late = selectors.case_row(case, today=dt.date(2019, 9, 3))  # registration was due on the 2nd
    assert late.is_overdue
    assert [d.key for d in late.overdue] == ["registration"]
