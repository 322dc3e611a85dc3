"""The open job of the demo: a Science Communication Officer post with work in progress today.

Opened some three weeks before the demo is loaded, it has applications at every early stage:
some just received, some in (blind) screening with the rules' results and a decision or two,
two invited to the written examination in about ten days, one interviewed yesterday (one
scorecard in, one awaited) and one to be interviewed in two days. Every date is relative to the
load; every move goes through the engine.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from applications import services, workflow
from applications.models import (
    Application,
    Candidate,
    Channel,
    JobOpening,
    JobStage,
    StageKind,
    normalise_email,
)

from .applicants import Person, people, submit_application
from .cvs import attach_cvs, parse_cvs
from .dates import BEIJING, beijing_time, working_day
from .hooks import play_live_scene
from .live_cvs import live_layouts, live_profile

LIVE_TITLE = "Science Communication Officer"
LIVE_SEED = 2026
# The two interviewed first had their written test waived: HR skipped the stage with an
# override (the examination of this post is only held once, in a few days).
EXAM_WAIVED = (
    "Written examination waived: the published portfolio of science writing was assessed "
    "instead (head of communication)"
)


@dataclass(frozen=True)
class LiveApplicant:
    nationality: str
    channel: str  # slug
    days_ago: int  # when they applied
    stage: str  # the kind of the stage they are in now
    scene: str = ""  # where things stand there (see the live hooks)
    # "qualified": meets the post's requirements (everyone HR passed or is about to);
    # "junior": less than the three years' experience asked for; "": as the generator makes it.
    cv: str = ""


LIVE_APPLICANTS = [
    LiveApplicant("KE", "referral", 23, StageKind.INTERVIEW, "awaiting_scorecard", "qualified"),
    LiveApplicant("DE", "linkedin", 21, StageKind.INTERVIEW, "upcoming", "qualified"),
    LiveApplicant("CN", "careers", 17, StageKind.EXAM, "invited", "qualified"),
    LiveApplicant("IN", "linkedin", 15, StageKind.EXAM, "invited", "qualified"),
    LiveApplicant("BR", "careers", 13, StageKind.SCREENING, "pass", "qualified"),
    LiveApplicant("FR", "linkedin", 11, StageKind.SCREENING, "hold", "qualified"),
    LiveApplicant("VN", "careers", 9, StageKind.SCREENING, cv="junior"),
    LiveApplicant("EG", "referral", 8, StageKind.SCREENING),
    LiveApplicant("GB", "linkedin", 5, StageKind.APPLIED),
    LiveApplicant("CN", "careers", 3, StageKind.APPLIED),
    LiveApplicant("KR", "careers", 2, StageKind.APPLIED, cv="junior"),
    LiveApplicant("NG", "linkedin", 1, StageKind.APPLIED),
]


def live_job() -> JobOpening | None:
    """The open job of the demo (its reference carries the year the demo was loaded in)."""
    return (
        JobOpening.objects.filter(
            title=LIVE_TITLE, reference__startswith="SEC-", reference__endswith="-COM"
        )
        .order_by("-pk")
        .first()
    )


def load_live_job(
    hr: User, progress: Callable[[str], None], *, now: dt.datetime | None = None
) -> bool:
    """The open job's work in progress, once; False when its applications are already there."""
    job = live_job()
    if job is not None and job.applications.exists():
        progress("The open job's applications are already loaded; nothing to do.")
        return False
    now = now or timezone.now()
    rng = random.Random(LIVE_SEED)
    progress(f"{LIVE_TITLE}, open now …")
    with transaction.atomic():
        job = _open_job(job, hr, now.astimezone(BEIJING).date())
        applications = _live_submit(job, _live_people(rng), now, rng)
        progress(f"  {len(applications)} applications submitted over the last three weeks")
        cv_ids = _attach_live_cvs(applications, rng)
        stages = _first_stage_of_each_kind(job)
        for application, applicant in zip(applications, LIVE_APPLICANTS, strict=True):
            _live_advance(application, applicant, stages, hr=hr, now=now, rng=rng)
    parse_cvs(cv_ids, progress)
    return True


def _open_job(job: JobOpening | None, hr: User, today: dt.date) -> JobOpening:
    """The open job, opened three and a half weeks ago and closing in three; an older demo's
    (loaded before it had applications) is dated again."""
    dates: dict[str, Any] = {
        "opens_on": today - dt.timedelta(days=25),
        "closes_on": today + dt.timedelta(days=20),
    }
    if job is not None:
        job = services.job_update(job=job, actor=hr, **dates)
    else:
        job = services.job_create(
            actor=hr,
            reference=f"SEC-{today.year}-COM",
            title=LIVE_TITLE,
            department="Secretariat",
            location="Beijing, China",
            headcount=1,
            status=JobOpening.Status.OPEN,
            description="Tell the story of international science cooperation to members, "
            "partners and the public: web, newsletters, social media and events.",
            requirements="Degree in communication, journalism or a science; three years of "
            "experience; excellent English writing; Chinese is an advantage.",
            **dates,
        )
    if not job.postings.exists():
        _post_live_job(job, hr, dates["opens_on"])
    return job


