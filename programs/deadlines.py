"""Deadlines of a foreign expert's case, derived from dates alone (no Django, no database).

The dates come from the rules of China's Foreigner's Work Permit (April 2017): the notification
letter is valid six months; after entry, accommodation registration within 24 hours, the work
permit card within 15 days and the residence permit within 30 days; a renewal is applied for
90 to 30 days before the permit expires.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

NOTICE_VALID_MONTHS = 6
REGISTRATION_DAYS = 1
PERMIT_CARD_DAYS = 15
RESIDENCE_PERMIT_DAYS = 30
RENEWAL_OPENS_DAYS = 90
RENEWAL_CLOSES_DAYS = 30

# The words are the caller's (translated) business; these are stable keys.
NOTICE_EXPIRY = "notice_expiry"
REGISTRATION = "registration"
PERMIT_CARD = "permit_card"
RESIDENCE_PERMIT = "residence_permit"
WORK_PERMIT_RENEWAL = "work_permit_renewal"
RESIDENCE_PERMIT_RENEWAL = "residence_permit_renewal"

# Record kinds and statuses as the models spell them (kept as plain strings here).
_NOTICE, _VISA, _REGISTRATION = "notification_letter", "visa", "accommodation_registration"
_WORK_PERMIT, _RESIDENCE_PERMIT = "work_permit", "residence_permit"
_ISSUED = "issued"
_CLOSED_CASE = ("ended", "withdrawn")


@dataclass(frozen=True)
class RecordFacts:
    kind: str
    status: str
    issued_on: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True)
class CaseFacts:
    status: str
    arrived_on: date | None = None
    records: tuple[RecordFacts, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Deadline:
    key: str
    due_on: date
    done: bool = False
    # For a renewal: the first day it may be applied for.
    opens_on: date | None = None
    # The permit or letter it is about, when it expires.
    expires_on: date | None = None

    def is_overdue(self, today: date) -> bool:
        return not self.done and self.due_on < today

    def is_due_within(self, today: date, days: int) -> bool:
        """Not done, not yet overdue, and due in the next `days` days (today included)."""
        return not self.done and today <= self.due_on <= today + timedelta(days=days)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clipped to the month's last day (31 Aug + 6 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _issued(records: Iterable[RecordFacts], kind: str) -> list[RecordFacts]:
    return [r for r in records if r.kind == kind and r.status == _ISSUED]


def _latest_expiry(records: list[RecordFacts]) -> date | None:
    """The last day of the record that expires last; None when none has a date."""
    return max((r.valid_to for r in records if r.valid_to is not None), default=None)


def case_deadlines(case: CaseFacts) -> list[Deadline]:
    """Every deadline of the case, done or not, in due-date order; none once it is closed."""
    if case.status in _CLOSED_CASE:
        return []
    records = case.records
    deadlines: list[Deadline] = []
    arrived = case.arrived_on
    notices = [(r, r.issued_on) for r in _issued(records, _NOTICE) if r.issued_on is not None]
    if notices:
        notice, issued_on = max(notices, key=lambda pair: pair[1])
        expires = notice.valid_to or add_months(issued_on, NOTICE_VALID_MONTHS)
        # The letter is used up by entering the country on the visa it served.
        deadlines.append(Deadline(NOTICE_EXPIRY, expires, done=arrived is not None))
    if arrived is not None:
        deadlines.append(
            Deadline(
                REGISTRATION,
                arrived + timedelta(days=REGISTRATION_DAYS),
                done=bool(_issued(records, _REGISTRATION)),
            )
        )
        deadlines.append(
            Deadline(
                PERMIT_CARD,
                arrived + timedelta(days=PERMIT_CARD_DAYS),
                done=bool(_issued(records, _WORK_PERMIT)),
            )
        )
        deadlines.append(
            Deadline(
                RESIDENCE_PERMIT,
                arrived + timedelta(days=RESIDENCE_PERMIT_DAYS),
                done=bool(_issued(records, _RESIDENCE_PERMIT)),
            )
        )
    # Renewal of the permit that expires last: an earlier one has been renewed by it.
    for key, kind in (
        (WORK_PERMIT_RENEWAL, _WORK_PERMIT),
        (RESIDENCE_PERMIT_RENEWAL, _RESIDENCE_PERMIT),
    ):
        valid_to = _latest_expiry(_issued(records, kind))
        if valid_to is not None:
            deadlines.append(
                Deadline(
                    key,
                    valid_to - timedelta(days=RENEWAL_CLOSES_DAYS),
                    opens_on=valid_to - timedelta(days=RENEWAL_OPENS_DAYS),
                    expires_on=valid_to,
                )
            )
    return sorted(deadlines, key=lambda d: (d.due_on, d.key))


def open_deadlines(case: CaseFacts, *, today: date, within_days: int) -> list[Deadline]:
    """What HR must act on: overdue, or due in the next `within_days` days."""
    return [
        d
        for d in case_deadlines(case)
        if d.is_overdue(today) or d.is_due_within(today, within_days)
    ]


def permit_category_for_points(points: int) -> str:
    """Category A from 85 points, B from 60, C below (Foreigner's Work Permit, 2017)."""
    if points >= 85:
        return "A"
    if points >= 60:
        return "B"
    return "C"
