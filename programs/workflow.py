"""The case workflow: which applications open a case, which moves are allowed, and the evidence
each move needs."""

from collections.abc import Callable
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from applications.models import Application, ApplicationStatus, StageKind
from programs.models import (
    GRANTED_FUNDING_STATUSES,
    CaseStatus,
    ExpertCase,
    RecordKind,
    RecordStatus,
)

S = CaseStatus

# A case opens for an application that reached the offer (or the joined) stage and is still in
# the running or has joined: the accepted expert. Rejected and withdrawn applications open none.
OPENS_AT_STAGE_KINDS = (StageKind.OFFER, StageKind.HIRED)
OPENS_FOR_STATUSES = (ApplicationStatus.ACTIVE, ApplicationStatus.HIRED)


def opens_case(application: Application) -> bool:
    """Whether the application is an accepted expert's, whose case may be opened."""
    return (
        application.stage.kind in OPENS_AT_STAGE_KINDS and application.status in OPENS_FOR_STATUSES
    )


# Allowed moves, from each status. Before arrival a case may be withdrawn; after it, it ends.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    # Waiting for the funding decision (or none is needed): next, the work-permit pre-check.
    S.FUNDING_PENDING: (S.PERMIT_APPLYING, S.WITHDRAWN),
    # Online pre-check and application; the Notification Letter of Work Permit comes next.
    S.PERMIT_APPLYING: (S.NOTICE_ISSUED, S.WITHDRAWN),
    # With the letter (valid six months) the expert applies for a Z (or R) visa at a consulate.
    S.NOTICE_ISSUED: (S.VISA_ISSUED, S.WITHDRAWN),
    # The expert enters the country on the visa: the 24-hour, 15- and 30-day clocks start.
    S.VISA_ISSUED: (S.ARRIVED, S.WITHDRAWN),
    # Within 15 days of entry: the work permit card.
    S.ARRIVED: (S.PERMIT_CARD_ISSUED, S.ENDED),
    # Within 30 days of entry: the residence permit.
    S.PERMIT_CARD_ISSUED: (S.RESIDENCE_PERMIT_ISSUED, S.ENDED),
    # Everything in place: the expert works.
    S.RESIDENCE_PERMIT_ISSUED: (S.ACTIVE, S.ENDED),
    # 90 to 30 days before a permit expires its renewal is due; or the stay ends.
    S.ACTIVE: (S.RENEWAL_DUE, S.ENDED),
    # Renewed: back to active; not renewed: the stay ends.
    S.RENEWAL_DUE: (S.ACTIVE, S.ENDED),
    # Terminal.
    S.ENDED: (),
    S.WITHDRAWN: (),
}

# Leaving these statuses for good needs a reason in the audit trail.
REASON_REQUIRED = (S.WITHDRAWN, S.ENDED)


def allowed_moves(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def _has_record(case: ExpertCase, kind: str) -> bool:
    return case.records.filter(kind=kind, status=RecordStatus.ISSUED).exists()


# A renewal is applied for from 90 days before expiry: a permit past that point is not renewed.
RENEWED_BEYOND_DAYS = 90


def _residence_permit_in_force(case: ExpertCase, on: date) -> str | None:
    if case.status == S.RENEWAL_DUE:
        # Back to active only on the renewed permit, not on the one that fell due.
        renewed = case.records.filter(
            kind=RecordKind.RESIDENCE_PERMIT,
            status=RecordStatus.ISSUED,
            valid_to__gt=on + timedelta(days=RENEWED_BEYOND_DAYS),
        )
        return None if renewed.exists() else _("no renewed residence permit recorded")
    if not _has_record(case, RecordKind.RESIDENCE_PERMIT):
        return _("no issued residence permit recorded")
    return None


def _funding_decided(case: ExpertCase, on: date) -> str | None:
    # A case without a programme is funded otherwise (e.g. the host's own budget).
    if case.programme_id is None:
        return None
    if case.fundings.filter(status__in=GRANTED_FUNDING_STATUSES).exists():
        return None
    return _("no awarded funding application")


def _documents_ready(case: ExpertCase, on: date) -> str | None:
    problems = []
    for document in case.documents.filter(required=True).order_by("position", "id"):
        if not document.is_ready:
            if document.status == "missing":
                state = _("missing")
            elif document.status == "rejected":
                state = pgettext("document", "rejected")
            elif document.authentication == "legalised":
                state = _("not yet legalised")
            else:
                state = _("not yet legalised or verified")
            problems.append(f"{document.name} ({state})")
    if problems:
        return _("required documents not ready: %(list)s") % {"list": "; ".join(problems)}
    return None


Check = Callable[[ExpertCase, date], str | None]


def _record(kind: str, missing: Callable[[], str]) -> Check:
    def check(case: ExpertCase, on: date) -> str | None:
        return None if _has_record(case, kind) else missing()

    return check


# The evidence a move needs: each check returns None, or what is missing in a few words.
EVIDENCE: dict[str, tuple[Check, ...]] = {
    S.PERMIT_APPLYING: (_funding_decided,),
    S.NOTICE_ISSUED: (
        _documents_ready,
        _record(RecordKind.NOTIFICATION_LETTER, lambda: _("no notification letter recorded")),
    ),
    S.VISA_ISSUED: (_record(RecordKind.VISA, lambda: _("no issued visa recorded")),),
    S.ARRIVED: (_record(RecordKind.VISA, lambda: _("no issued visa recorded")),),
    S.PERMIT_CARD_ISSUED: (
        _record(RecordKind.WORK_PERMIT, lambda: _("no issued work permit card recorded")),
    ),
    S.RESIDENCE_PERMIT_ISSUED: (
        _record(RecordKind.RESIDENCE_PERMIT, lambda: _("no issued residence permit recorded")),
    ),
    S.ACTIVE: (_residence_permit_in_force,),
}


def missing_evidence(case: ExpertCase, to_status: str, *, on: date) -> list[str]:
    """What keeps the case from moving to `to_status` on the day `on`; empty when nothing."""
    return [problem for check in EVIDENCE.get(to_status, ()) if (problem := check(case, on))]
