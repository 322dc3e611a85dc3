"""The daily reminder to HR: one e-mail listing the foreign-expert deadlines overdue or due soon."""

import logging
from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ats.roles import hr_notification_emails
from messaging.services import message_queue
from programs import selectors

logger = logging.getLogger(__name__)


def reminder_recipients() -> list[str]:
    """HR_NOTIFICATION_EMAILS, or else every active HR user with an e-mail address."""
    return hr_notification_emails()


@transaction.atomic
def reminders_send(*, today: date | None = None) -> int:
    """E-mail HR one list of the deadlines overdue or due in the next 14 days.

    Returns how many items it listed; sends nothing when there are none or nobody to tell.
    Side effects: one outbox message per recipient, once a day.
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
    for recipient in recipients:
        message_queue(
            kind="expert_deadlines",
            to=recipient,
            language=settings.LANGUAGE_CODE,
            context={
                "date": date_format(today, "j F Y"),
                "overdue_count": str(len(overdue)),
                "due_count": str(len(due)),
                "days": str(selectors.REMINDER_DAYS),
                "overdue": _lines(overdue, _("was due %(due)s")),
                "due": _lines(due, _("due %(due)s")),
                "url": settings.SITE_URL + reverse("hr-programs"),
            },
            # A second run on the same day (a retried task) lists them once.
            dedupe_key=f"expert_deadlines:{today.isoformat()}:{recipient}",
        )
    return len(items)


def _lines(items: list[selectors.ReminderItem], due_words: str) -> str:
    lines = []
    for item in items:
        due = due_words % {"due": date_format(item.deadline.due_on, "j M Y")}
        lines.append(f"- {item.case.application.candidate.full_name}: {item.label} — {due}")
        lines.append("  " + settings.SITE_URL + reverse("hr-program-case", args=[item.case.pk]))
    return "\n".join(lines) or "-"
