"""The open job's work in progress whatever the day the demo is loaded on: everything recorded
lies in the past, on its job's dates, and what is to come lies ahead."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.utils import timezone

from applications import demo as applications_demo
from applications import selectors, services
from applications.models import StageEvent
from interviews import demo as interviews_demo
from interviews import selectors as interview_selectors
from interviews.models import Interview, PanelMember, Scorecard
from screening import demo as screening_demo
from screening.models import Exam, ScreeningDecision, Sitting

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")


def _load_live(now: dt.datetime) -> None:
    screening_demo.register_hooks()
    interviews_demo.register_hooks()
    users = applications_demo.ensure_users()
    with time_machine.travel(now, tick=True):
        assert applications_demo.load_live_job(users["hr"], lambda line: None) is True


@pytest.mark.parametrize(
    "now",
    [
        # Saturday morning in Beijing.
        dt.datetime(2026, 11, 28, 10, tzinfo=BEIJING),
        # Just after midnight on a Monday in Beijing (still Sunday in UTC).
        dt.datetime(2027, 3, 1, 0, 20, tzinfo=BEIJING),
        # Late on a Friday, and a new year's day: the reference follows the year.
        dt.datetime(2027, 1, 1, 23, 50, tzinfo=BEIJING),
    ],
    ids=["saturday", "monday-after-midnight", "new-year"],
)
def test_everything_recorded_is_past_and_everything_to_come_is_ahead(now):
    _load_live(now)
    job = applications_demo.live_job()
    assert job.reference == f"SEC-{now.year}-COM"
    counts = selectors.job_stage_counts([job.pk])[job.pk]
    assert sorted(counts.values()) == [2, 2, 4, 4]
    opened = dt.datetime.combine(job.opens_on, dt.time(), tzinfo=BEIJING)
    recorded = [
        *StageEvent.objects.filter(application__job=job).values_list("at", flat=True),
        *ScreeningDecision.objects.filter(application__job=job).values_list("at", flat=True),
        *Sitting.objects.filter(exam__job=job).values_list("invited_at", flat=True),
        *Interview.objects.filter(application__job=job).values_list("created_at", flat=True),
        *PanelMember.objects.filter(conflict_at__isnull=False).values_list(
            "conflict_at", flat=True
        ),
        *Scorecard.objects.values_list("submitted_at", flat=True),
    ]
    assert all(opened <= at < now for at in recorded)
    for application in job.applications.all():
        times = list(application.events.values_list("at", flat=True))
        assert times == sorted(times)
    exam = Exam.objects.get(job=job)
    assert dt.timedelta(days=6) < exam.starts_at - now < dt.timedelta(days=14)
    interviews = Interview.objects.filter(application__job=job).order_by("starts_at")
    held, upcoming = interviews
    assert held.ends_at < now < upcoming.starts_at
    for interview in interviews:
        assert interview.starts_at.astimezone(BEIJING).weekday() < 5  # a working day
    mine = interview_selectors.my_interviews(User.objects.get(username="interviewer1"), now=now)
    assert [i.interview for i in mine.upcoming] == [upcoming]
    assert [i.interview for i in mine.awaiting] == [held]


def test_a_second_load_changes_nothing():
    now = timezone.now()
    _load_live(now)
    job = applications_demo.live_job()
    before = (
        StageEvent.objects.count(),
        ScreeningDecision.objects.count(),
        Sitting.objects.count(),
        Interview.objects.count(),
        job.opens_on,
    )
    users = applications_demo.ensure_users()
    assert applications_demo.load_live_job(users["hr"], lambda line: None) is False
    job.refresh_from_db()
    assert before == (
        StageEvent.objects.count(),
        ScreeningDecision.objects.count(),
        Sitting.objects.count(),
        Interview.objects.count(),
        job.opens_on,
    )


def test_an_older_demos_empty_open_job_is_dated_again_and_filled():
    """A database loaded before the open job had applications gets them on the next run."""
    users = applications_demo.ensure_users()
    today = timezone.localdate()
    old = services.job_create(
        actor=users["hr"],
        reference=f"SEC-{today.year - 1}-COM",
        title=applications_demo.LIVE_TITLE,
        status="open",
        opens_on=today - dt.timedelta(days=400),
        closes_on=today - dt.timedelta(days=350),
    )
    _load_live(timezone.now())
    assert applications_demo.live_job() == old
    old.refresh_from_db()
    assert old.opens_on == today - dt.timedelta(days=25) and old.applications.count() == 12
    assert set(old.postings.values_list("channel__slug", flat=True)) == {"careers", "linkedin"}
