"""Blind screening: whom a reviewer may not see yet, and the applicant as they may see them.

A blind job hides who applied (name, photo, e-mail, phone, age, gender, nationality) from a
reviewer while the application is still in screening and that reviewer has not passed or failed
it (a hold keeps it hidden). A nationality rule needs the nationality, so it stays shown then.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus, CVDocument, JobOpening, StageKind
from ats.actors import Actor, acting_user
from ats.roles import is_hr
from screening import blind, rules
from screening.models import Decision, ScreeningCriteria, ScreeningDecision, applicant_reference
from screening.selectors.criteria import criteria_from_job
from screening.selectors.decisions import DecisionSummary, decision_summary, latest_decisions

# Stages in which blind screening hides who the applicant is.
BLIND_STAGE_KINDS = (StageKind.APPLIED, StageKind.SCREENING)


def identity_hidden(
    application: Application,
    criteria: ScreeningCriteria,
    summary: DecisionSummary,
    user: Actor,
) -> bool:
    """Blind job, still screening, and this reviewer has not passed or failed it yet."""
    if not criteria.blind:
        return False
    if application.status != ApplicationStatus.ACTIVE:
        return False
    if application.stage.kind not in BLIND_STAGE_KINDS:
        return False
    own = summary.latest_of(user)
    return own is None or own.decision == Decision.HOLD


def nationality_shown(criteria: ScreeningCriteria, hidden: bool) -> bool:
    """A nationality rule needs the nationality even when the rest is hidden."""
    return not hidden or criteria.nationality_rule != rules.ANY_NATIONALITY


def masker_for(application: Application, cv: CVDocument | None) -> blind.Masker:
    candidate = application.candidate
    names = [candidate.full_name]
    phones = [candidate.phone]
    if cv is not None:
        parsed = cv.parsed or {}
        for name, target in (("name", names), ("phone", phones)):
            for source in (parsed.get(name) or {}, cv.corrections.get(name) or {}):
                if source.get("value"):
                    target.append(str(source["value"]))
    return blind.Masker(names=names, phones=phones)


def applicant_label(application: Application, hidden: bool) -> str:
    if hidden:
        return _("Applicant #%(ref)s") % {"ref": applicant_reference(application.pk)}
    return application.candidate.full_name


@dataclass(frozen=True)
class ScreenedApplicant:
    """Who applied, as one reviewer may see them: name, e-mail, phone and nationality are None
    while blind screening hides them; `mask` hides them in any text shown beside (None when
    nothing is hidden)."""

    application_id: int
    reference: str
    hidden: bool
    name: str | None
    email: str | None
    phone: str | None
    nationality: str | None
    mask: blind.Masker | None


def screened_applicant(application: Application, user: Actor) -> ScreenedApplicant:
    """From the application's criteria, decisions and CV as the API lists select them
    (`application__job__screening_criteria`, the decisions prefetched, `application__cv`)."""
    criteria = criteria_from_job(application.job)
    summary = decision_summary(application.screening_decisions.all())
    hidden = identity_hidden(application, criteria, summary, user)
    candidate = application.candidate
    shown = nationality_shown(criteria, hidden)
    return ScreenedApplicant(
        application_id=application.pk,
        reference=applicant_reference(application.pk),
        hidden=hidden,
        name=None if hidden else candidate.full_name,
        email=None if hidden else candidate.email,
        phone=None if hidden else candidate.phone,
        nationality=str(candidate.nationality or "") if shown else None,
        mask=masker_for(application, getattr(application, "cv", None)) if hidden else None,
    )


def identity_masked(user: Actor) -> Q | None:
    """`identity_hidden` as a condition on Application, for the pages and API of `applications`
    (registered as their identity mask): blind job, still screening, no pass or fail by this user.
    """
    if not is_hr(user):
        return None  # nothing of an application is shown to them anyway
    decided = latest_decisions().filter(
        application=OuterRef("pk"),
        reviewer=acting_user(user),
        decision__in=[Decision.PASS, Decision.FAIL],
    )
    return Q(
        job__screening_criteria__blind=True,
        status=ApplicationStatus.ACTIVE,
        stage__kind__in=BLIND_STAGE_KINDS,
    ) & ~Q(Exists(decided))


def blind_screening_in_use() -> Exists:
    """Some job is screened blind: without one, `identity_masked` hides nobody."""
    return Exists(ScreeningCriteria.objects.filter(blind=True))


@dataclass(frozen=True)
class DecidedRow:
    """A decision on the "Decided" page, and the applicant as this reader may name them."""

    decision: ScreeningDecision
    masked: bool
    label: str


def decision_history(job: JobOpening, user: Actor) -> QuerySet[ScreeningDecision]:
    """Every screening decision on the job's applications, newest first, for the "Decided" page
    (a page of them goes through `decided_rows`).

    `masked`: the applicant is hidden from this user (blind screening, still in screening, not
    yet decided by them), computed in the same query.
    """
    condition = identity_masked(user)
    masked = (
        Exists(Application.objects.filter(condition, pk=OuterRef("application")))
        if condition is not None
        else Value(False)
    )
    return (
        ScreeningDecision.objects.filter(application__job=job)
        .select_related("reviewer", "application__candidate", "application__stage")
        .order_by("-at", "-id")
        .annotate(masked=masked)
    )


def decided_rows(decisions: Iterable[ScreeningDecision]) -> list[DecidedRow]:
    """Decisions of `decision_history` as the page shows them, named as the reader may."""
    return [
        DecidedRow(d, bool(d.masked), applicant_label(d.application, bool(d.masked)))  # type: ignore[attr-defined]
        for d in decisions
    ]
