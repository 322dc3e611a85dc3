"""HR writing to candidates: one message per application, through the outbox.

Above `applications` (it reads applications to fill in the placeholders); the outbox itself
(`messaging.services`) is below every app.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import translation

from applications.models import Application, applicant_facing_status
from applications.services.notifications import applicant_context
from ats.actors import Actor
from ats.i18n.names import translate_name
from messaging import services
from messaging.models import OutboxMessage


def write_context(application: Application) -> dict[str, str]:
    """The free-form placeholders of one application, in its applicant's language."""
    with translation.override(services.language_of(application.language)):
        return applicant_context(application) | {
            "stage": translate_name(application.stage.name),
            "status": applicant_facing_status(application.stage.kind, application.status),
        }


def applications_write(
    *, actor: Actor, applications: Iterable[Application], subject: str, body: str
) -> list[OutboxMessage]:
    """Write the same message to each application's candidate, each with their own name and
    link, all or none (one transaction). Needs candidate, job and stage loaded.

    Side effects: one outbox message per candidate with an address.
    """
    written = []
    with transaction.atomic():
        for application in applications:
            message = services.message_write(
                actor=actor,
                application_id=application.pk,
                to=application.candidate.email,
                language=application.language,
                subject=subject,
                body=body,
                context=write_context(application),
            )
            if message is not None:
                written.append(message)
    return written
