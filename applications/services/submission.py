"""Online applications: the submission checked whole, then written whole; status links."""

import copy
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries.fields import CountryField

from applications import events, selectors, workflow
from applications.models import (
    Application,
    Candidate,
    Channel,
    ConsentRecord,
    JobOpening,
    Submission,
    normalise_email,
)
from applications.services.candidates import candidate_flag_duplicates, candidate_survivor
from applications.services.cvs import cv_attach, cv_upload_errors
from applications.services.notifications import status_link_queue
from applications.services.questions import answers_check
from ats.actors import CAREERS_SITE, Actor, ApplicantActor
from ats.errors import DomainError, InvalidInput, field_errors
from ats.locks import advisory_locks
from messaging.services import language_of

APPLICANT_FIELDS = ["full_name", "email", "phone", "nationality", "country_of_residence"]


@transaction.atomic
def application_create(
    *,
    actor: Actor,
    candidate: Candidate,
    job: JobOpening,
    source: Channel,
    answers: dict[str, Any] | None = None,
    submitted_at: datetime | None = None,
    language: str = "en",
) -> Application:
    """Enter an application into the first stage of its job and record the submission event;
    `language` is the one the applicant applied in (their messages are written in it).

    Side effects: the domain event "application.created" (webhook deliveries).
    """
    if Application.objects.filter(candidate=candidate, job=job).exists():
        raise DomainError(
            _("%(name)s has already applied to %(job)s.")
            % {"name": candidate.full_name, "job": job.reference},
            code="duplicate_application",
        )
    return _application_enter(
        actor=actor,
        candidate=candidate,
        job=job,
        source=source,
        answers=answers or {},
        submitted_at=submitted_at or timezone.now(),
        language=language,
    )


def _application_enter(
    *,
    actor: Actor,
    candidate: Candidate,
    job: JobOpening,
    source: Channel,
    answers: dict[str, Any],
    submitted_at: datetime,
    language: str,
) -> Application:
    """The rows of a new application, in the caller's transaction, once the caller has made
    sure that the candidate has not applied to the job."""
    first_stage = job.stages.order_by("position").first()
    if first_stage is None:
        raise DomainError(_("This job has no pipeline stages."))
    application = Application.objects.create(
        candidate=candidate,
        job=job,
        source=source,
        stage=first_stage,
        furthest_position=first_stage.position,
        answers=answers,
        language=language,
        submitted_at=submitted_at,
        stage_entered_at=submitted_at,
    )
    workflow.record_submission(application, actor=actor, at=application.submitted_at)
    events.emit(
        "application.created",
        data=events.application_facts(application)
        | {"source": source.slug, "submitted_at": application.submitted_at},
        at=application.submitted_at,
    )
    return application


def consent_text(job: JobOpening) -> str:
    """The consent the applicant gives, as shown on the form and kept with the submission."""
    days = settings.DATA_RETENTION_DAYS
    return _(
        "I agree that %(org)s processes the personal data in this application, including my "
        "CV, to assess it for this and similar positions. The data is kept for %(days)d days "
        "after the recruitment ends, then deleted; I may ask for access, correction or "
        "deletion at any time."
    ) % {"org": settings.ORGANISATION_NAME, "days": days}


def talent_pool_text() -> str:
    """The separate, optional consent to be kept for other openings after this one ends."""
    return _(
        "Keep my application in %(org)s's talent pool and contact me about other openings. "
        "I may withdraw this at any time from my status page."
    ) % {"org": settings.ORGANISATION_NAME}


def _record_consents(application: Application, *, job: JobOpening, talent_pool: bool) -> None:
    # The words the applicant saw, in the language of the page they saw them on.
    from applications.services.personal import consent_record

    language = get_language() or settings.LANGUAGE_CODE
    consent_record(
        application=application,
        purpose=ConsentRecord.Purpose.APPLICATION,
        text=consent_text(job),
        language=language,
    )
    if talent_pool:
        consent_record(
            application=application,
            purpose=ConsentRecord.Purpose.TALENT_POOL,
            text=talent_pool_text(),
            language=language,
        )


# Django checks a choice by walking the choices, and for a country field that is the whole
# list of countries, twice per submission: the same rule, as a look-up in the field's table.
COUNTRY_FIELDS = ("nationality", "country_of_residence")


def _country_errors(person: Candidate) -> dict[str, list[str]]:
    errors = {}
    for name in COUNTRY_FIELDS:
        code = str(getattr(person, name) or "")
        field = Candidate._meta.get_field(name)
        assert isinstance(field, CountryField)  # noqa: S101
        if code and code not in field.countries:  # type: ignore[attr-defined]  # untyped
            errors[name] = [field.error_messages["invalid_choice"] % {"value": code}]
    return errors


