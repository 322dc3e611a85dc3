"""The written exam's set-up and invitations (screening.services.exams)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from applications.models import PipelineTemplate
from ats.errors import DomainError, InvalidInput
from screening import services
from screening.models import Exam, Sitting
from tests.factories import make_application, make_job
from tests.screening.support import EXAM_START, exam_for, in_stage, invited

pytestmark = pytest.mark.django_db

PAST = dt.datetime(2020, 5, 9, 1, 0, tzinfo=dt.UTC)  # a Saturday, 09:00 in Beijing, long gone


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


def test_unchanged_exam_sends_nothing(hr_user, django_capture_on_commit_callbacks):
    exam = exam_for(make_job(), hr_user)
    invited(exam, hr_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.exam_save(job=exam.job, actor=hr_user, pass_mark=Decimal(55))
    assert mail.outbox == []


# --- a time that has passed ----------------------------------------------------------------


def invited_in_the_past(exam, hr):
    """One application invited ten days before the exam, for the record (no e-mail)."""
    application = in_stage(make_application(job=exam.job), "exam", hr)
    return services.exam_invite(
        exam=exam,
        actor=hr,
        applications=[application],
        at=exam.starts_at - dt.timedelta(days=10),
        notify=False,
    )


def test_an_exam_with_invitations_cannot_be_moved_to_a_time_that_has_passed(
    hr_user, django_capture_on_commit_callbacks
):
    exam = exam_for(make_job(), hr_user)
    invited(exam, hr_user)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError) as refused:
        services.exam_save(job=exam.job, actor=hr_user, starts_at=PAST)
    assert (refused.value.code, refused.value.field) == ("exam_in_past", "starts_at")
    assert "1 invited candidate" in refused.value.message
    exam.refresh_from_db()
    assert (exam.starts_at, exam.sequence) == (EXAM_START, 0)
    assert mail.outbox == []


def test_a_past_time_is_recorded_without_notifying_and_nothing_is_sent(
    hr_user, django_capture_on_commit_callbacks
):
    exam = exam_for(make_job(), hr_user)
    invited(exam, hr_user)
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.exam_save(job=exam.job, actor=hr_user, starts_at=PAST, notify=False)
    assert moved.starts_at == PAST
    assert mail.outbox == []


def test_an_exam_set_up_in_the_past_sends_no_invitation(
    hr_user, django_capture_on_commit_callbacks
):
    exam = exam_for(make_job(), hr_user, starts_at=PAST)  # nobody to tell yet: allowed
    in_stage(make_application(job=exam.job), "exam", hr_user)
    with pytest.raises(DomainError, match="already started") as refused:
        services.exam_invite(exam=exam, actor=hr_user, at=PAST - dt.timedelta(days=10))
    assert refused.value.code == "exam_started"
    assert not exam.sittings.exists()
    with django_capture_on_commit_callbacks(execute=True):
        invited_in_the_past(exam, hr_user)  # for the record, as the demo does
    assert exam.sittings.count() == 1 and mail.outbox == []


def test_a_change_to_an_exam_that_has_taken_place_sends_no_update(
    hr_user, django_capture_on_commit_callbacks
):
    exam = exam_for(make_job(), hr_user, starts_at=PAST)
    invited_in_the_past(exam, hr_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.exam_save(job=exam.job, actor=hr_user, venue="Room 12")
        services.exam_save(job=exam.job, actor=hr_user, starts_at=PAST + dt.timedelta(hours=1))
    exam.refresh_from_db()
    assert (exam.venue, exam.starts_at) == ("Room 12", PAST + dt.timedelta(hours=1))
    assert mail.outbox == []


def test_an_exam_that_took_place_may_be_moved_to_a_time_to_come(
    hr_user, django_capture_on_commit_callbacks
):
    exam = exam_for(make_job(), hr_user, starts_at=PAST)
    invited_in_the_past(exam, hr_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.exam_save(job=exam.job, actor=hr_user, starts_at=EXAM_START)
    (message,) = mail.outbox
    assert message.subject.startswith("Updated")
