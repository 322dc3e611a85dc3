"""Demo cases: the two experts who joined from the September 2018 LinkedIn call, under CAS PIFI.

Everything goes through the services, so the history reads as HR would have recorded it. The
story is 2019's (offer in January, PIFI awarded in June, arrival on 1 September, joining on
2 September); the permits are then renewed up to the present, so that the demo shows a live
case (renewed, active) and one whose renewal window is open and due soon, whatever the date, with
a passport that must be replaced before the renewed residence permit can be issued.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypedDict

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from applications.demo import EXPERT_REF
from applications.models import Application, ApplicationStatus, JobOpening
from programs import services
from programs.models import (
    CaseStatus,
    DocumentStatus,
    ExpertCase,
    FundingStatus,
    LegalisationKind,
    Programme,
    RecordKind,
)


class ExpertSpec(TypedDict):
    category: str
    host_institute: str
    supervisor: str
    position: str
    date_of_birth: dt.date
    passport: str
    amount: Decimal
    months: int
    points: int
    degree: str
    renew_years: int
    current_expires_in_days: int
    passport_valid_days: int


# A permit's (issued on, valid from, valid to).
Permit = tuple[dt.date, dt.date, dt.date]

EXPERTS: list[ExpertSpec] = [
    {
        "category": "visiting-scientist",
        "host_institute": "Institute of Atmospheric Physics, CAS",
        "supervisor": "Prof. Wang Hui",
        "position": "Visiting Scientist, climate modelling",
        "date_of_birth": dt.date(1976, 4, 12),
        "passport": "X4418207",
        "amount": Decimal("360000.00"),
        "months": 12,
        "points": 88,  # category A
        "degree": LegalisationKind.VERIFICATION,
        # Renewed every two years; the current permits run well beyond the renewal window.
        "renew_years": 2,
        "current_expires_in_days": 420,
        # A passport that outlasts the stay: no passport deadline.
        "passport_valid_days": 3000,
    },
    {
        "category": "postdoctoral-researcher",
        "host_institute": "Institute of Geographic Sciences and Natural Resources Research, CAS",
        "supervisor": "Prof. Liu Yang",
        "position": "Postdoctoral Researcher, land-use change",
        "date_of_birth": dt.date(1988, 11, 3),
        "passport": "YB2093356",
        "amount": Decimal("240000.00"),
        "months": 24,
        "points": 72,  # category B
        "degree": LegalisationKind.APOSTILLE,
        # Renewed yearly; the current permits expire in 40 days: the window is open.
        "renew_years": 1,
        "current_expires_in_days": 40,
        # The renewed residence permit cannot outlast this passport: a new one is due in a week.
        "passport_valid_days": 190,
    },
]

JOINED = dt.date(2019, 9, 2)
ARRIVED = dt.date(2019, 9, 1)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _years_back(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _permit_chain(today: dt.date, spec: ExpertSpec) -> list[Permit]:
    """(issued, valid from, valid to) of each permit from 2019 to the current one."""
    current_to = today + dt.timedelta(days=spec["current_expires_in_days"])
    ends = [current_to]
    while True:
        earlier = _years_back(ends[-1], spec["renew_years"])
        if earlier < dt.date(2020, 6, 1):
            break
        ends.append(earlier)
    ends.reverse()
    chain = [(dt.date(2019, 9, 12), dt.date(2019, 9, 12), ends[0])]
    for previous_to, valid_to in zip(ends, ends[1:], strict=False):
        issued = previous_to - dt.timedelta(days=45)  # in the 90-to-30-day window
        chain.append((issued, previous_to + dt.timedelta(days=1), valid_to))
    return chain


def _passport_expiry(today: dt.date, spec: ExpertSpec) -> dt.date:
    return today + dt.timedelta(days=spec["passport_valid_days"])


def _documents(case: ExpertCase, hr: User, spec: ExpertSpec, today: dt.date) -> None:
    received = dt.date(2019, 6, 10)
    for document in case.documents.all():
        fields: dict[str, Any] = {"status": DocumentStatus.RECEIVED}
        if document.code == "degree":
            kind = spec["degree"]
            fields = {
                "status": DocumentStatus.VERIFIED
                if kind == LegalisationKind.VERIFICATION
                else DocumentStatus.LEGALISED,
                "legalisation_kind": kind,
                "issued_on": dt.date(2008 if spec["months"] == 12 else 2016, 6, 30),
            }
        elif document.code == "no-criminal-record":
            fields = {
                "status": DocumentStatus.LEGALISED,
                "legalisation_kind": LegalisationKind.CONSULAR,
                "issued_on": dt.date(2019, 5, 20),
                "expires_on": dt.date(2019, 11, 20),
            }
        elif document.code == "passport":
            fields["expires_on"] = _passport_expiry(today, spec)
        elif document.code == "medical":
            fields["issued_on"] = dt.date(2019, 5, 28)
        services.case_document_update(document=document, actor=hr, at=_at(received), **fields)


def _record(case: ExpertCase, hr: User, kind: str, day: dt.date, **fields) -> None:
    services.immigration_record_create(
        case=case, actor=hr, kind=kind, issued_on=day, at=_at(day, 15), **fields
    )


def _fund(case: ExpertCase, hr: User, pifi: Programme, spec: ExpertSpec, today: dt.date) -> None:
    category = pifi.categories.get(code=spec["category"])
    first = services.funding_application_create(
        case=case,
        actor=hr,
        programme=pifi,
        category=category,
        call_year=2019,
        amount=spec["amount"],
        currency="CNY",
        duration_months=spec["months"],
        at=_at(dt.date(2019, 2, 20)),
    )
    steps = [
        (FundingStatus.SUBMITTED, dt.date(2019, 3, 15)),
        (FundingStatus.UNDER_REVIEW, dt.date(2019, 4, 1)),
        (FundingStatus.AWARDED, dt.date(2019, 6, 20)),
        (FundingStatus.ACTIVE, JOINED),
    ]
    end = JOINED + dt.timedelta(days=round(spec["months"] * 30.44))
    if end < today:
        steps.append((FundingStatus.COMPLETED, end))
    for status, day in steps:
        services.funding_application_move(
            funding=first,
            actor=hr,
            to_status=status,
            submitted_on=dt.date(2019, 3, 15),
            decided_on=dt.date(2019, 6, 20) if status == FundingStatus.AWARDED else None,
            at=_at(day),
        )
    if spec["months"] == 12:
        # The visiting scientist stayed a second year: the first of PIFI's two continuations.
        second = services.funding_application_create(
            case=case,
            actor=hr,
            programme=pifi,
            category=category,
            call_year=2020,
            continuation_number=1,
            amount=spec["amount"],
            currency="CNY",
            duration_months=12,
            at=_at(dt.date(2020, 3, 2)),
        )
        for status, day in [
            (FundingStatus.SUBMITTED, dt.date(2020, 3, 20)),
            (FundingStatus.AWARDED, dt.date(2020, 6, 18)),
            (FundingStatus.ACTIVE, dt.date(2020, 9, 2)),
            (FundingStatus.COMPLETED, dt.date(2021, 9, 1)),
        ]:
            services.funding_application_move(
                funding=second,
                actor=hr,
                to_status=status,
                submitted_on=dt.date(2020, 3, 20),
                decided_on=dt.date(2020, 6, 18) if status == FundingStatus.AWARDED else None,
                at=_at(day),
            )


def _move(case: ExpertCase, hr: User, to: str, day: dt.date, reason: str = "") -> None:
    services.case_move(case=case, to_status=to, actor=hr, reason=reason, at=_at(day, 16))


def _to_arrival(case: ExpertCase, hr: User, spec: ExpertSpec, today: dt.date) -> None:
    """Funding awarded → documents and the notification letter → visa → entry on 1 September."""
    awarded = "PIFI awarded; online pre-check"
    _move(case, hr, CaseStatus.PERMIT_APPLYING, dt.date(2019, 6, 24), awarded)
    _documents(case, hr, spec, today)
    _record(
        case,
        hr,
        RecordKind.NOTIFICATION_LETTER,
        dt.date(2019, 7, 10),
        number=f"NL-2019-{case.pk:05d}",
        valid_from=dt.date(2019, 7, 10),
        valid_to=dt.date(2020, 1, 9),
    )
    _move(case, hr, CaseStatus.NOTICE_ISSUED, dt.date(2019, 7, 10))
    _record(
        case,
        hr,
        RecordKind.VISA,
        dt.date(2019, 7, 25),
        visa_type="R" if spec["points"] >= 85 else "Z",
        number=f"V{case.pk:08d}",
        valid_from=dt.date(2019, 7, 25),
        valid_to=dt.date(2019, 10, 24),
    )
    _move(case, hr, CaseStatus.VISA_ISSUED, dt.date(2019, 7, 25))
    _move(case, hr, CaseStatus.ARRIVED, ARRIVED, "Entered at Beijing Capital Airport")
    _record(case, hr, RecordKind.ACCOMMODATION_REGISTRATION, ARRIVED, number="Haidian PSB")
    services.case_update(case=case, actor=hr, actual_start=JOINED, at=_at(JOINED))


def _first_permits(case: ExpertCase, hr: User, spec: ExpertSpec, first: Permit) -> None:
    """The work permit card and the residence permit of September 2019; then active."""
    issued, valid_from, valid_to = first
    _record(
        case,
        hr,
        RecordKind.WORK_PERMIT,
        issued,
        number=f"WP{case.pk:010d}",
        permit_category="A" if spec["points"] >= 85 else "B",
        points=spec["points"],
        valid_from=valid_from,
        valid_to=valid_to,
    )
    _move(case, hr, CaseStatus.PERMIT_CARD_ISSUED, issued)
    _record(
        case,
        hr,
        RecordKind.RESIDENCE_PERMIT,
        dt.date(2019, 9, 25),
        number=f"RP{case.pk:08d}",
        valid_from=dt.date(2019, 9, 25),
        valid_to=valid_to,
    )
    _move(case, hr, CaseStatus.RESIDENCE_PERMIT_ISSUED, dt.date(2019, 9, 25))
    _move(case, hr, CaseStatus.ACTIVE, dt.date(2019, 9, 26))


def _renewals(case: ExpertCase, hr: User, spec: ExpertSpec, chain: list[Permit]) -> None:
    """Each renewal applied for in its window; the latest is the one in force today."""
    category = "A" if spec["points"] >= 85 else "B"
    for n, (issued, valid_from, valid_to) in enumerate(chain, start=1):
        window_opens = valid_from - dt.timedelta(days=90)
        _move(case, hr, CaseStatus.RENEWAL_DUE, window_opens, "Renewal window open")
        for kind, prefix in ((RecordKind.WORK_PERMIT, "WP"), (RecordKind.RESIDENCE_PERMIT, "RP")):
            _record(
                case,
                hr,
                kind,
                issued,
                number=f"{prefix}{case.pk:06d}-{n}",
                valid_from=valid_from,
                valid_to=valid_to,
                **({"permit_category": category} if kind == RecordKind.WORK_PERMIT else {}),
            )
        _move(case, hr, CaseStatus.ACTIVE, issued, "Work permit and residence permit renewed")


def _walk(case: ExpertCase, hr: User, spec: ExpertSpec, today: dt.date) -> None:
    """From funding to an active stay, with the evidence recorded before each move."""
    _to_arrival(case, hr, spec, today)
    chain = _permit_chain(today, spec)
    _first_permits(case, hr, spec, chain[0])
    _renewals(case, hr, spec, chain[1:])


def _renewal_pending(case: ExpertCase, hr: User, expires_on: dt.date) -> None:
    """The postdoc's current permits expire in 40 days: the renewal is open, one paper missing."""
    opened = expires_on - dt.timedelta(days=90)
    services.case_move(
        case=case,
        to_status=CaseStatus.RENEWAL_DUE,
        actor=hr,
        reason="Renewal window open",
        at=_at(opened, 9),
    )
    services.case_document_add(
        case=case,
        actor=hr,
        name="Host's confirmation of continued employment (renewal)",
        required=False,
        at=_at(opened, 9),
    )