@dataclass(frozen=True)
class SubmitResult:
    """What happened, for the caller's records only: the applicant is told the same neutral
    words whichever it was ("we have e-mailed you a link"), so that nobody learns from the
    answer whether an address has applied before."""

    application: Application
    created: bool  # False: the same form again, or an address that had applied already


@dataclass
class CheckedSubmission:
    """A submission that passed every check, ready to be written (`application_check`)."""

    person: Candidate  # unsaved: the applicant's details as given
    cover_letter: str
    cv_name: str
    cv_data: bytes
    cv_type: str
    answers: dict[str, Any]
    channel: Channel
    talent_pool: bool = False  # the separate opt-in to be kept for other openings


def _checked(
    *,
    job: JobOpening,
    person: Candidate,
    cv_file: Any,
    cover_letter: str,
    consent: bool,
    answers: dict[str, Any],
    source: str,
) -> CheckedSubmission:
    """Every field checked against the rules of the rows it will become; InvalidInput with all
    the errors at once. Nothing is written."""
    errors = field_errors(person, [f for f in APPLICANT_FIELDS if f not in COUNTRY_FIELDS])
    errors |= _country_errors(person)
    errors |= field_errors(Submission(cover_letter=cover_letter), ["cover_letter"])
    cv_data, cv_type, cv_errors = cv_upload_errors(cv_file)
    if cv_errors:
        errors["cv"] = cv_errors
    if not consent:
        errors["consent"] = [_("We can only process your application with your consent.")]
    checked_answers, answer_errors = answers_check(job.questions.all(), answers)
    errors |= answer_errors
    if errors:
        raise InvalidInput(errors)
    assert cv_type is not None  # no CV error means a known type  # noqa: S101
    channel = (Channel.objects.filter(slug=source).first() if source else None) or (
        Channel.objects.get(slug="careers")
    )
    return CheckedSubmission(
        person=person,
        cover_letter=cover_letter.strip(),
        cv_name=getattr(cv_file, "name", "") or "cv",
        cv_data=cv_data,
        cv_type=cv_type,
        answers=checked_answers,
        channel=channel,
    )


def _submitted(submission_key: uuid.UUID) -> Submission | None:
    """The submission of this form, if it went through already."""
    return Submission.objects.filter(key=submission_key).select_related("application").first()


def _person_on_file(job: JobOpening, email: str) -> tuple[Candidate | None, int | None]:
    """The candidate with this address and their application to this job (its id), if any:
    one query. An address merged into another candidate counts as that candidate's."""
    earlier = Application.objects.filter(candidate=OuterRef("pk"), job=job).values("pk")[:1]
    candidate = (
        Candidate.objects.filter(email_normalised=normalise_email(email))
        .annotate(earlier_application_id=Subquery(earlier))
        .first()
    )
    if candidate is None:
        return None, None
    if candidate.merged_into_id is not None:
        survivor = candidate_survivor(candidate)
        return survivor, (
            Application.objects.filter(candidate=survivor, job=job).values_list("pk", flat=True)
        ).first()
    return candidate, candidate.earlier_application_id


def _send_another_link(application_id: int) -> Application:
    """The address has applied to this job already: its application stands, and the person on
    file gets a fresh status link (their earlier links keep working)."""
    earlier = Application.objects.select_related("candidate", "job").get(pk=application_id)
    status_link_queue(application=earlier, again=True)
    return earlier


def _candidate_insert(person: Candidate) -> Candidate:
    """A new candidate from the details as given; a copy, so that a second try starts from
    the unsaved details. Not validated again: `_checked` ran the field rules on every field
    the applicant gave (a Candidate has no `clean()` and no other constraint than the unique
    address, which the lookup under the lock covers), and each country check walks the
    whole country list."""
    candidate = copy.copy(person)
    candidate.save(force_insert=True)
    return candidate


