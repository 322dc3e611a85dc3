"""The e-mail inviting one candidate to the written examination, with a calendar file.

Sent by a task; the system's own work, so no actor.
"""

from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus
from ats import ics
from screening import selectors
from screening.models import Exam, Sitting


def _local(exam: Exam) -> datetime:
    return exam.starts_at.astimezone(ZoneInfo(exam.time_zone))


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _subject(exam: Exam, *, updated: bool) -> str:
    words = (
        _("Updated: written examination for %(job)s")
        if updated
        else _("Invitation to the written examination for %(job)s")
    )
    return words % {"job": exam.job.title}


def _body(sitting: Sitting, *, updated: bool) -> str:
    exam = sitting.exam
    context: dict[str, Any] = {
        "name": sitting.application.candidate.full_name,
        "exam": exam,
        "job": exam.job,
        "local_start": _local(exam),
        "sections": list(exam.sections.order_by("position", "id")),
        "candidate_number": sitting.candidate_number,
        "organisation": settings.ORGANISATION_NAME,
        "updated": updated,
    }
    return render_to_string("screening/email/exam_invitation.txt", context)


def _calendar(sitting: Sitting) -> bytes:
    exam = sitting.exam
    candidate = sitting.application.candidate
    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return ics.invitation(
        ics.Meeting(
            uid=f"exam-{exam.pk}-sitting-{sitting.pk}@{_host()}",
            sequence=exam.sequence,
            starts_at=exam.starts_at,
            ends_at=exam.starts_at + timedelta(minutes=exam.duration_minutes),
            summary=f"{exam.title} ({exam.job.reference})",
            location=exam.venue or exam.online_link,
            description=_("Candidate number: %(number)s") % {"number": sitting.candidate_number}
            + ("\n" + exam.instructions if exam.instructions else ""),
            url=exam.online_link,
            organizer=ics.Person(organizer_name or settings.ORGANISATION_NAME, organizer_email),
            attendees=[ics.Person(candidate.full_name, candidate.email)],
        ),
        method=ics.REQUEST,
        stamp=timezone.now(),
    )


def exam_invitation_send(*, sitting_id: int, updated: bool = False) -> bool:
    """E-mail one candidate the exam's details with a calendar file (`updated`: the time or
    place changed since the first one); False when there is no one to send it to any more
    (withdrawn, rejected, or the invitation was removed) or the examination has started (a
    task that waited out a broker outage)."""
    sitting = (
        Sitting.objects.select_related("exam__job", "application__candidate")
        .filter(pk=sitting_id)
        .first()
    )
    if sitting is None or sitting.application.status != ApplicationStatus.ACTIVE:
        return False
    if selectors.exam_started(sitting.exam):
        return False
    candidate = sitting.application.candidate
    message = EmailMessage(
        _subject(sitting.exam, updated=updated),
        _body(sitting, updated=updated),
        settings.DEFAULT_FROM_EMAIL,
        [candidate.email],
    )
    message.attach("written-examination.ics", _calendar(sitting), "text/calendar; method=REQUEST")
    message.send()
    return True
