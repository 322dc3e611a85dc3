"""Business actions on jobs, pipelines, candidates, applications, offers (moves: workflow.py)."""

import hashlib
import json
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications import workflow
from applications.models import (
    Application,
    Candidate,
    Channel,
    JobOpening,
    JobQuestion,
    JobStage,
    Offer,
    PipelineTemplate,
    PipelineTemplateStage,
    PossibleDuplicate,
    Posting,
    StageEvent,
    StageKind,
    applicant_facing_status,
    normalise_email,
)
from ats.errors import DomainError

PIPELINE_EXPORT_FORMAT = "ats.pipeline/1"


# --- pipelines ---------------------------------------------------------------------------


def _validate_stage_list(stages: list[dict[str, str]]) -> None:
    """A pipeline starts with `applied`, ends with `hired`, has each name once, known kinds."""
    if len(stages) < 2:
        raise DomainError(_("A pipeline needs at least two stages."), field="stages")
    names = [s.get("name", "").strip() for s in stages]
    kinds = [s.get("kind", "") for s in stages]
    if any(not n for n in names):
        raise DomainError(_("Every stage needs a name."), field="stages")
    if len(set(names)) != len(names):
        raise DomainError(_("Stage names must be unique within a pipeline."), field="stages")
    unknown = [k for k in kinds if k not in StageKind.values]
    if unknown:
        raise DomainError(
            _("Unknown stage kind %(kind)s.") % {"kind": ", ".join(map(repr, unknown))},
            field="stages",
        )
    if kinds[0] != StageKind.APPLIED or kinds.count(StageKind.APPLIED) != 1:
        raise DomainError(_("A pipeline starts with exactly one “applied” stage."), field="stages")
    if kinds[-1] != StageKind.HIRED or kinds.count(StageKind.HIRED) != 1:
        raise DomainError(_("A pipeline ends with exactly one “hired” stage."), field="stages")


@transaction.atomic
def pipeline_template_save(
    *,
    name: str,
    stages: list[dict[str, str]],
    description: str = "",
    is_default: bool = False,
    template: PipelineTemplate | None = None,
) -> PipelineTemplate:
    """Create or replace a pipeline template; jobs already created keep their own copy."""
    _validate_stage_list(stages)
    name = name.strip()
    if not name:
        raise DomainError(_("A pipeline template needs a name."), field="name")
    clash = PipelineTemplate.objects.filter(name=name)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise DomainError(_("A pipeline template with this name exists."), field="name")
    if is_default:
        PipelineTemplate.objects.filter(is_default=True).update(is_default=False)
    if template is None:
        template = PipelineTemplate.objects.create(
            name=name, description=description, is_default=is_default
        )
    else:
        template.name, template.description, template.is_default = name, description, is_default
        template.save()
        template.stages.all().delete()
    PipelineTemplateStage.objects.bulk_create(
        PipelineTemplateStage(template=template, position=i, name=s["name"].strip(), kind=s["kind"])
        for i, s in enumerate(stages)
    )
    return template


def pipeline_template_export(*, template: PipelineTemplate) -> dict[str, Any]:
    return {
        "format": PIPELINE_EXPORT_FORMAT,
        "name": template.name,
        "description": template.description,
        "stages": [{"name": s.name, "kind": s.kind} for s in template.stages.order_by("position")],
    }


def pipeline_template_import(*, data: dict[str, Any] | str | bytes) -> PipelineTemplate:
    """Import an exported template; a template of the same name is replaced."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise DomainError(_("The file is not valid JSON: %(e)s") % {"e": exc}) from exc
    if not isinstance(data, dict) or data.get("format") != PIPELINE_EXPORT_FORMAT:
        raise DomainError(
            _("This is not a pipeline export (expected format %(f)s).")
            % {"f": PIPELINE_EXPORT_FORMAT}
        )
    stages = data.get("stages")
    if not isinstance(stages, list) or not all(isinstance(s, dict) for s in stages):
        raise DomainError(_("“stages” must be a list of {name, kind}."), field="stages")
    existing = PipelineTemplate.objects.filter(name=str(data.get("name", "")).strip()).first()
    return pipeline_template_save(
        name=str(data.get("name", "")),
        description=str(data.get("description", "")),
        stages=stages,
        template=existing,
        is_default=existing.is_default if existing else False,
    )


def default_pipeline_template() -> PipelineTemplate:
    from applications import selectors

    template = selectors.default_pipeline_template()
    if template is None:
        raise DomainError(_("No default pipeline template is set; choose one."), field="pipeline")
    return template


# --- jobs --------------------------------------------------------------------------------

JOB_FIELDS = (
    "title",
    "department",
    "location",
    "employment_type",
    "description",
    "requirements",
    "headcount",
    "status",
    "opens_on",
    "closes_on",
    "is_foreign_expert_call",
)


def _full_clean(instance: Any, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise exc from None


@transaction.atomic
def job_create(
    *, actor: Any, reference: str, title: str, pipeline: PipelineTemplate | None = None, **fields
) -> JobOpening:
    """Create a job opening and copy its pipeline's stages into it."""
    unknown = set(fields) - set(JOB_FIELDS)
    if unknown:
        raise TypeError(f"Unknown job fields: {sorted(unknown)}")
    template = pipeline or default_pipeline_template()
    job = JobOpening(reference=reference.strip(), title=title.strip(), created_by=actor, **fields)
    _full_clean(job)
    job.save()
    JobStage.objects.bulk_create(
        JobStage(job=job, position=s.position, name=s.name, kind=s.kind)
        for s in template.stages.order_by("position")
    )
    return job


