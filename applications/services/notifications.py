"""Messages to applicants from this app: the status link, and the changes to their application
they hear of. Written to the outbox in the transaction of the change (messaging.services)."""

import hashlib
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import (
    ApplicantAccess,
    Application,
    ApplicationStatus,
    Candidate,
    StageEvent,
    StageKind,
    SubjectAccessRequest,
    applicant_facing_status,
    normalise_email,
)
from applications.services.candidates import candidate_survivor
from ats.i18n.names import translate_name
from ats.roles import hr_notification_emails
from messaging.models import OutboxMessage
from messaging.services import language_of, message_queue, messages_queue


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def status_token_issue(*, application: Application) -> str:
    """A new secret status link for the application; earlier links keep working."""
    token = secrets.token_urlsafe(32)
    ApplicantAccess.objects.create(
        application_id=application.pk, token_hash=token_hash(token), issued_at=timezone.now()
    )
    return token


def status_url(token: str) -> str:
    return settings.SITE_URL + reverse("careers-status", args=[token])


def status_url_at_send(message: OutboxMessage) -> str:
    """The `{status_url}` of a message, minted when it is sent (registered as its secret)."""
    assert message.application_id is not None  # noqa: S101  (only applicant kinds have it)
    return status_url(status_token_issue(application=Application(pk=message.application_id)))


def applicant_context(application: Application) -> dict[str, str]:
    """The placeholders every message to an applicant has (needs candidate and job loaded)."""
    return {
        "name": application.candidate.full_name,
        "job": application.job.title,
        "ref": application.job.reference,
        "organisation": settings.ORGANISATION_NAME,
    }


def status_link_queue(*, application: Application, again: bool = False) -> None:
    """Queue the applicant's status link (`again`: the same address applied a second time);
    the link itself is minted only when the message is sent, so no secret is stored."""
    message_queue(
        kind="status_link" if again else "submission_received",
        to=application.candidate.email,
        language=application.language,
        context=applicant_context(application),
        application_id=application.pk,
    )


def stage_event_queue(
    *,
    event: StageEvent,
    application: Application,
    hold: bool = False,
    send_after: datetime | None = None,
) -> OutboxMessage | None:
    """Queue the e-mail telling the applicant about a change they should know of, in the
    transaction of the change; None when there is none to tell.

    Told: entering a stage whose `notify_applicant` HR left on (an offer stage with the offer
    wording), a rejection (once per application and reason, however often it is reopened and
    rejected again; `hold` or `send_after` let HR review or delay it), a withdrawal, a reopened
    application. Not told: back-moves, corrections, the submission (it has its own message).
    """
    message = _stage_event_message(event, application, hold=hold, send_after=send_after)
    return message_queue(**message) if message is not None else None


def stage_events_queue(
    *,
    changes: Sequence[tuple[StageEvent, Application]],
    hold: bool = False,
    send_after: datetime | None = None,
) -> list[OutboxMessage]:
    """`stage_event_queue` of each (event, application) of a bulk action's chunk, written at
    once, with one send task for them all."""
    # The chunk's few (language, stage, status) and (name, language), each translated once.
    words = lru_cache(maxsize=None)(_status_words)
    names = lru_cache(maxsize=None)(translate_name)
    messages = [
        _stage_event_message(
            event, application, hold=hold, send_after=send_after, words=words, names=names
        )
        for event, application in changes
    ]
    return messages_queue([m for m in messages if m is not None])


def _status_words(language: str, stage_kind: str, status: str) -> str:
    with translation.override(language):
        return applicant_facing_status(stage_kind, status)


def _stage_event_message(
    event: StageEvent,
    application: Application,
    *,
    hold: bool,
    send_after: datetime | None,
    words: Callable[[str, str, str], str] = _status_words,
    names: Callable[[str, str], str] = translate_name,
) -> dict[str, Any] | None:
    """The `message_queue` arguments of the message about `event`, or None (see
    `stage_event_queue` for who is told what)."""
    if event.is_backward or event.kind == StageEvent.Kind.SUBMITTED:
        return None
    stage = event.to_stage
    if event.kind == StageEvent.Kind.MOVED and not stage.notify_applicant:
        return None
    language = language_of(application.language)
    context = applicant_context(application) | {
        "stage": names(stage.name, language),
        "status": words(language, stage.kind, event.to_status),
    }
    message: dict[str, Any] = {
        "to": application.candidate.email,
        "language": language,
        "application_id": application.pk,
    }
    if event.kind == StageEvent.Kind.REJECTED:
        reason = event.rejection_reason
        assert reason is not None  # noqa: S101  (a rejection always has one)
        return message | {
            "kind": "rejection",
            "key": reason.code,
            "context": context | {"reason": names(reason.label, language)},
            "dedupe_key": f"rejection:{application.pk}:{reason.pk}",
            "hold": hold,
            "send_after": send_after,
        }
    if event.kind == StageEvent.Kind.MOVED:
        kind = "offer" if stage.kind == StageKind.OFFER else "stage_entered"
        return message | {"kind": kind, "key": str(stage.pk), "context": context}
    if event.to_status in (ApplicationStatus.WITHDRAWN, ApplicationStatus.ACTIVE):
        return message | {"kind": "status_changed", "context": context}
    return None


def status_link_request(*, email: str) -> int:
    """Someone asks for fresh status links for an address (an expired link's page offers it).

    Each application of that person gets a message whose link is minted when it is sent (no
    secret in a row or in the broker). The caller shows the same words whether or not the
    address is known. Returns how many messages were queued.
    """
    candidate = Candidate.objects.filter(
        email_normalised=normalise_email(email), erased_at__isnull=True
    ).first()
    if candidate is None:
        return 0
    # An address merged into another person's record asks for that person's links (sent to
    # the address on the kept record, like every status link).
    candidate = candidate_survivor(candidate)
    applications = list(candidate.applications.select_related("candidate", "job"))
    for application in applications:
        status_link_queue(application=application, again=True)
    return len(applications)


def subject_access_request_notify(*, request: SubjectAccessRequest) -> None:
    """Tell HR that an applicant asked for a copy of their data, and by when it is due."""
    for recipient in hr_notification_emails():
        message_queue(
            kind="subject_access_request",
            to=recipient,
            language=settings.LANGUAGE_CODE,
            context={
                "application_id": str(request.application_id),
                "ref": request.application.job.reference,
                "due": request.due_on.isoformat(),
                "url": settings.SITE_URL + reverse("hr-application", args=[request.application_id]),
            },
            application_id=request.application_id,
            dedupe_key=f"subject_access_request:{request.pk}:{recipient}",
        )
