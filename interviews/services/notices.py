"""E-mails about interviews (invitations, updates, cancellations with .ics files; a reopened
scorecard), written to the outbox in the transaction of the change that causes them."""

from collections.abc import Sequence
from datetime import datetime
from email.utils import parseaddr
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Candidate
from applications.services.notifications import applicant_context
from ats import ics
from ats.i18n.names import translate_name
from ats.preferences import staff_language
from interviews import selectors
from interviews.models import Interview, PanelMember, Scorecard
from interviews.templatetags.interview_tags import interview_when
from messaging.services import Attachment, language_of, message_queue

Notice = Literal["invitation", "update", "cancellation", "removal"]

# notice: (iTIP method, the candidate's kind of message, the headline of a panel member's)
NOTICES = {
    "invitation": (ics.REQUEST, "interview_invitation", gettext_lazy("Interview panel")),
    "update": (ics.REQUEST, "interview_update", gettext_lazy("Interview changed")),
    "cancellation": (ics.CANCEL, "interview_cancellation", gettext_lazy("Interview cancelled")),
    "removal": (ics.CANCEL, "interview_cancellation", gettext_lazy("No longer on the panel")),
}


def interview_notice_queue(
    interview: Interview, notice: Notice, *, user_ids: list[int] | None = None, candidate: bool
) -> int:
    """An invitation, update or cancellation to the candidate and/or these panel members
    (`user_ids`; None: the whole current panel), written to the outbox in the caller's
    transaction: one message per person, each with its own .ics file."""
    return interview_notice_send(
        interview_id=interview.pk, notice=notice, user_ids=user_ids, candidate=candidate
    )


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
        % {"round": translate_name(interview.round.name), "job": job.title, "ref": job.reference},
        organizer=_organizer(),
        attendees=people,
        url=interview.video_link,
    )


def interview_notice_send(
    *, interview_id: int, notice: Notice, user_ids: list[int] | None = None, candidate: bool = True
) -> int:
    """Queue an invitation, update or cancellation with its .ics file: to the candidate (when
    `candidate`) and to the panel members (`user_ids`, or the whole current panel). Returns how
    many messages were queued. The candidate's calendar file lists only the candidate: panel
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
    queued = _candidate_notice(interview, notice, stamp) if candidate else 0
    for user in recipients:
        if user.email:
            queued += _panel_notice(interview, notice, user, panel, stamp)
    return queued


def _details(interview: Interview, notice: Notice) -> str:
    """When and where, as lines, in the interview's zone (nothing left to say when cancelled)."""
    if notice in ("cancellation", "removal"):
        return ""
    lines = [_("When") + ": " + interview_when(interview, "always")]
    if interview.venue:
        lines.append(_("Where") + f": {interview.venue}")
    if interview.video_link:
        lines.append(_("Video link") + f": {interview.video_link}")
    return "\n".join(lines)


def _expiry(interview: Interview, notice: Notice) -> datetime | None:
    """An invitation or update still unsent when the interview begins (a long broker outage)
    is no longer worth sending; a cancellation always is."""
    return interview.starts_at if notice in ("invitation", "update") else None


def _attachment(interview: Interview, calendar: bytes, method: str) -> Attachment:
    return Attachment(
        "interview.ics", calendar.decode(), f"text/calendar; method={method}; charset=utf-8"
    )


def _candidate_notice(interview: Interview, notice: Notice, stamp: datetime) -> int:
    """The candidate's copy (none without an address): their calendar file lists only them."""
    application = interview.application
    person = application.candidate
    if not person.email:
        return 0
    method, kind, _headline = NOTICES[notice]
    language = language_of(application.language)
    with translation.override(language):  # the calendar's texts too, in the candidate's
        calendar = ics.invitation(
            interview_meeting(interview, [person]), method=method, stamp=stamp
        )
        context = applicant_context(application) | {
            "round": translate_name(interview.round.name),
            "details": _details(interview, notice),
            "note": interview.status_note if notice == "cancellation" else "",
        }
    message_queue(
        kind=kind,
        to=person.email,
        language=language,
        context=context,
        application_id=application.pk,
        interview_id=interview.pk,
        attachments=[_attachment(interview, calendar, method)],
        expires_at=_expiry(interview, notice),
    )
    return 1


def _change(interview: Interview, notice: Notice) -> str:
    """The sentence that tells a panel member what happened."""
    job = interview.application.job
    words = {
        "round": translate_name(interview.round.name),
        "candidate": interview.application.candidate.full_name,
        "job": job.title,
        "ref": job.reference,
    }
    if notice == "invitation":
        return _("You are on the panel of %(round)s with %(candidate)s, for %(job)s (%(ref)s).") % (
            words
        )
    if notice == "update":
        return (
            _(
                "%(round)s for %(job)s (%(ref)s) has changed. The details below replace the "
                "earlier ones."
            )
            % words
        )
    if notice == "cancellation":
        return (_("%(round)s for %(job)s (%(ref)s) is cancelled.") % words) + (
            f" {interview.status_note}" if interview.status_note else ""
        )
    return (
        _(
            "You are no longer on the panel of %(round)s with %(candidate)s; it is removed from "
            "your calendar."
        )
        % words
    )


def _panel_notice(
    interview: Interview, notice: Notice, user: User, panel: list[User], stamp: datetime
) -> int:
    """A panel member's copy; its calendar file lists the candidate and the panel (only them
    when it tells them they left the panel)."""
    method, _kind, headline = NOTICES[notice]
    attendees: list[Candidate | User] = (
        [interview.application.candidate, *panel] if notice != "removal" else [user]
    )
    job = interview.application.job
    language = language_of(staff_language(user))
    with translation.override(language):  # the calendar's texts too, in the member's
        calendar = ics.invitation(
            interview_meeting(interview, attendees), method=method, stamp=stamp
        )
        context = {
            "name": selectors.person_name(user),
            "headline": str(headline),
            "change": _change(interview, notice),
            "title": selectors.interview_title(interview),
            "candidate": interview.application.candidate.full_name,
            "job": job.title,
            "ref": job.reference,
            "details": _details(interview, notice),
            "url": settings.SITE_URL + reverse("interview-detail", args=[interview.pk]),
            "organisation": settings.ORGANISATION_NAME,
        }
    message_queue(
        kind="panel_notice",
        key=notice,
        to=user.email,
        language=language,
        context=context,
        application_id=interview.application_id,
        interview_id=interview.pk,
        attachments=[_attachment(interview, calendar, method)],
        expires_at=_expiry(interview, notice),
    )
    return 1


def scorecard_reopened_send(*, scorecard_id: int) -> bool:
    """Tell the author that HR reopened their scorecard, and why (queued in the caller's
    transaction)."""
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
    message_queue(
        kind="scorecard_reopened",
        to=scorecard.interviewer.email,
        language=language_of(staff_language(scorecard.interviewer)),
        context={
            "name": selectors.person_name(scorecard.interviewer),
            "title": selectors.interview_title(scorecard.interview),
            "reason": reopening.reason if reopening else "",
            "url": settings.SITE_URL + reverse("interview-detail", args=[scorecard.interview_id]),
        },
        application_id=scorecard.interview.application_id,
        interview_id=scorecard.interview_id,
    )
    return True
