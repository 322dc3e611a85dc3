"""The daily reminder to HR: one e-mail listing the foreign-expert deadlines overdue or due soon."""

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from ats.roles import hr_notification_recipients
from programs import selectors

logger = logging.getLogger(__name__)


def reminder_recipients() -> list[str]:
    """HR_NOTIFICATION_EMAILS, or else every active HR user with an e-mail address."""
    return hr_notification_recipients()


def reminders_send(*, today: date | None = None) -> int:
    """E-mail HR one list of the deadlines overdue or due in the next 14 days.

    Returns how many items it listed; sends nothing when there are none or nobody to tell.
    Side effects: one e-mail.
    """
    today = today or timezone.localdate()
    items = selectors.reminder_items(today=today)
    if not items:
        return 0
    recipients = reminder_recipients()
    if not recipients:
        logger.warning("Foreign-expert reminders: %d items but no HR e-mail address", len(items))
        return 0
    overdue = [i for i in items if i.overdue]
    due = [i for i in items if not i.overdue]
    context = {
        "today": today,
        "overdue": overdue,
        "due": due,
        "days": selectors.REMINDER_DAYS,
        "site_url": settings.SITE_URL,
    }
    subject = _("Foreign experts: %(overdue)d overdue, %(due)d due within %(days)d days") % {
        "overdue": len(overdue),
        "due": len(due),
        "days": selectors.REMINDER_DAYS,
    }
    body = render_to_string("programs/email/reminders.txt", context)
    send_mail(subject, body, None, recipients)
    return len(items)
