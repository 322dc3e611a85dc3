"""Reminders to panel members whose scorecard is still missing a day after the interview."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from ats.preferences import staff_language
from interviews import selectors
from interviews.models import LIVE_STATUSES, ConflictStatus, PanelMember, Scorecard, ScorecardStatus
from interviews.templatetags.interview_tags import interview_when
from messaging.services import language_of, message_queue

REMINDER_AFTER = timedelta(hours=24)


def scorecard_reminders_send(*, now: datetime | None = None) -> int:
    """E-mail each panel member whose scorecard is still missing 24 hours after the interview
    ended, once per seat (the time is recorded). Active applications only: a closed one needs
    no more scorecards. Returns how many reminders went out."""
    now = now or timezone.now()
    sent = 0
    for member in _seats_due(now):
        if not member.interviewer.email:
            continue
        with transaction.atomic():
            # Claim the seat and queue its message together: a second beat run finds it taken.
            claimed = PanelMember.objects.filter(
                pk=member.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            _send_reminder(member)
        sent += 1
    return sent


def _seats_due(now: datetime) -> QuerySet[PanelMember]:
    """Current seats without a submitted scorecard or a reminder, a day after a live interview
    of an active application ended (a member who declared a conflict is not asked)."""
    submitted = Scorecard.objects.filter(
        interview=OuterRef("interview"),
        interviewer=OuterRef("interviewer"),
        status=ScorecardStatus.SUBMITTED,
    )
    return (
        PanelMember.objects.filter(
            removed_at__isnull=True,
            reminder_sent_at__isnull=True,
            interview__status__in=LIVE_STATUSES,
            interview__ends_at__lte=now - REMINDER_AFTER,
            interview__application__status=ApplicationStatus.ACTIVE,
        )
        .exclude(conflict_status=ConflictStatus.DECLARED)
        .exclude(Exists(submitted))
        .select_related(
            "interviewer",
            "interview__round",
            "interview__application__candidate",
            "interview__application__job",
        )
        .order_by("interview__ends_at", "id")
    )


def _send_reminder(member: PanelMember) -> None:
    interview = member.interview
    message_queue(
        kind="scorecard_reminder",
        to=member.interviewer.email,
        language=language_of(staff_language(member.interviewer)),
        context={
            "name": selectors.person_name(member.interviewer),
            "title": selectors.interview_title(interview),
            "when": interview_when(interview),
            "url": settings.SITE_URL + reverse("interview-detail", args=[interview.pk]),
        },
        application_id=interview.application_id,
        interview_id=interview.pk,
    )
