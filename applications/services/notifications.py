"""E-mails to applicants: their status link, and the changes to their application they hear of."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from applications.models import Application, StageEvent, applicant_facing_status
from applications.services.submission import status_url
from ats.roles import hr_notification_emails


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
                "Dear %(name)s,\n\nSomeone, perhaps you, tried to apply again for %(job)s "
                "(%(ref)s) with this e-mail address. Your application stands as it was; nothing "
                "was changed. Follow it at this private link (links we sent you before still "
                "work):\n%(url)s\n\nIf this was not you, you need not do anything.\n"
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


def status_link_send_fresh(*, application_id: int) -> None:
    """Mint a new status link now, at send time, and e-mail it (asked for by the applicant)."""
    from applications.services.submission import status_token_issue

    application = Application.objects.get(pk=application_id)
    token = status_token_issue(application=application)
    status_link_send(application_id=application_id, token=token, again=True)


def subject_access_request_notify(*, request_id: int) -> None:
    """Tell HR that an applicant asked for a copy of their data, and by when it is due."""
    from applications.models import SubjectAccessRequest

    request = SubjectAccessRequest.objects.select_related("application__job").get(pk=request_id)
    recipients = hr_notification_emails()
    if not recipients:
        return
    subject = _("An applicant asked for their personal data (due %(due)s)") % {
        "due": request.due_on.isoformat()
    }
    body = _(
        "The applicant of application %(id)d (%(ref)s) asked for a copy of the personal data "
        "held on them. Export it from the application page by %(due)s.\n"
    ) % {
        "id": request.application_id,
        "ref": request.application.job.reference,
        "due": request.due_on.isoformat(),
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
