"""The daily reminder: one e-mail to HR listing exactly what is overdue or due in 14 days."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings

from programs import services, tasks
from programs.models import CaseStatus, RecordKind

pytestmark = pytest.mark.django_db

# 09:00 in Beijing on 20 September 2019.
FROZEN = dt.datetime(2019, 9, 20, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def cases(make_case, hr_user):
    """Arrived 1 September: card due 16 Sep (overdue), residence permit due 1 Oct (in 14 days)."""
    late = make_case(status=CaseStatus.ARRIVED, arrived_on=dt.date(2019, 9, 1))
    late.application.candidate.full_name = "Ada Late"
    late.application.candidate.save()
    services.immigration_record_create(
        case=late,
        actor=hr_user,
        kind=RecordKind.ACCOMMODATION_REGISTRATION,
        issued_on=dt.date(2019, 9, 1),
    )
    # All done or far away: not listed.
    calm = make_case(status=CaseStatus.ACTIVE, arrived_on=dt.date(2019, 6, 1))
    for kind in (
        RecordKind.ACCOMMODATION_REGISTRATION,
        RecordKind.WORK_PERMIT,
        RecordKind.RESIDENCE_PERMIT,
    ):
        services.immigration_record_create(
            case=calm,
            actor=hr_user,
            kind=kind,
            issued_on=dt.date(2019, 6, 2),
            valid_to=dt.date(2020, 6, 1) if kind != RecordKind.ACCOMMODATION_REGISTRATION else None,
        )
    # Closed: never listed, though its deadlines passed.
    make_case(status=CaseStatus.WITHDRAWN, arrived_on=dt.date(2019, 8, 1))
    return late


def test_one_email_lists_exactly_the_due_and_overdue_items(
    cases, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.HR_NOTIFICATION_EMAILS = ["hr-team@example.org"]
    # The digest goes through the outbox: it is sent once its row is committed.
    with (
        time_machine.travel(FROZEN, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        listed = tasks.send_programme_reminders.delay().get()
    assert listed == 2
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["hr-team@example.org"]
    assert mail.subject == "Foreign experts: 1 overdue, 1 due within 14 days"
    body = mail.body
    overdue, due = body.split("DUE WITHIN 14 DAYS")
    assert "Ada Late: Work permit card (15 days after entry) — was due 16 Sep 2019" in overdue
    assert "Ada Late: Residence permit (30 days after entry) — due 1 Oct 2019" in due
    assert body.count("Ada Late:") == 2


def test_nothing_due_sends_nothing(make_case, mailoutbox):
    make_case(status=CaseStatus.FUNDING_PENDING)
    with time_machine.travel(FROZEN, tick=False):
        assert services.reminders_send() == 0
    assert mailoutbox == []


def test_without_configured_addresses_hr_users_are_told(
    cases, mailoutbox, settings, hr_user, django_capture_on_commit_callbacks
):
    settings.HR_NOTIFICATION_EMAILS = []
    with (
        time_machine.travel(FROZEN, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.reminders_send()
    assert mailoutbox[0].to == [hr_user.email]


def test_the_reminder_runs_daily_from_beat():
    entry = django_settings.CELERY_BEAT_SCHEDULE["programs-daily-reminders"]
    assert entry["task"] == tasks.send_programme_reminders.name
    assert entry["schedule"].hour == {23} and entry["schedule"].minute == {30}


def test_a_passport_due_for_renewal_is_in_the_digest(
    make_case, mailoutbox, settings, django_capture_on_commit_callbacks
):
    """Its stay has no known end yet, so the passport counts; due six months before expiry."""
    settings.HR_NOTIFICATION_EMAILS = ["hr-team@example.org"]
    case = make_case(status=CaseStatus.VISA_ISSUED, passport_expiry=dt.date(2020, 3, 25))
    case.application.candidate.full_name = "Pia Passport"
    case.application.candidate.save()
    with (
        time_machine.travel(FROZEN, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.reminders_send() == 1
    body = mailoutbox[0].body
    assert "Pia Passport: New passport (six months before the passport expires)" in body
    assert "due 25 Sep 2019" in body.split("DUE WITHIN 14 DAYS")[1]
