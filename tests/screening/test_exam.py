"""The written exam: set-up rules, invitations with a calendar file, attendance, marks."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from icalendar import Calendar

from applications.models import PipelineTemplate
from ats.actors import ApplicantActor
from ats.errors import DomainError, InvalidInput
from screening import services
from screening.models import Sitting
from tests.factories import CandidateFactory, make_application, make_job
from tests.screening.support import EXAM_START, exam_for, in_stage, invited

pytestmark = pytest.mark.django_db


def test_exam_needs_an_exam_stage(hr_user):
    job = make_job(pipeline=PipelineTemplate.objects.get(name="Foreign-expert call"))
    with pytest.raises(DomainError, match="no written examination stage"):
        exam_for(job, hr_user)


def test_start_without_a_zone_is_venue_time(hr_user):
    exam = exam_for(make_job(), hr_user, starts_at=dt.datetime(2031, 1, 26, 9, 0))  # noqa: DTZ001
    assert exam.starts_at == dt.datetime(2031, 1, 26, 1, 0, tzinfo=dt.UTC)


def test_unknown_time_zone_is_refused(hr_user):
    with pytest.raises(DomainError) as refused:
        exam_for(make_job(), hr_user, time_zone="Mars/Olympus")
    assert refused.value.field == "time_zone"


def test_pass_mark_above_the_total_is_refused_and_nothing_saved(hr_user):
    from screening.models import Exam

    with pytest.raises(DomainError) as refused:
        exam_for(make_job(), hr_user, pass_mark=Decimal(101))
    assert refused.value.field == "pass_mark"
    assert not Exam.objects.exists()


def test_venue_or_link_is_required(hr_user):
    with pytest.raises(InvalidInput):
        exam_for(make_job(), hr_user, venue="", online_link="")


def test_duplicate_section_names_are_refused(hr_user):
    with pytest.raises(DomainError, match="Two sections"):
        exam_for(make_job(), hr_user, sections=(("A", 50), ("a", 50)))


def test_a_section_with_marks_cannot_be_removed_or_shrunk(hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    section_a, section_b = exam.sections.order_by("position")
    services.marks_save(
        exam=exam,
        actor=hr_user,
        entries=[services.ScoreEntry(sitting, section_a, "first", Decimal(35))],
    )
    with pytest.raises(DomainError, match="cannot be removed"):
        services.exam_save(
            job=exam.job,
            actor=hr_user,
            sections=[{"id": section_b.pk, "name": "B", "max_points": 100}],
        )
    with pytest.raises(DomainError, match="cannot be lower"):
        services.exam_save(
            job=exam.job,
            actor=hr_user,
            sections=[
                {"id": section_a.pk, "name": "A", "max_points": 30},
                {"id": section_b.pk, "name": "B", "max_points": 70},
            ],
        )
    renamed = services.exam_save(
        job=exam.job,
        actor=hr_user,
        sections=[
            {"id": section_b.pk, "name": "Essay", "max_points": 60},
            {"id": section_a.pk, "name": "Knowledge", "max_points": 40},
        ],
    )
    assert [s.name for s in renamed.sections.order_by("position")] == ["Essay", "Knowledge"]


# --- invitations ---------------------------------------------------------------------------


def test_invite_everyone_in_the_exam_stage_once(hr_user, django_capture_on_commit_callbacks):
    exam = exam_for(make_job(), hr_user)
    waiting = [in_stage(make_application(job=exam.job), "exam", hr_user) for _ in range(3)]
    in_stage(make_application(job=exam.job), "screening", hr_user)  # not yet passed screening

    with django_capture_on_commit_callbacks(execute=True):
        sittings = services.exam_invite(
            exam=exam, actor=hr_user, at=EXAM_START - dt.timedelta(days=9)
        )

    assert sorted(s.application_id for s in sittings) == sorted(a.pk for a in waiting)
    numbers = [s.candidate_number for s in Sitting.objects.filter(exam=exam)]
    assert len(set(numbers)) == 3 and all(len(n) == 4 and n.isdigit() for n in numbers)
    assert len(mail.outbox) == 3
    assert (
        services.exam_invite(exam=exam, actor=hr_user, at=EXAM_START - dt.timedelta(days=9)) == []
    )


def test_no_invitations_after_the_start(hr_user):
    exam = exam_for(make_job(), hr_user)
    in_stage(make_application(job=exam.job), "exam", hr_user)
    with pytest.raises(DomainError, match="already started"):
        services.exam_invite(exam=exam, actor=hr_user, at=EXAM_START + dt.timedelta(minutes=1))


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


def test_unchanged_exam_sends_nothing(hr_user, django_capture_on_commit_callbacks):
    exam = exam_for(make_job(), hr_user)
    invited(exam, hr_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.exam_save(job=exam.job, actor=hr_user, pass_mark=Decimal(55))
    assert mail.outbox == []


def test_a_withdrawn_candidate_gets_no_invitation_mail(hr_user):
    from applications import workflow

    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    workflow.withdraw(
        sitting.application, actor=ApplicantActor(sitting.application.pk), notify=False
    )
    assert services.exam_invitation_send(sitting_id=sitting.pk) is False
    assert mail.outbox == []


# --- attendance and marks ------------------------------------------------------------------


def test_marks_record_attendance_and_refuse_absent_candidates(hr_user):
    exam = exam_for(make_job(), hr_user)
    present, absent = invited(exam, hr_user, count=2)
    section_a = exam.sections.order_by("position").first()
    services.sitting_attendance_set(sitting=absent, actor=hr_user, attendance="absent")

    report = services.marks_save(
        exam=exam,
        actor=hr_user,
        entries=[services.ScoreEntry(present, section_a, "first", Decimal(30))],
    )
    assert report.marked_present == [present.candidate_number]
    present.refresh_from_db()
    assert present.attendance == "present"

    absent.refresh_from_db()
    with pytest.raises(InvalidInput) as refused:
        services.marks_save(
            exam=exam,
            actor=hr_user,
            entries=[services.ScoreEntry(absent, section_a, "first", Decimal(30))],
        )
    assert absent.candidate_number in refused.value.errors


def test_marks_above_the_maximum_change_nothing(hr_user):
    exam = exam_for(make_job(), hr_user)
    first, second = invited(exam, hr_user, count=2)
    section_a = exam.sections.order_by("position").first()
    with pytest.raises(InvalidInput) as refused:
        services.marks_save(
            exam=exam,
            actor=hr_user,
            entries=[
                services.ScoreEntry(first, section_a, "first", Decimal(30)),
                services.ScoreEntry(second, section_a, "first", Decimal(41)),
            ],
        )
    assert "above the maximum of 40" in refused.value.errors[second.candidate_number][0]
    assert not exam.sittings.filter(scores__isnull=False).exists()
    first.refresh_from_db()
    assert first.attendance == "invited"


def test_recording_absent_with_marks_is_refused(hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    section_a = exam.sections.order_by("position").first()
    services.marks_save(
        exam=exam,
        actor=hr_user,
        entries=[services.ScoreEntry(sitting, section_a, "first", Decimal(30))],
    )
    with pytest.raises(DomainError, match="has marks"):
        services.sitting_attendance_set(sitting=sitting, actor=hr_user, attendance="absent")


def test_setting_the_same_mark_again_changes_nothing(hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    section_a = exam.sections.order_by("position").first()
    entry = services.ScoreEntry(sitting, section_a, "first", Decimal(30))
    services.marks_save(exam=exam, actor=hr_user, entries=[entry], at=EXAM_START)
    report = services.marks_save(exam=exam, actor=hr_user, entries=[entry])
    assert (report.created, report.changed, report.unchanged) == (0, 0, 1)
    assert sitting.scores.get().marked_at == EXAM_START


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
