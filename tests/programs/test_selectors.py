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


# --- the passports in the expiry report ------------------------------------------------------


@pytest.fixture
def passports(make_case, hr_user):
    """Passports around the 60-day horizon; the report must list exactly `expected`, after
    the permits that expire on the same day."""
    day = TODAY.__add__
    # Needed: no known end of the stay, or a permit (or the contract) that runs longer.
    unbounded = make_case(status=CaseStatus.VISA_ISSUED, passport_expiry=day(dt.timedelta(10)))
    longer_permit = make_case(status=CaseStatus.ACTIVE, passport_expiry=day(dt.timedelta(60)))
    permit(longer_permit, hr_user, RecordKind.RESIDENCE_PERMIT, day(dt.timedelta(400)))
    longer_contract = make_case(
        status=CaseStatus.ACTIVE,
        passport_expiry=day(dt.timedelta(0)),
        planned_start=dt.date(2019, 9, 2),
        planned_end=day(dt.timedelta(100)),
    )
    # Not listed: the stay ends first, too late, already expired, a closed case.
    shorter = make_case(
        status=CaseStatus.ACTIVE,
        passport_expiry=day(dt.timedelta(20)),
        planned_start=dt.date(2019, 9, 2),
        planned_end=day(dt.timedelta(5)),
    )
    permit(shorter, hr_user, RecordKind.WORK_PERMIT, day(dt.timedelta(5)))
    make_case(status=CaseStatus.VISA_ISSUED, passport_expiry=day(dt.timedelta(61)))
    make_case(status=CaseStatus.VISA_ISSUED, passport_expiry=day(dt.timedelta(-1)))
    make_case(status=CaseStatus.WITHDRAWN, passport_expiry=day(dt.timedelta(10)))
    return [longer_contract, unbounded, longer_permit]


def test_report_lists_the_passports_that_expire_before_the_stay_ends(passports):
    items = [i for i in selectors.expiring(today=TODAY) if i.kind == "passport"]
    assert [i.case.pk for i in items] == [c.pk for c in passports]
    assert [i.days_left for i in items] == [0, 10, 60]
    assert {(i.kind_label, i.record_id) for i in items} == {("Passport", None)}


def test_report_puts_passports_among_the_permits_by_date(make_case, hr_user):
    case = make_case(status=CaseStatus.ACTIVE, passport_expiry=TODAY + dt.timedelta(30))
    permit(case, hr_user, RecordKind.WORK_PERMIT, TODAY + dt.timedelta(20))
    permit(case, hr_user, RecordKind.RESIDENCE_PERMIT, TODAY + dt.timedelta(40))
    items = selectors.expiring(today=TODAY)
    assert [i.kind for i in items] == ["work_permit", "passport", "residence_permit"]


def test_the_passport_is_among_the_case_deadlines(make_case):
    case = make_case(status=CaseStatus.VISA_ISSUED, passport_expiry=dt.date(2020, 3, 25))
    row = selectors.case_row(case, today=dt.date(2019, 9, 20))
    assert [(i.deadline.key, i.deadline.due_on, i.soon) for i in row.items] == [
        ("passport_renewal", dt.date(2019, 9, 25), True)
    ]
    assert row.next_due_label == "New passport (six months before the passport expires)"
