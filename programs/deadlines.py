"""Deadlines of a foreign expert's case, derived from dates alone (no Django, no database).

The dates come from the rules of China's Foreigner's Work Permit (April 2017): the notification
letter is valid six months; after entry, accommodation registration within 24 hours, the work
permit card within 15 days and the residence permit within 30 days; a renewal is applied for
90 to 30 days before the permit expires.

The passport: China issues no visa on a passport with less than six months' validity left, and
no work or residence permit that runs beyond the passport's expiry. So a passport that expires
while the stay goes on blocks its next step. The stay is known to go on until the later of the
contract's end (the actual end once recorded, else the planned end) and the expiry of the last
issued work or residence permit; it has no end in sight while neither is recorded, or while a
renewal is due (the renewed permits will run past the present ones). A passport that expires
before the stay's end (or with no end in sight) must be replaced, at the latest six months before
it expires: that is the day its deadline is due. A passport that outlasts the stay has none, and
recording the new passport's expiry moves or ends the deadline.
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
PASSPORT_LEAD_MONTHS = 6

# The words are the caller's (translated) business; these are stable keys.
NOTICE_EXPIRY = "notice_expiry"
REGISTRATION = "registration"
PERMIT_CARD = "permit_card"
RESIDENCE_PERMIT = "residence_permit"
WORK_PERMIT_RENEWAL = "work_permit_renewal"
RESIDENCE_PERMIT_RENEWAL = "residence_permit_renewal"
PASSPORT_RENEWAL = "passport_renewal"

# Record kinds and statuses as the models spell them (kept as plain strings here).
_NOTICE, _VISA, _REGISTRATION = "notification_letter", "visa", "accommodation_registration"
_WORK_PERMIT, _RESIDENCE_PERMIT = "work_permit", "residence_permit"
_ISSUED = "issued"
_CLOSED_CASE = ("ended", "withdrawn")
_RENEWAL_DUE = "renewal_due"
# The permits whose validity the passport must cover.
PERMIT_KINDS = (_WORK_PERMIT, _RESIDENCE_PERMIT)


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
    passport_expiry: date | None = None
    planned_end: date | None = None
    actual_end: date | None = None


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


def stay_ends_on(
    *,
    status: str,
    planned_end: date | None,
    actual_end: date | None,
    permit_ends: Iterable[date | None],
) -> date | None:
    """The last day the stay is known to need the passport for (see the module's docstring);
    None when it has no end in sight. `permit_ends`: the issued work and residence permits'."""
    if status == _RENEWAL_DUE:
        return None
    ends = [d for d in (actual_end or planned_end, *permit_ends) if d is not None]
    return max(ends, default=None)


def passport_renewal(passport_expiry: date | None, *, stay_ends_on: date | None) -> Deadline | None:
    """The new passport's deadline, when the passport expires before the stay's end (or the
    stay has no end in sight); None when no expiry is recorded or the passport outlasts it."""
    if passport_expiry is None:
        return None
    if stay_ends_on is not None and passport_expiry >= stay_ends_on:
        return None
    return Deadline(
        PASSPORT_RENEWAL,
        add_months(passport_expiry, -PASSPORT_LEAD_MONTHS),
        expires_on=passport_expiry,
    )


def _passport(case: CaseFacts) -> Deadline | None:
    permits = [r for kind in PERMIT_KINDS for r in _issued(case.records, kind)]
    end = stay_ends_on(
        status=case.status,
        planned_end=case.planned_end,
        actual_end=case.actual_end,
        permit_ends=[r.valid_to for r in permits],
    )
    return passport_renewal(case.passport_expiry, stay_ends_on=end)


def _notice(case: CaseFacts) -> Deadline | None:
    notices = [(r, r.issued_on) for r in _issued(case.records, _NOTICE) if r.issued_on is not None]
    if not notices:
        return None
    notice, issued_on = max(notices, key=lambda pair: pair[1])
    expires = notice.valid_to or add_months(issued_on, NOTICE_VALID_MONTHS)
    # The letter is used up by entering the country on the visa it served.
    return Deadline(NOTICE_EXPIRY, expires, done=case.arrived_on is not None)


def _after_entry(case: CaseFacts) -> list[Deadline]:
    """The 24-hour, 15-day and 30-day clocks that start on the day of entry."""
    arrived = case.arrived_on
    if arrived is None:
        return []
    return [
        Deadline(key, arrived + timedelta(days=days), done=bool(_issued(case.records, kind)))
        for key, days, kind in (
            (REGISTRATION, REGISTRATION_DAYS, _REGISTRATION),
            (PERMIT_CARD, PERMIT_CARD_DAYS, _WORK_PERMIT),
            (RESIDENCE_PERMIT, RESIDENCE_PERMIT_DAYS, _RESIDENCE_PERMIT),
        )
    ]


def _renewals(case: CaseFacts) -> list[Deadline]:
    """The renewal of the permit that expires last: an earlier one has been renewed by it."""
    deadlines = []
    for key, kind in (
        (WORK_PERMIT_RENEWAL, _WORK_PERMIT),
        (RESIDENCE_PERMIT_RENEWAL, _RESIDENCE_PERMIT),
    ):
        valid_to = _latest_expiry(_issued(case.records, kind))
        if valid_to is not None:
            deadlines.append(
                Deadline(
                    key,
                    valid_to - timedelta(days=RENEWAL_CLOSES_DAYS),
                    opens_on=valid_to - timedelta(days=RENEWAL_OPENS_DAYS),
                    expires_on=valid_to,
                )
            )
    return deadlines


def case_deadlines(case: CaseFacts) -> list[Deadline]:
    """Every deadline of the case, done or not, in due-date order; none once it is closed."""
    if case.status in _CLOSED_CASE:
        return []
    single = [d for d in (_notice(case), _passport(case)) if d is not None]
    deadlines = [*single, *_after_entry(case), *_renewals(case)]
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