def load(progress: Callable[[str], None] = print) -> bool:
    """The two accepted experts' cases, once; returns False when they are already there."""
    job = JobOpening.objects.filter(reference=EXPERT_REF).first()
    pifi = Programme.objects.filter(code="pifi").first()
    if job is None or pifi is None:
        progress("Foreign-expert cases: no expert call or no PIFI programme; skipped.")
        return False
    hired = list(
        Application.objects.filter(job=job, status=ApplicationStatus.HIRED)
        .select_related("candidate")
        .order_by("id")[: len(EXPERTS)]
    )
    if ExpertCase.objects.filter(application__in=hired, fundings__isnull=False).exists():
        progress("Foreign-expert cases already loaded; nothing to do.")
        return False
    hr = User.objects.get(username="hr")
    today = timezone.localdate()
    progress("Foreign-expert cases (CAS PIFI) …")
    with transaction.atomic():
        for application, spec in zip(hired, EXPERTS, strict=False):
            # Usually opened already by the workflow when the offer stage was reached.
            case = services.case_open(
                application=application, actor=hr, at=_at(dt.date(2019, 1, 21))
            )
            case = services.case_update(
                case=case,
                actor=hr,
                programme=pifi,
                category=pifi.categories.get(code=spec["category"]),
                host_institute=spec["host_institute"],
                supervisor=spec["supervisor"],
                position=spec["position"],
                date_of_birth=spec["date_of_birth"],
                passport_number=spec["passport"],
                passport_expiry=_passport_expiry(today, spec),
                planned_start=JOINED,
                planned_end=JOINED + dt.timedelta(days=round(spec["months"] * 30.44) - 1),
                at=_at(dt.date(2019, 1, 22)),
            )
            _fund(case, hr, pifi, spec, today)
            _walk(case, hr, spec, today)
            if spec["current_expires_in_days"] < 90:
                # The current permits (the last of `_permit_chain`) expire on this day.
                expires_on = today + dt.timedelta(days=spec["current_expires_in_days"])
                _renewal_pending(case, hr, expires_on)
            case.refresh_from_db()
            progress(
                f"  {application.candidate.full_name}: {spec['category']} at "
                f"{spec['host_institute']}, {case.get_status_display().lower()}"
            )
    return True