@transaction.atomic
def job_update(*, job: JobOpening, actor: Any, **fields) -> JobOpening:
    unknown = set(fields) - set(JOB_FIELDS) - {"reference"}
    if unknown:
        raise TypeError(f"Unknown job fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(job, name, value)
    _full_clean(job)
    job.save()
    return job


@transaction.atomic
def job_stages_replace(*, job: JobOpening, actor: Any, stages: list[dict[str, Any]]) -> JobOpening:
    """Edit a job's pipeline: rename, reorder, add, remove stages.

    Each item is `{"id": existing id or absent, "name", "kind"}` in the new order. A stage that
    holds applications or appears in the audit log cannot be removed or change kind.
    """
    _validate_stage_list(stages)
    current = {s.pk: s for s in JobStage.objects.select_for_update().filter(job=job)}
    keep_ids = {s.get("id") for s in stages if s.get("id")}
    if not keep_ids <= set(current):
        raise DomainError(_("A stage in the list belongs to another job."), field="stages")
    used = set(
        Application.objects.filter(job=job).values_list("stage_id", flat=True).distinct()
    ) | set(StageEvent.objects.filter(application__job=job).values_list("to_stage_id", flat=True))
    removed = set(current) - keep_ids
    blocked = [current[pk].name for pk in removed if pk in used]
    if blocked:
        raise DomainError(
            _("Stages that applications have reached cannot be removed: %(names)s.")
            % {"names": ", ".join(blocked)},
            field="stages",
        )
    for item in stages:
        stage = current.get(item.get("id"))
        if stage and stage.pk in used and stage.kind != item["kind"]:
            raise DomainError(
                _("“%(name)s” has applications; its kind cannot change.") % {"name": stage.name},
                field="stages",
            )
    JobStage.objects.filter(pk__in=removed).delete()
    # Positions and names are unique per job: park the kept rows out of the way first.
    for stage in current.values():
        if stage.pk in keep_ids:
            stage.name = f"__moving__{stage.pk}"
            stage.position = 1000 + stage.position
            stage.save(update_fields=["name", "position"])
    for position, item in enumerate(stages):
        stage = current.get(item.get("id")) or JobStage(job=job)
        stage.position, stage.name, stage.kind = position, item["name"].strip(), item["kind"]
        stage.save()
    return job


MAX_JOB_QUESTIONS = 50
QUESTION_TEXT_MAX = 300
CHOICE_MAX = 200  # a choice may be a knock-out's required answer (200 characters)


def _question_errors(
    item: Any, current: dict[int, JobQuestion], answered: dict[int, list[Any]]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """One row of `job_questions_replace`: the cleaned row and its errors keyed by field."""
    kinds = JobQuestion.Kind
    errors: dict[str, list[str]] = {}
    if not isinstance(item, dict):
        return {}, {"": [_("Each question must be an object with its fields.")]}
    row: dict[str, Any] = {"id": item.get("id") or None}
    for field in ("label", "help_text", "knockout_answer"):
        value = item.get(field, "")
        row[field] = value.strip() if isinstance(value, str) else str(value)
    row["kind"] = item.get("kind", "")
    row["required"] = bool(item.get("required", True))
    row["is_knockout"] = bool(item.get("is_knockout", False))
    raw_choices = item.get("choices") or []
    if not isinstance(raw_choices, list) or not all(isinstance(c, str) for c in raw_choices):
        errors["choices"] = [_("Choices must be a list of texts.")]
        raw_choices = []
    row["choices"] = [c.strip() for c in raw_choices if c.strip()]

    if not row["label"]:
        errors["label"] = [_("Every question needs its wording.")]
    elif len(row["label"]) > QUESTION_TEXT_MAX:
        errors["label"] = [_("A question may have at most 300 characters.")]
    if len(row["help_text"]) > QUESTION_TEXT_MAX:
        errors["help_text"] = [_("The help text may have at most 300 characters.")]
    if row["kind"] not in kinds.values:
        errors["kind"] = [
            _("Choose a kind: short text, long text, yes / no, single choice or number.")
        ]

    choices = row["choices"]
    if row["kind"] == kinds.SINGLE_CHOICE and "choices" not in errors:
        if len(set(choices)) != len(choices):
            errors["choices"] = [_("Each choice may appear only once.")]
        elif len(choices) < 2:
            errors["choices"] = [_("A single-choice question needs at least two choices.")]
        elif any(len(c) > CHOICE_MAX for c in choices):
            errors["choices"] = [_("A choice may have at most 200 characters.")]
    elif choices and row["kind"] in kinds.values:
        errors["choices"] = [
            _("Only single-choice questions have choices; clear them or choose “Single choice”.")
        ]

    answer = row["knockout_answer"]
    if not row["is_knockout"]:
        if answer:
            errors["knockout_answer"] = [
                _("Only a knock-out question has a required answer; tick “knock-out” or clear it.")
            ]
    elif row["kind"] in kinds.values and row["kind"] not in JobQuestion.KNOCKOUT_KINDS:
        errors["is_knockout"] = [
            _("Only yes / no, single-choice and number questions can knock applicants out.")
        ]
    elif not answer:
        errors["knockout_answer"] = [_("Give the answer an applicant needs in order to pass.")]
    elif row["kind"] == kinds.YES_NO:
        row["knockout_answer"] = answer = answer.lower()
        if answer not in ("yes", "no"):
            errors["knockout_answer"] = [_("The required answer is “yes” or “no”.")]
    elif row["kind"] == kinds.SINGLE_CHOICE and "choices" not in errors:
        if answer not in choices:
            errors["knockout_answer"] = [_("The required answer must be one of the choices.")]
    elif row["kind"] == kinds.NUMBER:
        try:
            number = float(answer)
        except ValueError:
            number = float("nan")
        if not abs(number) < 1e9:  # also refuses nan and infinity
            errors["knockout_answer"] = [_("The required answer is the minimum, as a number.")]

    is_id = isinstance(row["id"], int) and not isinstance(row["id"], bool)
    question = current.get(row["id"]) if is_id else None
    if row["id"] is not None and question is None:
        errors["id"] = [_("This question does not belong to this job.")]
    given = answered.get(question.pk, []) if question is not None else []
    # Answers are kept as the applicant gave them and knock-outs are re-checked against them:
    # an answer must stay a possible answer to its question.
    if given and row["kind"] in kinds.values and row["kind"] != question.kind:
        errors["kind"] = [
            ngettext(
                "%(n)d applicant has answered this question; its kind cannot change. "
                "Add a new question instead.",
                "%(n)d applicants have answered this question; its kind cannot change. "
                "Add a new question instead.",
                len(given),
            )
            % {"n": len(given)}
        ]
    elif given and question.kind == kinds.SINGLE_CHOICE and "choices" not in errors:
        chosen = Counter(str(v) for v in given)
        missing = [c for c in question.choices if chosen[c] and c not in choices]
        if missing:
            errors["choices"] = [
                ngettext(
                    "“%(choice)s” was chosen by %(n)d applicant and cannot be removed.",
                    "“%(choice)s” was chosen by %(n)d applicants and cannot be removed.",
                    chosen[missing[0]],
                )
                % {"choice": missing[0], "n": chosen[missing[0]]}
            ]
    return row, errors


@transaction.atomic
def job_questions_replace(
    *, job: JobOpening, actor: Any, questions: list[dict[str, Any]]
) -> list[JobQuestion]:
    """Replace the questions of a job's application form, in the given order, or change nothing.

    Each item is `{"id": existing id or absent, "label", "help_text", "kind", "choices",
    "required", "is_knockout", "knockout_answer"}`. Raises InvalidInput keyed
    `questions.<index>.<field>` (`questions` for the list as a whole).

    A question keeps its row (and id) when its id is given: applications store their answers
    under the question's id, so an edited question still owns the answers given to it. Such a
    question cannot change kind, and a single-choice question cannot lose a choice that was
    chosen, since the stored answers would no longer fit it (a knock-out would misjudge them).
    A question that has answers may be removed: each stored answer carries the wording it was
    given under, so applications still show what was asked, and ids are never reused (SQLite
    AUTOINCREMENT, PostgreSQL sequences), so no later question inherits the answers. Removing
    a knock-out question means screening no longer checks it, which is what removing asks for.
    """
    from applications import selectors
    from ats.errors import InvalidInput

    if not isinstance(questions, list):
        raise InvalidInput({"questions": [_("Send the questions as a list.")]})
    if len(questions) > MAX_JOB_QUESTIONS:
        raise InvalidInput(
            {"questions": [_("A job may have at most %(n)d questions.") % {"n": MAX_JOB_QUESTIONS}]}
        )
    job = JobOpening.objects.select_for_update().get(pk=job.pk)
    current = {q.pk: q for q in JobQuestion.objects.filter(job=job)}
    answered = selectors.job_answer_values(job)
    rows, errors = [], {}
    seen: set[int] = set()
    for index, item in enumerate(questions):
        row, row_errors = _question_errors(item, current, answered)
        if row.get("id") in seen:
            row_errors["id"] = [_("This question is in the list twice.")]
        elif row.get("id"):
            seen.add(row["id"])
        for field, messages in row_errors.items():
            errors[f"questions.{index}.{field}" if field else f"questions.{index}"] = messages
        rows.append(row)
    if errors:
        raise InvalidInput(errors)

    JobQuestion.objects.filter(pk__in=set(current) - seen).delete()
    saved = []
    for position, row in enumerate(rows):
        question = current.get(row.pop("id")) or JobQuestion(job=job)
        question.position = position
        for field, value in row.items():
            setattr(question, field, value)
        question.save()
        saved.append(question)
    return saved


@transaction.atomic
def posting_add(
    *,
    job: JobOpening,
    actor: Any,
    channel: Channel,
    posted_on: date,
    url: str = "",
    notes: str = "",
) -> Posting:
    """Record that the job was advertised on a channel on a day (once per job, channel, day)."""
    if Posting.objects.filter(job=job, channel=channel, posted_on=posted_on).exists():
        raise _duplicate_posting(job, channel)
    posting = Posting(
        job=job, channel=channel, posted_on=posted_on, url=url.strip(), notes=notes.strip()
    )
    _full_clean(posting)
    try:
        with transaction.atomic():
            posting.save()
    except IntegrityError:
        # The same posting was recorded a moment ago by another request.
        raise _duplicate_posting(job, channel) from None
    return posting


def _duplicate_posting(job: JobOpening, channel: Channel) -> DomainError:
    return DomainError(
        _("%(job)s was already posted on %(channel)s on that day.")
        % {"job": job.reference, "channel": channel.name},
        code="duplicate_posting",
        field="posted_on",
    )


@transaction.atomic
def posting_remove(*, posting: Posting, actor: Any) -> None:
    """Forget a posting; applications keep their source channel, which is not the posting."""
    posting.delete()


# --- candidates and applications ---------------------------------------------------------


def candidate_find_or_create(
    *,
    email: str,
    full_name: str,
    phone: str = "",
    nationality: str = "",
    country_of_residence: str = "",
) -> Candidate:
    """The candidate with this (normalised) e-mail, created if new; details of a new one only."""
    key = normalise_email(email)
    candidate = Candidate.objects.filter(email_normalised=key).first()
    if candidate is not None:
        return candidate
    candidate = Candidate(
        email=email.strip(),
        full_name=full_name.strip(),
        phone=phone.strip(),
        nationality=nationality,
        country_of_residence=country_of_residence,
    )
    _full_clean(candidate, exclude=["email_normalised"])
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        # Another request created the same person a moment ago.
        return Candidate.objects.get(email_normalised=key)
    return candidate


@transaction.atomic
def application_create(
    *,
    actor: Any,
    candidate: Candidate,
    job: JobOpening,
    source: Channel,
    answers: dict[str, Any] | None = None,
    submitted_at: datetime | None = None,
) -> Application:
    """Enter an application into the first stage of its job and record the submission event."""
    if Application.objects.filter(candidate=candidate, job=job).exists():
        raise DomainError(
            _("%(name)s has already applied to %(job)s.")
            % {"name": candidate.full_name, "job": job.reference},
            code="duplicate_application",
        )
    first_stage = job.stages.order_by("position").first()
    if first_stage is None:
        raise DomainError(_("This job has no pipeline stages."))
    application = Application.objects.create(
        candidate=candidate,
        job=job,
        source=source,
        stage=first_stage,
        answers=answers or {},
        submitted_at=submitted_at or timezone.now(),
        stage_entered_at=submitted_at or timezone.now(),
    )
    workflow.record_submission(application, by=actor, at=application.submitted_at)
    return application


# --- offers ------------------------------------------------------------------------------


@transaction.atomic
def offer_make(
    *,
    actor: Any,
    application: Application,
    offered_on: date,
    position_title: str = "",
    salary: str = "",
    respond_by: date | None = None,
    start_date: date | None = None,
    notes: str = "",
) -> Offer:
    """Make an offer to an active application that stands in an offer stage."""
    application = (
        Application.objects.select_for_update().select_related("stage").get(pk=application.pk)
    )
    if not application.is_active or application.stage.kind != StageKind.OFFER:
        raise DomainError(
            _("An offer can be made only to an active application in an offer stage."),
            code="not_in_offer_stage",
        )
    if application.offers.filter(status__in=[Offer.Status.OFFERED, Offer.Status.ACCEPTED]).exists():
        raise DomainError(_("This application already has an open or accepted offer."))
    offer = Offer(
        application=application,
        offered_on=offered_on,
        position_title=position_title or application.job.title,
        salary=salary,
        respond_by=respond_by,
        start_date=start_date,
        notes=notes,
        created_by=actor,
    )
    _full_clean(offer)
    offer.save()
    return offer


@transaction.atomic
def offer_respond(
    *, actor: Any, offer: Offer, accepted: bool, responded_on: date, start_date: date | None = None
) -> Offer:
    """Record the candidate's answer to an open offer."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.OFFERED:
        raise DomainError(
            _("Only an open offer can be answered; this one is %(s)s.")
            % {"s": offer.get_status_display().lower()}
        )
    if responded_on < offer.offered_on:
        raise DomainError(
            _("The answer cannot come before the offer was made."), field="responded_on"
        )
    offer.status = Offer.Status.ACCEPTED if accepted else Offer.Status.DECLINED
    offer.responded_on = responded_on
    if start_date is not None:
        offer.start_date = start_date
    offer.save(update_fields=["status", "responded_on", "start_date", "updated_at"])
    return offer


@transaction.atomic
def offer_withdraw(*, actor: Any, offer: Offer, reason: str) -> Offer:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.OFFERED:
        raise DomainError(_("Only an open offer can be withdrawn."))
    offer.status = Offer.Status.WITHDRAWN
    offer.notes = f"{offer.notes}\n{_('Withdrawn')}: {reason}".strip()
    offer.save(update_fields=["status", "notes", "updated_at"])
    return offer


# --- notifications -----------------------------------------------------------------------


def stage_event_notify(*, event_id: int) -> bool:
    """E-mail the applicant about a change they should know of; True when a mail was sent.

    Back-moves and HR-side corrections are not announced: applicants hear about progress,
    a decision, or a reopened application.
    """
    event = (
        StageEvent.objects.select_related("application__candidate", "application__job", "to_stage")
        .filter(pk=event_id)
        .first()
    )
    if event is None or event.is_backward or event.kind == StageEvent.Kind.SUBMITTED:
        return False
    application = event.application
    status_words = applicant_facing_status(event.to_stage.kind, event.to_status)
    subject = _("Your application for %(job)s: %(status)s") % {
        "job": application.job.title,
        "status": status_words,
    }
    body = _(
        "Dear %(name)s,\n\nThe status of your application for %(job)s (%(ref)s) is now: "
        "%(status)s.\n\nWith kind regards,\nThe recruitment team"
    ) % {
        "name": application.candidate.full_name,
        "job": application.job.title,
        "ref": application.job.reference,
        "status": status_words,
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.candidate.email])
    return True


@transaction.atomic
def candidate_update(*, candidate: Candidate, actor: Any, **fields: Any) -> Candidate:
    """Correct a candidate's details; an e-mail already used by another candidate is refused."""
    allowed = {"full_name", "email", "phone", "nationality", "country_of_residence"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown candidate fields: {sorted(unknown)}")
    if "email" in fields:
        key = normalise_email(fields["email"])
        if Candidate.objects.filter(email_normalised=key).exclude(pk=candidate.pk).exists():
            raise DomainError(
                _("Another candidate already uses this e-mail address."), field="email"
            )
    for name, value in fields.items():
        setattr(candidate, name, value.strip() if isinstance(value, str) else value)
    _full_clean(candidate, exclude=["email_normalised"])
    candidate.save()
    return candidate


# --- online applications -----------------------------------------------------------------

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CV_TYPES = {PDF: "pdf", DOCX: "docx"}


def sniff_content_type(data: bytes) -> str | None:
    """The document type from its bytes (never from the name the applicant gave it)."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        import io
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return DOCX
    return None


def consent_text(job: JobOpening) -> str:
    days = settings.DATA_RETENTION_DAYS
    return _(
        "I agree that %(org)s processes the personal data in this application, including my "
        "CV, to assess it for this and similar positions. The data is kept for %(days)d days "
        "after the recruitment ends, then deleted; I may ask for access, correction or "
        "deletion at any time."
    ) % {"org": settings.ORGANISATION_NAME, "days": days}


def _token_hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


def status_token_issue(*, application: Application) -> str:
    """A new secret status link for the application (the previous one stops working)."""
    import secrets

    from applications.models import ApplicantAccess

    token = secrets.token_urlsafe(32)
    ApplicantAccess.objects.update_or_create(
        application=application,
        defaults={"token_hash": _token_hash(token), "issued_at": timezone.now()},
    )
    return token


def status_url(token: str) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse("careers-status", args=[token])


def _answer_errors(questions, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list]]:
    """Check each answer against its question; knock-outs are recorded, never decided here."""
    from applications.models import JobQuestion

    answers: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    kinds = JobQuestion.Kind
    for question in questions:
        key = f"q{question.pk}"
        value = raw.get(key, raw.get(str(question.pk)))
        value = value.strip() if isinstance(value, str) else value
        if value in (None, ""):
            if question.required:
                errors[key] = [_("This question needs an answer.")]
            continue
        if question.kind == kinds.YES_NO:
            value = {"true": "yes", "false": "no", True: "yes", False: "no"}.get(value, value)
            ok = value in ("yes", "no")
        elif question.kind == kinds.SINGLE_CHOICE:
            ok = value in question.choices
        elif question.kind == kinds.NUMBER:
            try:
                value = float(value)
                ok = abs(value) < 1e9
            except (TypeError, ValueError):
                ok = False
        else:
            limit = 300 if question.kind == kinds.SHORT_TEXT else 5000
            ok = isinstance(value, str) and len(value) <= limit
        if not ok:
            errors[key] = [_("This is not a valid answer to this question.")]
            continue
        entry: dict[str, Any] = {"question": question.label, "answer": value}
        if question.is_knockout:
            required = question.knockout_answer
            met = value >= float(required) if question.kind == kinds.NUMBER else value == required
            entry["knockout"] = {"required": required, "met": met}
        answers[str(question.pk)] = entry
    return answers, errors


def candidate_flag_duplicates(*, candidate: Candidate) -> list:
    """Flag (never merge) existing candidates with the same phone, or name and nationality."""
    from applications.models import PossibleDuplicate

    match = Q(pk__in=[])
    if candidate.phone_key:
        match |= Q(phone_key=candidate.phone_key)
    if candidate.nationality:
        match |= Q(name_key=candidate.name_key, nationality=candidate.nationality)
    flags = []
    for other in Candidate.objects.exclude(pk=candidate.pk).filter(match):
        reasons = []
        if candidate.phone_key and other.phone_key == candidate.phone_key:
            reasons.append(_("same phone number"))
        if candidate.nationality == other.nationality and candidate.name_key == other.name_key:
            reasons.append(_("same name and nationality"))
        flag, _created = PossibleDuplicate.objects.get_or_create(
            candidate=candidate, existing=other, defaults={"reason": ", ".join(reasons)}
        )
        flags.append(flag)
    return flags


@transaction.atomic
def duplicate_resolve(
    *, duplicate: PossibleDuplicate, actor: Any, resolution: str, note: str = ""
) -> PossibleDuplicate:
    """Record HR's judgement on a possible duplicate: the same person, or different people.

    Nothing is merged: both candidates keep their details and applications; "same person" is
    recorded with its note for HR to act on. A flag is resolved once. No side effects.
    """
    from ats.errors import ConflictError, InvalidInput

    duplicate = PossibleDuplicate.objects.select_for_update().get(pk=duplicate.pk)
    if not duplicate.is_open:
        raise ConflictError(
            _("This possible duplicate was already resolved (%(resolution)s); it stays so.")
            % {"resolution": duplicate.get_resolution_display().lower()},
            code="already_resolved",
        )
    errors: dict[str, list[str]] = {}
    if resolution not in dict(PossibleDuplicate.DECISIONS):
        errors["resolution"] = [_("Choose “same person” or “different people”.")]
    note = (note or "").strip()
    if len(note) > 2000:
        errors["note"] = [_("A note may have at most 2,000 characters.")]
    if errors:
        raise InvalidInput(errors)
    duplicate.resolution = resolution
    duplicate.resolution_note = note
    duplicate.resolved_by = actor
    duplicate.resolved_at = timezone.now()
    duplicate.save(update_fields=["resolution", "resolution_note", "resolved_by", "resolved_at"])
    return duplicate


@dataclass(frozen=True)
class SubmitResult:
    application: Application
    token: str | None  # None when the same form was posted twice (the first post has it)
    created: bool


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
) -> SubmitResult:
    """An applicant's online application: all checked first, then all written, or nothing.

    `cv_file` is an uploaded file (name, size, read()); it is read only when within the limit.
    Side effects on commit: an e-mail with the secret status link; the CV parse task.
    Raises InvalidInput with every field's errors, or DomainError(code="duplicate_application")
    after e-mailing a fresh status link to the address on file.
    """
    from django.core.validators import validate_email
    from django_countries import countries

    from applications import selectors
    from applications.models import Submission
    from ats.errors import InvalidInput

    existing = Submission.objects.filter(key=submission_key).select_related("application").first()
    if existing is not None:
        return SubmitResult(existing.application, None, created=False)

    errors: dict[str, list[str]] = {}
    if not selectors.job_is_accepting(job, today=today):
        raise DomainError(_("This position is no longer open for applications."), code="closed")
    full_name, email, phone = full_name.strip(), email.strip(), phone.strip()
    if not full_name:
        errors["full_name"] = [_("Please give your full name.")]
    elif len(full_name) > 200:
        errors["full_name"] = [_("A name may have at most 200 characters.")]
    try:
        validate_email(email)
        if len(email) > 254:
            raise ValidationError("too long")
    except ValidationError:
        errors["email"] = [_("Please give a valid e-mail address.")]
    if len(phone) > 40:
        errors["phone"] = [_("A phone number may have at most 40 characters.")]
    for field, code in (
        ("nationality", nationality),
        ("country_of_residence", country_of_residence),
    ):
        if code and code not in countries:
            errors[field] = [_("Choose a country from the list.")]
    if len(cover_letter) > 10000:
        errors["cover_letter"] = [_("A cover letter may have at most 10,000 characters.")]
    cv_data = b""
    if cv_file is None:
        errors["cv"] = [_("Please attach your CV.")]
    elif cv_file.size <= settings.CV_MAX_BYTES:
        cv_data = cv_file.read()
    content_type = sniff_content_type(cv_data)
    if cv_file is None:
        pass
    elif cv_file.size > settings.CV_MAX_BYTES:
        errors["cv"] = [
            _("The CV file is larger than %(mb)s MB.")
            % {"mb": round(settings.CV_MAX_BYTES / 1048576, 1)}
        ]
    elif not cv_data:
        errors["cv"] = [_("The CV file is empty.")]
    elif content_type is None:
        errors["cv"] = [_("The CV must be a PDF or a Word (.docx) document; this file is neither.")]
    if not consent:
        errors["consent"] = [_("We can only process your application with your consent.")]
    questions = list(job.questions.all())
    checked_answers, answer_errors = _answer_errors(questions, answers or {})
    errors.update(answer_errors)
    channel = Channel.objects.filter(slug=source).first() if source else None
    if errors:
        raise InvalidInput(errors)

    duplicate = Application.objects.filter(
        job=job, candidate__email_normalised=normalise_email(email)
    ).first()
    if duplicate is not None:
        with transaction.atomic():
            token = status_token_issue(application=duplicate)
            transaction.on_commit(lambda: _enqueue_status_mail(duplicate.pk, token, again=True))
        raise DomainError(
            _(
                "You have already applied for this position. We have e-mailed a new link to "
                "your status page to %(email)s."
            )
            % {"email": email},
            code="duplicate_application",
        )

    with transaction.atomic():
        is_new = not Candidate.objects.filter(email_normalised=normalise_email(email)).exists()
        candidate = candidate_find_or_create(
            email=email,
            full_name=full_name,
            phone=phone,
            nationality=nationality,
            country_of_residence=country_of_residence,
        )
        try:
            with transaction.atomic():
                application = application_create(
                    actor=None,
                    candidate=candidate,
                    job=job,
                    source=channel or Channel.objects.get(slug="careers"),
                    answers=checked_answers,
                )
                Submission.objects.create(
                    application=application,
                    key=submission_key,
                    cover_letter=cover_letter.strip(),
                    consent_text=consent_text(job),
                    consented_at=timezone.now(),
                    ip_address=ip_address,
                )
        except IntegrityError:
            # The same form raced itself (double click): the first one won.
            first = Submission.objects.select_related("application").get(key=submission_key)
            return SubmitResult(first.application, None, created=False)
        cv = cv_attach(
            application=application,
            name=getattr(cv_file, "name", "") or "cv",
            data=cv_data,
            content_type=content_type,
        )
        try:
            if is_new:
                candidate_flag_duplicates(candidate=candidate)
            token = status_token_issue(application=application)
        except BaseException:
            cv.file.storage.delete(cv.file.name)  # no orphan file when the rows are not written
            raise
        transaction.on_commit(lambda: _enqueue_status_mail(application.pk, token))
    return SubmitResult(application, token, created=True)


def _enqueue_status_mail(application_id: int, token: str, *, again: bool = False) -> None:
    from applications.tasks import send_status_link

    send_status_link.delay(application_id, token, again)


def _enqueue_cv_parse(cv_id: int) -> None:
    from applications.tasks import parse_cv_document

    parse_cv_document.delay(cv_id)


def status_link_send(*, application_id: int, token: str, again: bool = False) -> None:
    """E-mail the applicant their secret status link."""
    application = Application.objects.select_related("candidate", "job").get(pk=application_id)
    context = {
        "name": application.candidate.full_name,
        "job": application.job.title,
        "ref": application.job.reference,
        "url": status_url(token),
    }
    if again:
        subject = _("Your status link for %(job)s") % context
        body = (
            _(
                "Dear %(name)s,\n\nYou asked to apply again for %(job)s (%(ref)s). Your earlier "
                "application stands; follow it here (this link replaces earlier ones):\n%(url)s\n"
            )
            % context
        )
    else:
        subject = _("We received your application for %(job)s") % context
        body = (
            _(
                "Dear %(name)s,\n\nThank you for applying for %(job)s (%(ref)s). Follow the status "
                "of your application, or withdraw it, at this private link:\n%(url)s\n\nKeep it to "
                "yourself: anyone with the link can see your application's status.\n"
            )
            % context
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.candidate.email])


def application_withdraw_by_applicant(*, application: Application, reason: str = "") -> Application:
    """The applicant withdraws from their status page (no actor: it was them)."""
    return workflow.withdraw(application, by=None, reason=reason.strip()[:2000])


# --- CV parsing and corrections ------------------------------------------------------------


def cv_attach(
    *,
    application: Application,
    name: str,
    data: bytes,
    content_type: str | None = None,
    enqueue_parse: bool = True,
) -> Any:
    """Store an application's CV privately (random file name, sha256, sniffed type).

    Side effect on commit: the parse task, unless `enqueue_parse` is False (the caller
    enqueues it, e.g. the demo loader with progress).
    """
    from applications.models import CVDocument

    content_type = content_type or sniff_content_type(data)
    if content_type not in CV_TYPES:
        raise DomainError(_("The CV must be a PDF or a Word (.docx) document."), field="cv")
    cv = CVDocument(
        application=application,
        original_name=name[:255],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    cv.file.save(f"cv.{CV_TYPES[content_type]}", ContentFile(data), save=False)
    try:
        cv.save()
    except BaseException:
        cv.file.storage.delete(cv.file.name)  # no orphan file when the row is not written
        raise
    if enqueue_parse:
        transaction.on_commit(lambda: _enqueue_cv_parse(cv.pk))
    return cv


# Other apps hear, after commit, that a CV was read (parsed or failed) or corrected: they get the
# CV's id (screening re-evaluates the application). This app never imports them.
CVListener = Callable[[int], None]
_cv_listeners: list[CVListener] = []


def register_cv_listener(listener: CVListener) -> None:
    """Called from the owning app's `AppConfig.ready()`."""
    if listener not in _cv_listeners:
        _cv_listeners.append(listener)


def _cv_changed(cv_id: int) -> None:
    for listener in _cv_listeners:
        transaction.on_commit(partial(listener, cv_id))


CORRECTABLE_FIELDS = ("name", "email", "phone", "highest_degree", "years_experience", "languages")


def _effective(cv) -> dict[str, Any]:
    """Parsed values with HR's corrections laid over them."""
    values = {field: (cv.parsed.get(field) or {}).get("value") for field in CORRECTABLE_FIELDS}
    for field, correction in cv.corrections.items():
        values[field] = correction["value"]
    return values


def _refresh_filter_fields(cv) -> None:
    from decimal import Decimal

    from applications.models import DEGREE_ORDER

    values = _effective(cv)
    degree = values.get("highest_degree") or ""
    cv.highest_degree = degree if degree in DEGREE_ORDER else ""
    cv.degree_rank = DEGREE_ORDER.get(degree)
    years = values.get("years_experience")
    cv.years_experience = None if years is None else Decimal(str(round(float(years), 1)))
    langs = values.get("languages") or []
    names = [
        (item["language"] if isinstance(item, dict) else str(item)).strip().lower()
        for item in langs
    ]
    cv.languages = ("," + ",".join(n for n in names if n) + ",") if names else ""


def cv_parse(*, cv_id: int) -> Any:
    """Read the CV in a child process with time and memory limits; record parsed or failed.

    Idempotent: the same file gives the same result; HR's corrections are never touched.
    """
    from applications.cv.runner import parse_cv_isolated
    from applications.models import CVDocument

    cv = CVDocument.objects.select_related("application__candidate").get(pk=cv_id)
    try:
        with cv.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        result = {"status": "failed", "reason": "file missing"}
    else:
        result = parse_cv_isolated(
            data,
            content_type=cv.content_type,
            # Phones written without +CC are read in the country the applicant lives in.
            default_region=str(cv.application.candidate.country_of_residence or "") or None,
            timeout_s=settings.CV_PARSE_TIMEOUT_SECONDS,
            memory_mb=settings.CV_PARSE_MEMORY_MB,
            ocr_max_pages=settings.CV_OCR_MAX_PAGES,
        )
    with transaction.atomic():
        cv = CVDocument.objects.select_for_update().get(pk=cv_id)
        cv.parse_attempts += 1
        cv.parsed_at = timezone.now()
        if result["status"] == "parsed":
            parsed = dict(result["result"])
            cv.text = (parsed.pop("text", None) or {}).get("value") or ""
            cv.parsed = parsed
            cv.page_count = result.get("page_count")
            cv.parse_status, cv.parse_reason = CVDocument.ParseStatus.PARSED, ""
        else:
            cv.parse_status = CVDocument.ParseStatus.FAILED
            cv.parse_reason = str(result.get("reason") or "unknown error")[:200]
        _refresh_filter_fields(cv)
        cv.save()
        _cv_changed(cv.pk)
    return cv


def cv_parse_failed(*, cv_id: int, reason: str) -> None:
    """Record a parse that could not run at all (the task gave up), so HR sees it."""
    from applications.models import CVDocument

    CVDocument.objects.filter(pk=cv_id).update(
        parse_status=CVDocument.ParseStatus.FAILED,
        parse_reason=reason[:200],
        parsed_at=timezone.now(),
    )


def cv_reparse_request(*, cv: Any, actor: Any) -> Any:
    """HR asks to read the CV again (after a parser upgrade, or a failure)."""
    from applications.models import CVDocument

    CVDocument.objects.filter(pk=cv.pk).update(parse_status=CVDocument.ParseStatus.PENDING)
    transaction.on_commit(lambda: _enqueue_cv_parse(cv.pk))
    cv.parse_status = CVDocument.ParseStatus.PENDING
    return cv


@transaction.atomic
def cv_correct(*, cv: Any, actor: Any, field: str, value: Any) -> Any:
    """HR corrects one parsed field; the correction is marked human-entered and kept."""
    from applications.models import DEGREE_ORDER, CVDocument

    if field not in CORRECTABLE_FIELDS:
        raise DomainError(_("This field cannot be corrected."), field="field")
    if field == "highest_degree" and value not in (None, "", *DEGREE_ORDER):
        raise DomainError(_("Choose a degree level from the list."), field="value")
    if field == "years_experience" and value not in (None, ""):
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise DomainError(_("Give the years as a number."), field="value") from None
        if not 0 <= value <= 70:
            raise DomainError(_("Years of experience must be between 0 and 70."), field="value")
    if field == "languages" and isinstance(value, str):
        value = [
            {"language": v.strip().title(), "level": None} for v in value.split(",") if v.strip()
        ]
    cv = CVDocument.objects.select_for_update().get(pk=cv.pk)
    cv.corrections[field] = {
        "value": value,
        "by": actor.pk,
        "by_name": actor.get_full_name() or actor.get_username(),
        "at": timezone.now().isoformat(),
    }
    _refresh_filter_fields(cv)
    cv.save()
    _cv_changed(cv.pk)
    return cv
