"""The e-mail inviting one candidate to the written examination, with a calendar file.

Written to the outbox in the transaction that invites or moves the exam; the system's own
work, so no actor.
"""

from datetime import datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus
from applications.services.notifications import applicant_context
from ats import ics
from messaging.services import Attachment, language_of, message_queue
from screening import selectors
from screening.models import Exam, Sitting


def _local(exam: Exam) -> datetime:
    return exam.starts_at.astimezone(ZoneInfo(exam.time_zone))


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _details(exam: Exam) -> str:
    """When, how long and where, in the exam's own zone, as lines for the message."""
    lines = [
        _("When") + f": {date_format(_local(exam), 'l j F Y, H:i')} ({exam.time_zone})",
        _("Duration") + ": " + _("%(m)s minutes") % {"m": exam.duration_minutes},
    ]
    if exam.venue:
        lines.append(_("Where") + f": {exam.venue}")
    if exam.online_link:
        lines.append(_("Online") + f": {exam.online_link}")
    return "\n".join(lines)


def _sections(exam: Exam) -> str:
    sections = list(exam.sections.order_by("position", "id"))
    if not sections:
        return ""
    lines = [_("Sections") + ":"]
    lines += [
        f"  - {s.name} (" + _("%(p)s points") % {"p": floatformat(s.max_points, "-2")} + ")"
        for s in sections
    ]
    return "\n".join(lines)


def _context(sitting: Sitting) -> dict[str, str]:
    exam = sitting.exam
    return applicant_context(sitting.application) | {
        "exam": exam.title,
        "details": _details(exam),
        "candidate_number": sitting.candidate_number,
        "sections": _sections(exam),
        "instructions": exam.instructions,
    }


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
    """Queue the e-mail giving one candidate the exam's details with a calendar file
    (`updated`: the time or place changed since the first one), in the caller's transaction;
    False when there is no one to send it to any more (withdrawn, rejected, or the invitation
    was removed) or the examination has started. A message still unsent when the examination
    starts (a broker outage) expires unsent.

    Side effects: one outbox message (messaging.services.message_queue).
    """
    sitting = (
        Sitting.objects.select_related("exam__job", "application__candidate", "application__job")
        .filter(pk=sitting_id)
        .first()
    )
    if sitting is None or sitting.application.status != ApplicationStatus.ACTIVE:
        return False
    if selectors.exam_started(sitting.exam):
        return False
    application = sitting.application
    language = language_of(application.language)
    with translation.override(language):
        context = _context(sitting)
        calendar = _calendar(sitting)
    message = message_queue(
        kind="exam_update" if updated else "exam_invitation",
        to=application.candidate.email,
        language=language,
        context=context,
        application_id=application.pk,
        attachments=[
            Attachment(
                "written-examination.ics",
                calendar.decode(),
                "text/calendar; method=REQUEST",
            )
        ],
        expires_at=sitting.exam.starts_at,
    )
    return message is not None
