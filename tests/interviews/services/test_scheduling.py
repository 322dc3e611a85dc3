"""Scheduling: who may be interviewed in a round, panels, time zones, and double-booking
refused with the name and time of the clashing interview."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from applications import workflow
from ats.errors import DomainError
from interviews import services
from interviews.models import Interview, InterviewStatus
from tests.factories import UserFactory, make_application, make_job
from tests.interviews.conftest import HELD, beijing

pytestmark = pytest.mark.django_db


def test_scheduled_interview_keeps_utc_times_and_its_planned_zone(held):
    held.refresh_from_db()
    assert held.starts_at == dt.datetime(2019, 2, 14, 2, tzinfo=dt.UTC)
    assert held.time_zone == "Asia/Shanghai"
    assert (held.local_start.hour, held.local_end.hour) == (10, 11)
    assert held.status == InterviewStatus.SCHEDULED
    assert set(held.panel.values_list("interviewer__username", flat=True)) == {"bob", "charlie"}


def test_interviewer_already_on_an_overlapping_panel_is_refused_by_name(
    held, in_round, schedule, interviewer, third_interviewer
):
    other = in_round("Li Na")
    with pytest.raises(DomainError) as refused:
        schedule(other, [third_interviewer, interviewer], start=beijing(2019, 2, 14, 10, 30))
    assert refused.value.message == (
        f"{interviewer.get_full_name()} is already on the panel of "
        "“Interview round 1 – Priya Menon” from 10:00 to 11:00 on 14 Feb 2019."
    )
    assert not Interview.objects.filter(application=other).exists()


def test_candidate_with_an_overlapping_interview_is_refused(
    held, job, hr_user, schedule, third_interviewer, rounds
):
    # The same person, applying to another job, interviewed there at the same time.
    elsewhere = make_job(title="Science officer")
    other_rounds = services.rounds_ensure_for_job(job=elsewhere, actor=hr_user)
    application = make_application(job=elsewhere, candidate=held.application.candidate)
    workflow.move(
        application, to_stage=other_rounds[0].stage, actor=hr_user, override=True, reason="-"
    )
    fourth = UserFactory(username="erin", first_name="Erin", groups=["interviewer"])
    with pytest.raises(DomainError) as refused:
        schedule(
            application,
            [third_interviewer, fourth],
            start=beijing(2019, 2, 14, 9, 30),
            round_=other_rounds[0],
        )
    assert refused.value.message == (
        "Priya Menon already has “Interview round 1 – Priya Menon” from 10:00 to 11:00 on "
        "14 Feb 2019."
    )


def test_the_clash_is_told_in_the_zone_being_planned_in(
    held, in_round, schedule, interviewer, third_interviewer
):
    berlin = dt.datetime(2019, 2, 14, 2, 15, tzinfo=dt.UTC).astimezone(ZoneInfo("Europe/Berlin"))
    with pytest.raises(DomainError) as refused:
        schedule(in_round(), [interviewer, third_interviewer], start=berlin)
    assert "from 03:00 to 04:00 on 14 Feb 2019" in refused.value.message


def test_back_to_back_interviews_do_not_clash(
    held, in_round, schedule, interviewer, other_interviewer
):
    following = schedule(
        in_round(), [interviewer, other_interviewer], start=HELD + dt.timedelta(hours=1)
    )
    assert following.pk


def test_a_cancelled_interview_frees_its_slot(
    held, hr_user, in_round, schedule, interviewer, other_interviewer
):
    services.interview_cancel(actor=hr_user, interview=held, notify=False)
    assert schedule(in_round(), [interviewer, other_interviewer]).pk


def test_reschedule_checks_others_but_not_itself(
    held, hr_user, in_round, schedule, interviewer, third_interviewer
):
    moved = services.interview_reschedule(
        actor=hr_user,
        interview=held,
        starts_at=HELD + dt.timedelta(minutes=30),
        ends_at=HELD + dt.timedelta(minutes=90),
        venue=held.venue,
        notify=False,
    )
    assert moved.ical_sequence == 1
    schedule(in_round("Li Na"), [interviewer, third_interviewer], start=beijing(2019, 2, 14, 14))
    with pytest.raises(DomainError, match="“Interview round 1 – Li Na” from 14:00 to 15:00"):
        services.interview_reschedule(
            actor=hr_user,
            interview=held,
            starts_at=beijing(2019, 2, 14, 14, 30),
            ends_at=beijing(2019, 2, 14, 15, 30),
            venue=held.venue,
            notify=False,
        )
    held.refresh_from_db()
    assert held.local_start.minute == 30 and held.ical_sequence == 1


def test_reschedule_to_the_same_time_changes_nothing(held, hr_user):
    same = services.interview_reschedule(
        actor=hr_user,
        interview=held,
        starts_at=held.starts_at,
        ends_at=held.ends_at,
        time_zone=held.time_zone,
        venue=held.venue,
    )
    assert same.ical_sequence == 0


def test_panel_smaller_than_the_round_minimum_is_refused(in_round, schedule, interviewer):
    with pytest.raises(DomainError, match="needs a panel of at least 2; 1 chosen"):
        schedule(in_round(), [interviewer])


def test_only_interviewers_sit_on_panels(in_round, schedule, interviewer, hr_user):
    with pytest.raises(DomainError, match="Only interviewers can sit on a panel"):
        schedule(in_round(), [interviewer, hr_user])


def test_application_not_in_the_rounds_stage_is_refused(
    job, schedule, interviewer, other_interviewer
):
    with pytest.raises(DomainError, match="only applications in that stage"):
        schedule(make_application(job=job), [interviewer, other_interviewer])


def test_second_live_interview_in_the_same_round_is_refused(
    held, schedule, interviewer, other_interviewer
):
    with pytest.raises(DomainError, match="already has an interview in Interview round 1"):
        schedule(held.application, [interviewer, other_interviewer], start=beijing(2019, 3, 1, 9))


def test_unknown_time_zone_and_bad_times_are_refused(
    in_round, hr_user, round1, interviewer, other_interviewer
):
    application = in_round()
    arguments = dict(
        actor=hr_user,
        application=application,
        round=round1,
        venue="Room 1",
        panel=[interviewer, other_interviewer],
    )
    with pytest.raises(DomainError, match="is not a time zone"):
        services.interview_schedule(
            starts_at=HELD,
            ends_at=HELD + dt.timedelta(hours=1),
            time_zone="Mars/Olympus",
            **arguments,
        )
    with pytest.raises(DomainError, match="must end after it starts"):
        services.interview_schedule(starts_at=HELD, ends_at=HELD, **arguments)
    with pytest.raises(DomainError, match="venue or a video link"):
        services.interview_schedule(
            starts_at=HELD, ends_at=HELD + dt.timedelta(hours=1), **{**arguments, "venue": ""}
        )
    assert not Interview.objects.exists()


def test_only_hr_schedules(in_round, round1, interviewer, other_interviewer):
    with pytest.raises(DomainError, match="Only HR staff may schedule interviews"):
        services.interview_schedule(
            actor=interviewer,
            application=in_round(),
            round=round1,
            starts_at=HELD,
            ends_at=HELD + dt.timedelta(hours=1),
            venue="Room",
            panel=[interviewer, other_interviewer],
        )


def test_no_show_is_recorded_once_the_interview_started(
    held, hr_user, in_round, schedule, interviewer, other_interviewer
):
    marked = services.interview_no_show(actor=hr_user, interview=held, note="Did not come")
    assert (marked.status, marked.status_note) == (InterviewStatus.NO_SHOW, "Did not come")
    upcoming = schedule(in_round(), [interviewer, other_interviewer], start=beijing(2031, 1, 6, 9))
    with pytest.raises(DomainError, match="once the interview has started"):
        services.interview_no_show(actor=hr_user, interview=upcoming)


def test_a_no_show_leaves_room_for_a_new_interview(
    held, hr_user, schedule, interviewer, other_interviewer
):
    services.interview_no_show(actor=hr_user, interview=held)
    again = schedule(
        held.application, [interviewer, other_interviewer], start=beijing(2019, 2, 20, 9)
    )
    assert again.status == InterviewStatus.SCHEDULED


def test_cancelled_interview_cannot_be_rescheduled(held, hr_user):
    services.interview_cancel(actor=hr_user, interview=held, notify=False)
    with pytest.raises(DomainError, match="is cancelled; it cannot be rescheduled"):
        services.interview_reschedule(
            actor=hr_user,
            interview=held,
            starts_at=HELD,
            ends_at=HELD + dt.timedelta(hours=2),
            venue="Room",
        )


def test_a_start_in_the_past_is_refused_when_invitations_would_go_out(
    in_round,
    schedule,
    interviewer,
    other_interviewer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    application = in_round()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError) as refused:
        schedule(application, [interviewer, other_interviewer], notify=True)  # 14 Feb 2019
    assert refused.value.code == "in_the_past"
    assert "record it without invitations" in refused.value.message
    assert not Interview.objects.exists()
    assert mailoutbox == []


def test_an_interview_that_took_place_is_recorded_without_invitations(
    in_round,
    schedule,
    interviewer,
    other_interviewer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule(in_round(), [interviewer, other_interviewer], notify=False)
    assert interview.starts_at == HELD
    assert mailoutbox == []


def test_rescheduling_into_the_past_is_refused_when_updates_would_go_out(
    in_round, schedule, hr_user, interviewer, other_interviewer
):
    upcoming = schedule(in_round(), [interviewer, other_interviewer], start=beijing(2031, 1, 6, 9))
    with pytest.raises(DomainError, match="record it without invitations"):
        services.interview_reschedule(
            actor=hr_user,
            interview=upcoming,
            starts_at=HELD,
            ends_at=HELD + dt.timedelta(hours=1),
            venue=upcoming.venue,
        )
    upcoming.refresh_from_db()
    assert upcoming.starts_at == beijing(2031, 1, 6, 9)
    # When it really took place: recorded, nobody is told.
    moved = services.interview_reschedule(
        actor=hr_user,
        interview=upcoming,
        starts_at=HELD,
        ends_at=HELD + dt.timedelta(hours=1),
        venue=upcoming.venue,
        notify=False,
    )
    assert moved.starts_at == HELD
