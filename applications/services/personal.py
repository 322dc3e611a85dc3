"""Personal data: erasure that keeps the statistics, the subject-access export, legal holds,
retention, the access log; and what this app itself holds on a person (registered in ready()).
"""

import io
import json
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from applications import personal_data
from applications.models import (
    ApplicantAccess,
    Application,
    Candidate,
    CandidateMerge,
    ConsentRecord,
    CVDocument,
    ErasureRecord,
    LegalHold,
    Offer,
    OfferApproval,
    PersonalDataAccess,
    PossibleDuplicate,
    StageEvent,
    SubjectAccessRequest,
    Submission,
)
from applications.selectors.offers import money
from applications.selectors.personal import RetentionDue, retention_due
from ats.actors import RETENTION, Actor, acting_user, actor_label, require_hr
from ats.errors import ConflictError, DomainError

REASON_MAX = 2000
# How long HR has to answer an applicant's request for their data.
SUBJECT_ACCESS_DAYS = 30


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give a reason."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Keep the reason under %(max)d characters.") % {"max": REASON_MAX}, field="reason"
        )
    return reason


# --- the access log --------------------------------------------------------------------------


def personal_data_access_record(
    *,
    candidate_id: int,
    action: str,
    actor: Actor,
    application_id: int | None = None,
) -> PersonalDataAccess:
    """Note who opened a CV, exported or erased a person's data (kept after erasure)."""
    return PersonalDataAccess.objects.create(
        candidate_id=candidate_id,
        application_id=application_id,
        action=action,
        user=acting_user(actor),
        by_label=actor_label(actor)[:150],
    )


# --- legal holds -----------------------------------------------------------------------------


@transaction.atomic
def legal_hold_set(*, candidate: Candidate, actor: Actor, reason: str) -> LegalHold:
    """HR keeps this person's data past retention (and refuses erasure) until lifted."""
    require_hr(actor, _("put personal data on hold"), person=True)
    if candidate.erased_at is not None:
        raise DomainError(_("This person's data has already been erased."), code="erased")
    return LegalHold.objects.create(
        candidate=candidate, reason=_reason(reason), set_by=acting_user(actor)
    )


@transaction.atomic
def legal_hold_release(*, hold: LegalHold, actor: Actor) -> LegalHold:
    require_hr(actor, _("lift a hold on personal data"), person=True)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        return hold
    hold.released_at = timezone.now()
    hold.released_by = acting_user(actor)
    hold.save(update_fields=["released_at", "released_by"])
    return hold


def _hr_holds(candidates: QuerySet[Candidate]) -> dict[int, str]:
    holds = LegalHold.objects.filter(candidate__in=candidates, released_at__isnull=True)
    return {
        hold.candidate_id: _("Held by HR: %(reason)s") % {"reason": hold.reason}
        for hold in holds.order_by("set_at")
    }


# --- erasure ---------------------------------------------------------------------------------


def _anonymise_candidate(candidate: Candidate, now: datetime) -> None:
    candidate.full_name = f"Erased candidate {candidate.pk}"
    # The unique e-mail key must stay unique; `.invalid` can never be a real address.
    candidate.email = f"erased-{candidate.pk}@erased.invalid"
    candidate.phone = ""
    candidate.nationality = ""
    candidate.country_of_residence = ""
    candidate.erased_at = now
    candidate.save()


def _erase_merged_records(candidate: Candidate, now: datetime) -> None:
    """The records merged into the person are the person too: erased with them. The merges'
    undo data (copies of rows, old values) and reasons are emptied, so an erased person's
    merge can no longer be undone."""
    for absorbed in Candidate.objects.filter(merged_into=candidate, erased_at__isnull=True):
        for holder in personal_data.holders():
            holder.erase(absorbed)
        _anonymise_candidate(absorbed, now)
        _erase_merged_records(absorbed, now)
    CandidateMerge.objects.filter(Q(survivor=candidate) | Q(absorbed=candidate)).update(
        changes={"erased": True}, reason=""
    )


@transaction.atomic
def candidate_erase(
    *, candidate: Candidate, actor: Actor, reason: str, automatic: bool = False
) -> ErasureRecord:
    """Remove the person from every table and file; keep the anonymous statistics rows.

    Every registered holder erases its own tables (see `applications.personal_data`); the
    candidate row stays, anonymised, so that applications, stage events and scores keep their
    foreign keys and every funnel, channel yield and exam ranking counts the same afterwards.
    Refused (and nothing changes) while a legal hold names a reason.
    Side effects: the person's files are deleted after commit; one access-log row.
    """
    require_hr(actor, _("erase personal data"))
    reason = _reason(reason)
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.erased_at is not None:
        raise ConflictError(_("This person's data has already been erased."), code="erased")
    holds = personal_data.legal_holds(Candidate.objects.filter(pk=candidate.pk))
    if holds:
        raise ConflictError(
            _("This person's data is under a legal hold: %(reasons)s")
            % {"reasons": "; ".join(holds[candidate.pk])},
            code="legal_hold",
        )
    now = timezone.now()
    for holder in personal_data.holders():
        holder.erase(candidate)
    _anonymise_candidate(candidate, now)
    _erase_merged_records(candidate, now)
    record = ErasureRecord.objects.create(
        candidate=candidate,
        at=now,
        by=acting_user(actor),
        by_label=actor_label(actor)[:150],
        reason=reason,
        automatic=automatic,
        application_count=Application.objects.filter(candidate=candidate).count(),
    )
    personal_data_access_record(
        candidate_id=candidate.pk, action=PersonalDataAccess.Action.ERASED, actor=actor
    )
    return record


