"""The invitation e-mail with its calendar file, and its updates (services.invitations)."""

import datetime as dt

import pytest
from django.core import mail
from icalendar import Calendar

from applications import workflow
from ats.actors import ApplicantActor
from screening import services
from tests.factories import CandidateFactory, make_application, make_job
from tests.screening.support import EXAM_START, exam_for, in_stage, invited

pytestmark = pytest.mark.django_db


def test_invitation_mail_has_the_details_and_a_calendar_file(
    hr_user, django_capture_on_commit_callbacks
):
    exam = exam_for(make_job(title="Programme officer"), hr_user)
    candidate = CandidateFactory(full_name="Anna Fischer", email="anna@example.org")
    application = in_stage(make_application(job=exam.job, candidate=candidate), "exam", hr_user)

    with django_capture_on_commit_callbacks(execute=True):
        (sitting,) = services.exam_invite(
            exam=exam, actor=hr_user, at=EXAM_START - dt.timedelta(days=9)
        )

    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert "Programme officer" in message.subject
    assert "Sunday 26 January 2031, 09:00 (Asia/Shanghai)" in message.body
    assert sitting.candidate_number in message.body
    assert "Secretariat, Room 301" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    assert calendar["method"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    # 09:00 in Beijing is 01:00 UTC; three hours long.
    assert event.decoded("dtstart") == dt.datetime(2031, 1, 26, 1, 0, tzinfo=dt.UTC)
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(hours=3)
    assert str(event["attendee"]) == "mailto:anna@example.org"
    assert event["attendee"].params["CN"] == "Anna Fischer"
    assert str(event["location"]) == "Secretariat, Room 301"
    assert int(event["sequence"]) == 0
    assert application.pk


def test_a_new_time_sends_an_update_that_replaces_the_event(
    hr_user, django_capture_on_commit_callbacks
):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.exam_save(
            job=exam.job, actor=hr_user, starts_at=EXAM_START + dt.timedelta(hours=2)
        )
    (message,) = mail.outbox
    assert message.subject.startswith("Updated")
    first = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert int(first["sequence"]) == 1
    assert str(first["uid"]).startswith(f"exam-{exam.pk}-sitting-{sitting.pk}@")
    assert first.decoded("dtstart") == dt.datetime(2031, 1, 26, 3, 0, tzinfo=dt.UTC)


def test_a_first_invitation_after_a_change_is_not_an_update(
    hr_user, django_capture_on_commit_callbacks
):
    exam = exam_for(make_job(), hr_user)
    invited(exam, hr_user)
    services.exam_save(job=exam.job, actor=hr_user, venue="Room 12")
    in_stage(make_application(job=exam.job), "exam", hr_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.exam_invite(exam=exam, actor=hr_user, at=EXAM_START - dt.timedelta(days=5))
    (message,) = mail.outbox
    assert message.subject.startswith("Invitation") and "Room 12" in message.body
    event = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert int(event["sequence"]) == 1  # the calendar's latest version of the event


def test_a_withdrawn_candidate_gets_no_invitation_mail(hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    workflow.withdraw(
        sitting.application, actor=ApplicantActor(sitting.application.pk), notify=False
    )
    assert services.exam_invitation_send(sitting_id=sitting.pk) is False
    assert mail.outbox == []


def test_no_invitation_mail_once_the_exam_has_started(hr_user):
    exam = exam_for(make_job(), hr_user, starts_at=dt.datetime(2020, 5, 9, 1, 0, tzinfo=dt.UTC))
    application = in_stage(make_application(job=exam.job), "exam", hr_user)
    (sitting,) = services.exam_invite(
        exam=exam,
        actor=hr_user,
        applications=[application],
        at=exam.starts_at - dt.timedelta(days=10),
        notify=False,
    )
    # A task queued before the start and run after it (a broker outage) sends nothing.
    assert services.exam_invitation_send(sitting_id=sitting.pk) is False
    assert mail.outbox == []
