"""What the outbox holds on a person (the messages to them or about their applications and
interviews) and how it is exported and erased; registered with `applications.personal_data`."""

from typing import Any

from django.db.models import Q, QuerySet

from applications.models import Candidate
from messaging.models import OutboxMessage


def _messages(candidate: Candidate) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(
        Q(application__candidate=candidate)
        | Q(interview__application__candidate=candidate)
        | Q(to__iexact=candidate.email)
    ).distinct()


def export(candidate: Candidate) -> dict[str, Any]:
    """The messages sent (or to be sent) to the person themselves, as they were written."""
    to_them = _messages(candidate).filter(to__iexact=candidate.email).order_by("created_at", "pk")
    return {
        "messages": [
            {
                "kind": message.kind,
                "to": message.to,
                "language": message.language,
                "subject": message.subject,
                "body": message.body,
                "status": message.status,
                "created_at": message.created_at,
                "sent_at": message.sent_at,
            }
            for message in to_them
        ]
    }


def erase(candidate: Candidate) -> None:
    """Recipient, subject, body and attachments blanked; kind, status and times stay (the log
    still says that a message went, not what it said). What was not sent yet never will be."""
    ids = list(_messages(candidate).values_list("pk", flat=True))
    rows = OutboxMessage.objects.filter(pk__in=ids)
    rows.filter(status__in=[OutboxMessage.Status.QUEUED, OutboxMessage.Status.HELD]).update(
        status=OutboxMessage.Status.DISCARDED
    )
    rows.update(to="", subject="", body="", attachments=[], last_error="")