def _erase_applications(candidate: Candidate) -> None:
    """This app's part of an erasure: CVs and their text, answers, cover letters, free-text
    reasons and notes, status links, duplicate flags, admin log lines."""
    mine = Q(application__candidate=candidate)
    cvs = CVDocument.objects.filter(mine)
    personal_data.delete_files_on_commit(cv.file for cv in cvs.only("file"))
    cvs.delete()
    Application.objects.filter(candidate=candidate).update(answers={})
    Submission.objects.filter(mine).update(cover_letter="", ip_address=None)
    # The audit trail is append-only, except that a person's erasure empties its free text
    # (a reason may name them); kind, stages, statuses and times stay for the reports.
    StageEvent.objects.filter(mine).update(reason="")
    Offer.objects.filter(mine).update(notes="", salary=None)
    OfferApproval.objects.filter(offer__application__candidate=candidate).update(comment="")
    ApplicantAccess.objects.filter(mine).delete()
    PossibleDuplicate.objects.filter(Q(candidate=candidate) | Q(existing=candidate)).delete()
    LegalHold.objects.filter(candidate=candidate).update(reason="")
    _erase_admin_log(candidate)


def _erase_admin_log(candidate: Candidate) -> None:
    application_ids = [
        str(pk)
        for pk in Application.objects.filter(candidate=candidate).values_list("pk", flat=True)
    ]
    # Other apps' rows are named after the person too (an expert's case), so their name counts.
    lines = LogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Candidate), object_id=str(candidate.pk))
        | Q(
            content_type=ContentType.objects.get_for_model(Application),
            object_id__in=application_ids,
        )
        | Q(object_repr__icontains=candidate.full_name)
    )
    lines.update(object_repr="", change_message="")


# --- the subject-access export ---------------------------------------------------------------


def _export_applications(candidate: Candidate) -> dict[str, Any]:
    applications = (
        Application.objects.filter(candidate=candidate)
        .select_related("job", "stage", "source", "rejection_reason", "submission", "cv")
        .prefetch_related("events__to_stage", "offers", "consents")
        .order_by("submitted_at", "pk")
    )
    return {
        "candidate": {
            "id": candidate.pk,
            "full_name": candidate.full_name,
            "email": candidate.email,
            "phone": candidate.phone,
            "nationality": str(candidate.nationality),
            "country_of_residence": str(candidate.country_of_residence),
            "created_at": candidate.created_at,
            "erased_at": candidate.erased_at,
        },
        "applications": [_export_application(application) for application in applications],
    }


def _export_application(application: Application) -> dict[str, Any]:
    submission = getattr(application, "submission", None)
    cv = getattr(application, "cv", None)
    return {
        "id": application.pk,
        "job": {"reference": application.job.reference, "title": application.job.title},
        "source": application.source.name,
        "submitted_at": application.submitted_at,
        "stage": application.stage.name,
        "status": application.status,
        "rejection_reason": application.rejection_reason.label
        if application.rejection_reason
        else None,
        "answers": application.answers,
        "cover_letter": submission.cover_letter if submission else "",
        "cv": None
        if cv is None
        else {
            "file_name": cv.original_name,
            "uploaded_at": cv.uploaded_at,
            "parse_status": cv.parse_status,
            "parsed": cv.parsed,
            "corrections": cv.corrections,
            "text": cv.text,
        },
        "events": [
            {"kind": e.kind, "to_stage": e.to_stage.name, "status": e.to_status, "at": e.at}
            | ({"reason": e.reason} if e.reason else {})
            for e in application.events.all()
        ],
        "offers": [
            {
                "status": offer.status,
                "position": offer.position_title,
                "salary": money(offer.salary, offer.currency),
                "contract_type": offer.contract_type,
                "offered_on": offer.offered_on,
                "responded_on": offer.responded_on,
                "start_date": offer.start_date,
            }
            for offer in application.offers.all()
        ],
        "consents": [
            {
                "purpose": consent.purpose,
                "text": consent.text,
                "text_version": consent.text_version,
                "language": consent.language,
                "given_at": consent.given_at,
                "withdrawn_at": consent.withdrawn_at,
            }
            for consent in application.consents.all()
        ],
    }


def _cv_files(candidate: Candidate) -> list[personal_data.ExportFile]:
    cvs = CVDocument.objects.filter(application__candidate=candidate).select_related(
        "application__job"
    )
    return [
        personal_data.ExportFile(
            name=f"cv/{cv.application.job.reference}-{cv.original_name or 'cv'}", file=cv.file
        )
        for cv in cvs
        if cv.file
    ]


