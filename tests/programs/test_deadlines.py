"""The pure deadline logic: dates only, no database."""

import datetime as dt

import pytest

from programs import deadlines
from programs.deadlines import CaseFacts, RecordFacts, add_months, case_deadlines

ARRIVED = dt.date(2019, 9, 1)


def _by_key(case: CaseFacts) -> dict[str, deadlines.Deadline]:
    return {d.key: d for d in case_deadlines(case)}


def test_arrival_creates_registration_permit_card_and_residence_permit_deadlines():
    found = _by_key(CaseFacts(status="arrived", arrived_on=ARRIVED))
    assert found[deadlines.REGISTRATION].due_on == dt.date(2019, 9, 2)
    assert found[deadlines.PERMIT_CARD].due_on == dt.date(2019, 9, 16)
    assert found[deadlines.RESIDENCE_PERMIT].due_on == dt.date(2019, 10, 1)


def test_no_arrival_no_arrival_deadlines():
    assert case_deadlines(CaseFacts(status="visa_issued")) == []


def test_day_31_without_residence_permit_is_overdue():
    residence = _by_key(CaseFacts(status="permit_card_issued", arrived_on=ARRIVED))[
        deadlines.RESIDENCE_PERMIT
    ]
    assert not residence.is_overdue(ARRIVED + dt.timedelta(days=30))
    assert residence.is_overdue(ARRIVED + dt.timedelta(days=31))


def test_issued_residence_permit_is_done_and_never_overdue():
    issued = RecordFacts("residence_permit", "issued", dt.date(2019, 9, 25), dt.date(2020, 9, 1))
    case = CaseFacts(status="residence_permit_issued", arrived_on=ARRIVED, records=(issued,))
    residence = _by_key(case)[deadlines.RESIDENCE_PERMIT]
    assert residence.done
    assert not residence.is_overdue(dt.date(2019, 12, 1))


def test_applied_permit_card_is_not_done():
    applied = RecordFacts("work_permit", "applied")
    case = CaseFacts(status="arrived", arrived_on=ARRIVED, records=(applied,))
    assert not _by_key(case)[deadlines.PERMIT_CARD].done


def test_notice_letter_expires_six_months_after_issue():
    notice = RecordFacts("notification_letter", "issued", dt.date(2019, 8, 31))
    found = _by_key(CaseFacts(status="notice_issued", records=(notice,)))
    assert found[deadlines.NOTICE_EXPIRY].due_on == dt.date(2020, 2, 29)


def test_notice_letter_is_used_up_by_arrival():
    notice = RecordFacts("notification_letter", "issued", dt.date(2019, 7, 10))
    case = CaseFacts(status="arrived", arrived_on=ARRIVED, records=(notice,))
    assert _by_key(case)[deadlines.NOTICE_EXPIRY].done


def test_renewal_window_runs_from_90_to_30_days_before_expiry():
    permit = RecordFacts("residence_permit", "issued", dt.date(2019, 9, 25), dt.date(2020, 9, 1))
    renewal = _by_key(CaseFacts(status="active", arrived_on=ARRIVED, records=(permit,)))[
        deadlines.RESIDENCE_PERMIT_RENEWAL
    ]
    assert renewal.opens_on == dt.date(2020, 6, 3)
    assert renewal.due_on == dt.date(2020, 8, 2)
    assert renewal.expires_on == dt.date(2020, 9, 1)


def test_renewal_follows_the_permit_that_expires_last():
    old = RecordFacts("work_permit", "issued", dt.date(2019, 9, 12), dt.date(2020, 9, 1))
    new = RecordFacts("work_permit", "issued", dt.date(2020, 7, 20), dt.date(2022, 9, 1))
    found = _by_key(CaseFacts(status="active", arrived_on=ARRIVED, records=(old, new)))
    assert found[deadlines.WORK_PERMIT_RENEWAL].expires_on == dt.date(2022, 9, 1)


@pytest.mark.parametrize("status", ["ended", "withdrawn"])
def test_closed_case_has_no_deadlines(status):
    assert case_deadlines(CaseFacts(status=status, arrived_on=ARRIVED)) == []


