"""Fixtures of the interview tests: a job with its two rounds, applications in round 1,
interviews scheduled through the service, and helpers to score them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from applications import services as app_services
from applications import workflow
from ats.actors import SYSTEM
from interviews import selectors, services
from tests.factories import CandidateFactory, UserFactory, make_application, make_job

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BEIJING)


# A day long past: interviews then have been held and can be scored.
HELD = beijing(2019, 2, 14, 10)


@pytest.fixture
def third_interviewer(db):
    return UserFactory(username="dana", first_name="Dana", last_name="Lee", groups=["interviewer"])


@pytest.fixture
def job(db):
    return make_job(title="Programme officer")


@pytest.fixture
def rounds(job, hr_user):
    return services.rounds_ensure_for_job(job=job, actor=hr_user)


@pytest.fixture
def round1(rounds):
    return rounds[0]


@pytest.fixture
def in_round(job, round1, hr_user):
    """in_round(name=...) -> an active application standing in round 1's stage."""

    def make(name: str | None = None, candidate=None):
        application = make_application(
            job=job,
            candidate=candidate or CandidateFactory(**({"full_name": name} if name else {})),
        )
        return workflow.move(
            application,
            to_stage=round1.stage,
            actor=hr_user,
            override=True,
            reason="to the interviews",
            notify=False,
        )

    return make


@pytest.fixture
def schedule(hr_user, round1):
    """schedule(application, panel, start=HELD, minutes=60, **kw) -> Interview (no e-mails)."""

    def make(application, panel, start=HELD, minutes=60, round_=None, **kwargs):
        kwargs.setdefault("venue", "Secretariat, meeting room 2")
        kwargs.setdefault("notify", False)
        return services.interview_schedule(
            actor=hr_user,
            application=application,
            round=round_ or round1,
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=minutes),
            time_zone=str(start.tzinfo),
            panel=panel,
            **kwargs,
        )

    return make


def confirm(interview, user):
    seat = interview.panel.get(interviewer=user, removed_at__isnull=True)
    return services.panel_member_confirm_no_conflict(actor=user, member=seat)


def score(interview, user, scores=None, recommendation="yes", submit=True, notes=""):
    """Confirm no conflict and save (and submit) the user's scorecard; scores in criteria order."""
    confirm(interview, user)
    criteria = selectors.round_criteria(interview.round)
    scores = scores or [4] * len(criteria)
    return services.scorecard_save(
        actor=user,
        interview=interview,
        recommendation=recommendation,
        notes=notes,
        ratings=[
            {"criterion": c.pk, "score": s, "notes": f"on {c.name}"}
            for c, s in zip(criteria, scores, strict=True)
        ],
        submit=submit,
    )


@pytest.fixture
def held(in_round, schedule, interviewer, other_interviewer):
    """A held interview of round 1 (14 Feb 2019) with Bob and Charlie on the panel."""
    return schedule(in_round("Priya Menon"), [interviewer, other_interviewer])


def services_template_without_interviews():
    """A pipeline with no interview stage."""
    return app_services.pipeline_template_save(
        actor=SYSTEM,
        name="No interviews",
        stages=[
            {"name": "Received", "kind": "applied"},
            {"name": "Offer", "kind": "offer"},
            {"name": "Joined", "kind": "hired"},
        ],
    )