def _safe_zip_name(name: str) -> str:
    return "/".join(part for part in name.replace("\\", "/").split("/") if part not in ("", ".."))


def candidate_export(*, candidate: Candidate, actor: Actor) -> bytes:
    """A ZIP of everything held on the person: `personal-data.json` and their original files.

    Side effect: one access-log row.
    """
    require_hr(actor, _("export personal data"), person=True)
    sections = {holder.name: holder.export(candidate) for holder in personal_data.holders()}
    document = {"exported_at": timezone.now(), **sections}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "personal-data.json",
            json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for holder in personal_data.holders():
            for item in holder.files(candidate):
                with item.file.open("rb") as handle:
                    archive.writestr(_safe_zip_name(item.name), handle.read())
    personal_data_access_record(
        candidate_id=candidate.pk, action=PersonalDataAccess.Action.EXPORTED, actor=actor
    )
    _fulfil_access_requests(candidate)
    return buffer.getvalue()


def _fulfil_access_requests(candidate: Candidate) -> None:
    SubjectAccessRequest.objects.filter(candidate=candidate, fulfilled_at__isnull=True).update(
        fulfilled_at=timezone.now()
    )


@transaction.atomic
def subject_access_request_create(
    *, application: Application, actor: Actor
) -> SubjectAccessRequest:
    """The applicant asks, from their status page, for a copy of their data; HR has 30 days.

    An open request is not repeated. Side effect: a message to HR (the outbox).
    """
    from ats.actors import is_applicant_of

    if not is_applicant_of(actor, application.pk):
        raise DomainError(_("Only the applicant may ask for their data."), code="forbidden")
    open_request = SubjectAccessRequest.objects.filter(
        candidate_id=application.candidate_id, fulfilled_at__isnull=True
    ).first()
    if open_request is not None:
        return open_request
    request = SubjectAccessRequest.objects.create(
        candidate_id=application.candidate_id,
        application=application,
        due_on=(timezone.now() + timedelta(days=SUBJECT_ACCESS_DAYS)).date(),
    )
    from applications.services.notifications import subject_access_request_notify

    subject_access_request_notify(request=request)
    return request


# --- retention -------------------------------------------------------------------------------


def retention_apply(
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    progress: Callable[[RetentionDue, str], None] | None = None,
) -> list[RetentionDue]:
    """Erase everybody whose retention has ended and who is not held; returns who was (or, in a
    dry run, would be) erased. Each person is erased in their own transaction, so one refusal
    never undoes the others; `progress` hears of each person as they are done."""
    due = [entry for entry in retention_due(now=now or timezone.now()) if not entry.held]
    done: list[RetentionDue] = []
    for entry in due:
        if dry_run:
            outcome = "would erase"
        else:
            candidate = Candidate.objects.get(pk=entry.candidate_id)
            try:
                candidate_erase(
                    candidate=candidate,
                    actor=RETENTION,
                    reason=gettext_noop("Retention period ended"),
                    automatic=True,
                )
            except DomainError as exc:
                outcome = f"refused: {exc.message}"
                if progress is not None:
                    progress(entry, outcome)
                continue
            outcome = "erased"
        done.append(entry)
        if progress is not None:
            progress(entry, outcome)
    return done


# --- consent ---------------------------------------------------------------------------------


def consent_version(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()[:12]


def consent_record(
    *,
    application: Application,
    purpose: str,
    text: str,
    language: str,
    given_at: datetime | None = None,
) -> ConsentRecord:
    """Keep what the applicant agreed to, in the words and language they saw (`given_at`:
    when, if not now — an import or the demo enters past submissions)."""
    return ConsentRecord.objects.create(
        application=application,
        purpose=purpose,
        text=text,
        text_version=consent_version(text),
        language=language[:10],
        given_at=given_at or timezone.now(),
    )


@transaction.atomic
def talent_pool_withdraw(*, application: Application, actor: Actor) -> int:
    """The applicant withdraws their talent-pool consent (every application of theirs)."""
    from ats.actors import is_applicant_of

    if not is_applicant_of(actor, application.pk):
        require_hr(actor, _("withdraw a talent-pool consent"))
    return ConsentRecord.objects.filter(
        application__candidate_id=application.candidate_id,
        purpose=ConsentRecord.Purpose.TALENT_POOL,
        withdrawn_at__isnull=True,
    ).update(withdrawn_at=timezone.now())


def register_own_personal_data() -> None:
    """Called from `ApplicationsConfig.ready()`."""
    personal_data.register_personal_data(
        personal_data.PersonalData(
            name="applications",
            export=_export_applications,
            erase=_erase_applications,
            files=_cv_files,
            holds=_hr_holds,
        )
    )
    from applications.services.candidates import hr_records_erase, hr_records_export

    personal_data.register_personal_data(
        personal_data.PersonalData(
            name="hr_records", export=hr_records_export, erase=hr_records_erase
        )
    )
