"""Scorecards still missing 24 hours after an interview: one reminder per member, once."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import TestCase

from applications import workflow
from interviews import services, tasks
from tests.factories import rejection_reason
from tests.interviews.conftest import HELD, beijing, score

pytestmark = pytest.mark.django_db

ENDED = HELD + dt.timedelta(hours=1)


def _run(at: dt.datetime) -> int:
    # Reminders go through the outbox: each is sent once its row is committed.
    with time_machine.travel(at, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        return tasks.send_scorecard_reminders.delay().get()


def test_a_day_after_the_interview_each_missing_scorecard_is_reminded_once(
    held, interviewer, other_interviewer, mailoutbox
):
    score(held, interviewer)  # Bob is done; Charlie is not
    assert _run(ENDED + dt.timedelta(hours=23, minutes=59)) == 0
    assert mailoutbox == []
    assert _run(ENDED + dt.timedelta(hours=24, minutes=15)) == 1
    [mail] = mailoutbox
    assert mail.to == ["charlie@example.org"]
    assert mail.subject == "Scorecard missing: Interview round 1 – Priya Menon"
    assert f"/interviews/{held.pk}/" in mail.body and "Thu 14 Feb 2019, 10:00–11:00" in mail.body
    # The next hourly runs send nothing more.
    assert _run(ENDED + dt.timedelta(hours=25, minutes=15)) == 0
    assert _run(ENDED + dt.timedelta(days=3)) == 0
    assert len(mailoutbox) == 1
    seat = held.panel.get(interviewer=other_interviewer)
    assert seat.reminder_sent_at == ENDED + dt.timedelta(hours=24, minutes=15)


def test_a_draft_is_still_missing(held, interviewer, other_interviewer, mailoutbox):
    score(held, interviewer, submit=False)
    score(held, other_interviewer)
    assert _run(ENDED + dt.timedelta(days=2)) == 1
    assert mailoutbox[0].to == ["bob@example.org"]


def test_no_reminders_for_cancelled_interviews_closed_applications_or_conflicts(
    held, in_round, schedule, interviewer, other_interviewer, hr_user, mailoutbox
):
    services.panel_member_declare_conflict(
        actor=interviewer, member=held.panel.get(interviewer=interviewer), note="Cousin"
    )
    workflow.reject(
        held.application, rejection_reason=rejection_reason(), actor=hr_user, notify=False
    )
    cancelled = schedule(
        in_round(), [interviewer, other_interviewer], start=beijing(2019, 2, 13, 9)
    )
    services.interview_cancel(actor=hr_user, interview=cancelled, notify=False)
    assert _run(ENDED + dt.timedelta(days=2)) == 0
    assert mailoutbox == []


def test_the_reminder_runs_hourly_from_beat():
    entry = django_settings.CELERY_BEAT_SCHEDULE["interviews-scorecard-reminders"]
    assert entry["task"] == tasks.send_scorecard_reminders.name
    assert entry["schedule"].minute == {15}
    assert entry["schedule"].hour == set(range(24))