def _write(
    job: JobOpening, checked: CheckedSubmission, submission_key: uuid.UUID, ip: str | None
) -> SubmitResult:
    """Candidate, application, submission, CV and status link, all in one transaction or none.

    Concurrent posts take turns: on the form's key (the same form posted twice gives the
    first post's outcome) and on the address (two forms for one person give one candidate
    and one application per job). Whoever comes second finds what the first one wrote, and
    no candidate row is left behind by a post that writes nothing. A candidate written
    meanwhile by anything else (HR entering the person) makes the first try fail on the
    unique address; the second try finds them.
    """
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _write_once(job, checked, submission_key, ip)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _write_once(
    job: JobOpening, checked: CheckedSubmission, submission_key: uuid.UUID, ip: str | None
) -> SubmitResult:
    person = checked.person
    advisory_locks(("submission", str(submission_key)), ("person", normalise_email(person.email)))
    if (done := _submitted(submission_key)) is not None:
        return SubmitResult(done.application, created=False)
    candidate, earlier_id = _person_on_file(job, person.email)
    if earlier_id is not None:
        return SubmitResult(_send_another_link(earlier_id), created=False)
    is_new = candidate is None
    candidate = _candidate_insert(person) if candidate is None else candidate
    application = _application_enter(
        actor=CAREERS_SITE,
        candidate=candidate,
        job=job,
        source=checked.channel,
        answers=checked.answers,
        submitted_at=timezone.now(),
        language=language_of(translation.get_language()),
    )
    Submission.objects.create(
        application=application,
        key=submission_key,
        cover_letter=checked.cover_letter,
        consent_text=consent_text(job),
        consented_at=timezone.now(),
        ip_address=ip,
    )
    _record_consents(application, job=job, talent_pool=checked.talent_pool)
    cv = cv_attach(
        application=application,
        name=checked.cv_name,
        data=checked.cv_data,
        content_type=checked.cv_type,
    )
    try:
        if is_new:
            candidate_flag_duplicates(candidate=candidate)
        status_link_queue(application=application)
    except BaseException:
        cv.file.storage.delete(cv.file.name)  # no orphan file when the rows are not written
        raise
    return SubmitResult(application, created=True)


def application_check(
    *,
    job: JobOpening,
    full_name: str,
    email: str,
    cv_file: Any,
    consent: bool,
    phone: str = "",
    nationality: str = "",
    country_of_residence: str = "",
    cover_letter: str = "",
    answers: dict[str, Any] | None = None,
    source: str = "",
    today: date | None = None,
) -> CheckedSubmission:
    """An online application checked whole, nothing written: DomainError (code "closed") for a
    job that no longer takes applications, or InvalidInput with every field's errors.

    `cv_file` is an uploaded file (name, size, read()); it is read only when within the limit.
    """
    person = Candidate(
        full_name=full_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        nationality=nationality,
        country_of_residence=country_of_residence,
    )
    if not selectors.job_is_accepting(job, today=today):
        raise DomainError(_("This position is no longer open for applications."), code="closed")
    return _checked(
        job=job,
        person=person,
        cv_file=cv_file,
        cover_letter=cover_letter,
        consent=consent,
        answers=answers or {},
        source=source,
    )


def application_submit(
    *,
    job: JobOpening,
    full_name: str,
    email: str,
    cv_file: Any,
    consent: bool,
    submission_key: uuid.UUID,
    phone: str = "",
    nationality: str = "",
    country_of_residence: str = "",
    cover_letter: str = "",
    answers: dict[str, Any] | None = None,
    source: str = "",
    ip_address: str | None = None,
    today: date | None = None,
    talent_pool: bool = False,
) -> SubmitResult:
    """An applicant's online application: all checked first (`application_check`), then all
    written, or nothing.

    The consent (and the optional talent-pool opt-in) is kept as `ConsentRecord`s with the
    words and language shown. Side effects on commit: an e-mail with the secret status link;
    the CV parse task. An
    address that has applied to this job already gets a fresh link to its application instead
    (no second application). The same form posted again (`submission_key`) gets the first
    post's outcome, even once the job has closed. Raises what `application_check` raises.
    """
    try:
        checked = application_check(
            job=job,
            full_name=full_name,
            email=email,
            cv_file=cv_file,
            consent=consent,
            phone=phone,
            nationality=nationality,
            country_of_residence=country_of_residence,
            cover_letter=cover_letter,
            answers=answers,
            source=source,
            today=today,
        )
    except DomainError:
        # A form that went through already (posted again after the job closed, or without
        # its file) gets its first outcome; the key is looked up on this path only, the
        # written path looks it up under its lock.
        if (done := _submitted(submission_key)) is not None:
            return SubmitResult(done.application, created=False)
        raise
    checked.talent_pool = talent_pool
    return _write(job, checked, submission_key, ip_address)


def application_withdraw_by_applicant(*, application: Application, reason: str = "") -> Application:
    """The applicant withdraws from their status page."""
    return workflow.withdraw(
        application, actor=ApplicantActor(application.pk), reason=reason.strip()[:2000]
    )
