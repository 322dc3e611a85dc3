"""E-mails about interviews (invitations, updates, cancellations with .ics files; a reopened
scorecard), and the one place that enqueues their Celery tasks on commit."""

from collections.abc import Sequence
from datetime import datetime
from email.utils import parseaddr
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Candidate
from ats import ics
from ats.queue import enqueue_on_commit
from interviews import selectors
from interviews.models import Interview, PanelMember, Scorecard

Notice = Literal["invitation", "update", "cancellation", "removal"]

NOTICES = {
    # notice: (iTIP method, subject for the candidate, subject for a panel member)
    "invitation": (
        ics.REQUEST,
        gettext_lazy("Interview invitation: %(job)s"),
        gettext_lazy("Interview panel: %(title)s"),
    ),
    "update": (
        ics.REQUEST,
        gettext_lazy("Interview changed: %(job)s"),
        gettext_lazy("Interview changed: %(title)s"),
    ),
    "cancellation": (
        ics.CANCEL,
        gettext_lazy("Interview cancelled: %(job)s"),
        gettext_lazy("Interview cancelled: %(title)s"),
    ),
    "removal": (
        ics.CANCEL,
        gettext_lazy("Interview cancelled: %(job)s"),
        gettext_lazy("You are no longer on the panel: %(title)s"),
    ),
}


def enqueue_notice(
    interview: Interview, notice: Notice, *, user_ids: list[int] | None = None, candidate: bool
) -> None:
    """An invitation, update or cancellation to the candidate and/or these panel members
    (`user_ids`; None: the whole current panel), sent after commit."""
    task = "interviews.tasks.send_interview_notice"
    enqueue_on_commit(task, interview.pk, notice, user_ids, candidate)


def _organizer() -> ics.Person:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return ics.Person(name or settings.ORGANISATION_NAME, address)


def interview_meeting(interview: Interview, attendees: Sequence[Candidate | User]) -> ics.Meeting:
    """The calendar view of an interview; `attendees` are the candidate and/or users."""
    people = [
        ics.Person(a.full_name, a.email)
        if isinstance(a, Candidate)
        else ics.Person(selectors.person_name(a), a.email)
        for a in attendees
        if a.email
    ]
    job = interview.application.job
    location = ", ".join(p for p in (interview.venue, interview.video_link) if p)
    return ics.Meeting(
        uid=interview.ical_uid,
        sequence=interview.ical_sequence,
        starts_at=interview.starts_at,
        ends_at=interview.ends_at,
        summary=f"{selectors.interview_title(interview)} ({job.reference})",
        location=location,
        description=_("%(round)s for %(job)s (%(ref)s).")
        % {"round": interview.round.name, "job": job.title, "ref": job.reference},
        organizer=_organizer(),
        attendees=people,
        url=interview.video_link,
    )


def interview_notice_send(
    *, interview_id: int, notice: Notice, user_ids: list[int] | None = None, candidate: bool = True
) -> int:
    """E-mail an invitation, update or cancellation with its .ics file: to the candidate (when
    `candidate`) and to the panel members (`user_ids`, or the whole current panel). Returns how
    many e-mails were sent. The candidate's calendar file lists only the candidate: panel
    members' addresses stay internal."""
    interview = (
        Interview.objects.select_related("application__candidate", "application__job", "round")
        .filter(pk=interview_id)
        .first()
    )
    if interview is None:
        return 0
    panel = [
        m.interviewer
        for m in PanelMember.objects.filter(interview=interview, removed_at__isnull=True)
        .select_related("interviewer")
        .order_by("added_at", "id")
    ]
    recipients = (
        list(User.objects.filter(pk__in=user_ids).order_by("pk")) if user_ids is not None else panel
    )
    stamp = timezone.now()
    messages = _candidate_notice(interview, notice, stamp) if candidate else []
    messages += [
        _panel_notice(interview, notice, user, panel, stamp) for user in recipients if user.email
    ]
    for message in messages:
        message.send()
    return len(messages)


def _subject_context(interview: Interview) -> dict[str, str]:
    job = interview.application.job
    return {
        "job": f"{job.title} ({job.reference})",
        "title": selectors.interview_title(interview),
    }


def _candidate_notice(interview: Interview, notice: Notice, stamp: datetime) -> list[EmailMessage]:
    """The candidate's copy (none without an address): their calendar file lists only them."""
    person = interview.application.candidate
    if not person.email:
        return []
    method, subject, _panel_subject = NOTICES[notice]
    calendar = ics.invitation(interview_meeting(interview, [person]), method=method, stamp=stamp)
    return [
        _notice_mail(
            interview,
            notice,
            subject=subject % _subject_context(interview),
            to=person.email,
            name=person.full_name,
            calendar=calendar,
            method=method,
            for_panel=False,
        )
    ]


def _panel_notice(
    interview: Interview, notice: Notice, user: User, panel: list[User], stamp: datetime
) -> EmailMessage:
    """A panel member's copy; its calendar file lists the candidate and the panel (only them
    when it tells them they left the panel)."""
    method, _candidate_subject, subject = NOTICES[notice]
    attendees: list[Candidate | User] = (
        [interview.application.candidate, *panel] if notice != "removal" else [user]
    )
    calendar = ics.invitation(interview_meeting(interview, attendees), method=method, stamp=stamp)
    return _notice_mail(
        interview,
        notice,
        subject=subject % _subject_context(interview),
        to=user.email,
        name=selectors.person_name(user),
        calendar=calendar,
        method=method,
        for_panel=True,
    )


def _notice_mail(
    interview: Interview,
    notice: Notice,
    *,
    subject: str,
    to: str,
    name: str,
    calendar: bytes,
    method: str,
    for_panel: bool,
) -> EmailMessage:
    with timezone.override(interview.zone):
        body = render_to_string(
            "interviews/email/notice.txt",
            {
                "notice": notice,
                "name": name,
                "interview": interview,
                "job": interview.application.job,
                "candidate": interview.application.candidate,
                "for_panel": for_panel,
                "url": settings.SITE_URL + reverse("interview-detail", args=[interview.pk]),
                "organisation": settings.ORGANISATION_NAME,
            },
        )
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach("interview.ics", calendar, f"text/calendar; method={method}; charset=utf-8")
    return message


def scorecard_reopened_send(*, scorecard_id: int) -> bool:
    """Tell the author that HR reopened their scorecard, and why."""
    scorecard = (
        Scorecard.objects.select_related(
            "interviewer", "interview__round", "interview__application__candidate"
        )
        .filter(pk=scorecard_id)
        .first()
    )
    if scorecard is None or scorecard.is_submitted or not scorecard.interviewer.email:
        return False
    reopening = scorecard.reopenings.order_by("-at", "-id").first()
    title = selectors.interview_title(scorecard.interview)
    body = _(
        "Dear %(name)s,\n\nHR reopened your scorecard for %(title)s so that you can change it.\n"
        "Reason: %(reason)s\n\nSubmit it again here:\n%(url)s\n"
    ) % {
        "name": selectors.person_name(scorecard.interviewer),
        "title": title,
        "reason": reopening.reason if reopening else "",
        "url": settings.SITE_URL + reverse("interview-detail", args=[scorecard.interview_id]),
    }
    send_mail(
        _("Scorecard reopened: %(title)s") % {"title": title},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [scorecard.interviewer.email],
    )
    return True