def test_due_within_counts_today_and_the_last_day_only():
    deadline = deadlines.Deadline("permit_card", dt.date(2019, 9, 16))
    assert deadline.is_due_within(dt.date(2019, 9, 2), 14)
    assert not deadline.is_due_within(dt.date(2019, 9, 1), 14)
    assert deadline.is_due_within(dt.date(2019, 9, 16), 14)
    assert not deadline.is_due_within(dt.date(2019, 9, 17), 14)


@pytest.mark.parametrize(
    ("points", "category"), [(100, "A"), (85, "A"), (84, "B"), (60, "B"), (59, "C"), (0, "C")]
)
def test_permit_category_for_points(points, category):
    assert deadlines.permit_category_for_points(points) == category


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2019, 7, 10), 6, dt.date(2020, 1, 10)),
        (dt.date(2019, 8, 31), 6, dt.date(2020, 2, 29)),
        (dt.date(2019, 12, 31), 2, dt.date(2020, 2, 29)),
    ],
)
def test_add_months_clips_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


# --- the passport: it must outlast the stay that the permits are for --------------------------

PASSPORT = dt.date(2020, 5, 1)


def test_passport_expiring_before_the_residence_permit_is_due_six_months_ahead():
    permit = RecordFacts("residence_permit", "issued", dt.date(2019, 9, 25), dt.date(2020, 9, 1))
    case = CaseFacts(
        status="active", arrived_on=ARRIVED, records=(permit,), passport_expiry=PASSPORT
    )
    passport = _by_key(case)[deadlines.PASSPORT_RENEWAL]
    assert (passport.due_on, passport.expires_on, passport.done) == (
        dt.date(2019, 11, 1),
        PASSPORT,
        False,
    )


def test_passport_expiring_before_the_planned_end_of_the_contract():
    case = CaseFacts(
        status="visa_issued", passport_expiry=PASSPORT, planned_end=dt.date(2020, 8, 31)
    )
    assert _by_key(case)[deadlines.PASSPORT_RENEWAL].due_on == dt.date(2019, 11, 1)


def test_passport_outliving_the_stay_has_no_deadline():
    permit = RecordFacts("work_permit", "issued", dt.date(2019, 9, 12), dt.date(2020, 4, 30))
    case = CaseFacts(
        status="active",
        arrived_on=ARRIVED,
        records=(permit,),
        passport_expiry=PASSPORT,
        planned_end=dt.date(2020, 3, 31),
    )
    assert deadlines.PASSPORT_RENEWAL not in _by_key(case)


def test_the_actual_end_of_the_contract_replaces_the_planned_one():
    case = CaseFacts(
        status="active",
        passport_expiry=PASSPORT,
        planned_end=dt.date(2021, 1, 1),
        actual_end=dt.date(2020, 4, 1),
    )
    assert deadlines.PASSPORT_RENEWAL not in _by_key(case)


def test_an_applied_for_permit_does_not_yet_need_the_passport():
    applied = RecordFacts("residence_permit", "applied", valid_to=dt.date(2021, 1, 1))
    case = CaseFacts(
        status="arrived",
        arrived_on=ARRIVED,
        records=(applied,),
        passport_expiry=PASSPORT,
        planned_end=dt.date(2020, 3, 31),
    )
    assert deadlines.PASSPORT_RENEWAL not in _by_key(case)


def test_passport_counts_while_the_stay_has_no_known_end():
    case = CaseFacts(status="funding_pending", passport_expiry=PASSPORT)
    assert deadlines.PASSPORT_RENEWAL in _by_key(case)


def test_passport_counts_while_a_renewal_is_due():
    # The renewed permits will run past the present ones, which the passport outlasts.
    permit = RecordFacts("residence_permit", "issued", dt.date(2019, 9, 25), dt.date(2020, 4, 1))
    case = CaseFacts(
        status="renewal_due", arrived_on=ARRIVED, records=(permit,), passport_expiry=PASSPORT
    )
    assert deadlines.PASSPORT_RENEWAL in _by_key(case)


def test_no_passport_expiry_no_passport_deadline():
    assert deadlines.PASSPORT_RENEWAL not in _by_key(CaseFacts(status="funding_pending"))


def test_a_closed_case_needs_no_passport():
    assert case_deadlines(CaseFacts(status="ended", passport_expiry=PASSPORT)) == []