def _post_live_job(job: JobOpening, hr: User, opens_on: dt.date) -> None:
    """On the careers site the day it opens, on LinkedIn the day after."""
    services.posting_add(
        job=job, actor=hr, channel=Channel.objects.get(slug="careers"), posted_on=opens_on
    )
    services.posting_add(
        job=job,
        actor=hr,
        channel=Channel.objects.get(slug="linkedin"),
        posted_on=opens_on + dt.timedelta(days=1),
        url="https://www.linkedin.com/jobs/",
    )


def _live_people(rng: random.Random) -> list[Person]:
    """One applicant per line of the plan, none of them an earlier demo applicant."""
    taken_names = set(Candidate.objects.values_list("full_name", flat=True))
    taken_emails = set(Candidate.objects.values_list("email_normalised", flat=True))
    result: list[Person] = []
    for applicant in LIVE_APPLICANTS:
        while True:
            (person,) = people(rng, 1, weights={applicant.nationality: 1})
            if (
                person.full_name not in taken_names
                and normalise_email(person.email) not in taken_emails
            ):
                break
        taken_names.add(person.full_name)
        taken_emails.add(normalise_email(person.email))
        result.append(person)
    return result


def _live_submit(
    job: JobOpening, persons: list[Person], now: dt.datetime, rng: random.Random
) -> list[Application]:
    today = now.astimezone(BEIJING).date()
    channels = {c.slug: c for c in Channel.objects.all()}
    applications = []
    for applicant, person in zip(LIVE_APPLICANTS, persons, strict=True):
        day = today - dt.timedelta(days=applicant.days_ago)
        submitted_at = beijing_time(day, rng.randint(7, 23), rng.randint(0, 59))
        applications.append(
            submit_application(
                job, person, source=channels[applicant.channel], submitted_at=submitted_at
            )
        )
    return applications


def _attach_live_cvs(applications: list[Application], rng: random.Random) -> list[int]:
    kinds = {
        application.pk: applicant.cv
        for application, applicant in zip(applications, LIVE_APPLICANTS, strict=True)
    }
    return attach_cvs(
        applications,
        rng,
        profile_for=lambda a, r: live_profile(a, r, kind=kinds[a.pk]),
        layouts=live_layouts(),
    )


def _first_stage_of_each_kind(job: JobOpening) -> dict[str, JobStage]:
    stages: dict[str, JobStage] = {}
    for stage in job.stages.order_by("position"):
        stages.setdefault(stage.kind, stage)  # the first of a kind: interview round 1
    return stages


def _live_advance(
    application: Application,
    applicant: LiveApplicant,
    stages: dict[str, JobStage],
    *,
    hr: User,
    now: dt.datetime,
    rng: random.Random,
) -> None:
    """From the first stage to where the plan leaves it, HR acting on working days."""
    if applicant.stage == StageKind.APPLIED:
        return
    screening = stages[StageKind.SCREENING]
    submitted = application.submitted_at.astimezone(BEIJING).date()
    entered = beijing_time(working_day(submitted, 2), 10, rng.randint(0, 45))
    workflow.move(application, to_stage=screening, actor=hr, at=entered, notify=False)
    if applicant.stage == StageKind.SCREENING:
        play_live_scene(
            application, screening, applicant.scene, entered=entered, now=now, hr=hr, rng=rng
        )
        return
    moved = beijing_time(working_day(entered.date(), 3), 10, rng.randint(0, 45))
    play_live_scene(application, screening, "pass", entered=entered, now=moved, hr=hr, rng=rng)
    target = _past_screening(application, applicant, stages, hr=hr, at=moved)
    play_live_scene(application, target, applicant.scene, entered=moved, now=now, hr=hr, rng=rng)


def _past_screening(
    application: Application,
    applicant: LiveApplicant,
    stages: dict[str, JobStage],
    *,
    hr: User,
    at: dt.datetime,
) -> JobStage:
    """To the exam, or past it to interview round 1 with the exam waived; returns the stage."""
    if applicant.stage == StageKind.EXAM:
        target = stages[StageKind.EXAM]
        workflow.move(application, to_stage=target, actor=hr, at=at, notify=False)
        return target
    target = stages[StageKind.INTERVIEW]  # round 1
    workflow.move(
        application,
        to_stage=target,
        actor=hr,
        override=True,
        reason=EXAM_WAIVED,
        at=at,
        notify=False,
    )
    return target


def live_summary(job: JobOpening) -> str:
    """One line: where the open job's applications are, for the command's summary."""
    from applications import selectors

    counts = selectors.job_stage_counts([job.pk])[job.pk]
    stages = ", ".join(
        f"{counts[stage.pk]} {stage.name}"
        for stage in job.stages.order_by("position")
        if counts[stage.pk]
    )
    total = sum(counts.values())
    return f"{job.reference} {job.title}: {total} applications in progress ({stages})"
