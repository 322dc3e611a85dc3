"""The foreign-expert call on LinkedIn, September 2018: 102 applications, 2 PIFI experts."""

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth.models import User

from applications import services, workflow
from applications.models import (
    Application,
    Channel,
    JobOpening,
    JobStage,
    PipelineTemplate,
    Posting,
    RejectionReason,
)

from .applicants import people, submit_all
from .dates import office_time
from .funnel import FunnelStep, run_funnel
from .hooks import record_evidence
from .offers import make_offers

EXPERT_REF = "FE-2018-09"
EXPERT_WEIGHTS = {
    "IN": 14,
    "PK": 10,
    "NG": 8,
    "EG": 7,
    "KE": 5,
    "ET": 5,
    "DE": 6,
    "FR": 5,
    "IT": 5,
    "ES": 5,
    "RU": 5,
    "BR": 5,
    "US": 5,
    "GB": 4,
    "NL": 3,
    "VN": 4,
    "KR": 3,
    "TH": 3,
    "MY": 3,
    "CN": 3,
}
SCREENED = dt.date(2018, 10, 22)  # every application entered screening
NATIONALS_REJECTED = dt.date(2018, 10, 24)


def load_expert_call(hr: User, rng: random.Random, progress: Callable[[str], None]) -> JobOpening:
    job = _expert_job(hr)
    linkedin = _expert_posting(job)
    persons = people(rng, 102, weights=EXPERT_WEIGHTS)
    applications = submit_all(
        job, persons, lambda i: linkedin, rng, dt.date(2018, 9, 3), 42, progress
    )
    # PIFI is for non-Chinese nationals: those are screened out first. Of the others, 15 pass
    # screening, 8 reach round 2, 3 get offers; one declines and 2 experts join.
    screening = job.stages.get(kind="screening")
    _enter_screening(applications, screening, hr, rng)
    eligible = _screen_out_nationals(applications, screening, hr, rng)
    finalists = run_funnel(job, eligible, _expert_funnel(len(eligible)), hr, rng, progress)
    make_offers(
        job,
        finalists,
        hr,
        rng,
        offered=dt.date(2019, 1, 14),
        joined=dt.date(2019, 9, 2),
        progress=progress,
    )
    return job


def _expert_job(hr: User) -> JobOpening:
    return services.job_create(
        actor=hr,
        reference=EXPERT_REF,
        title="Foreign Experts – Visiting Scientists and Postdoctoral Researchers (CAS PIFI)",
        pipeline=PipelineTemplate.objects.get(name="Foreign-expert call"),
        department="Science Programmes",
        location="Beijing, China",
        headcount=2,
        employment_type=JobOpening.EmploymentType.FELLOWSHIP,
        status=JobOpening.Status.CLOSED,
        opens_on=dt.date(2018, 9, 3),
        closes_on=dt.date(2018, 10, 15),
        is_foreign_expert_call=True,
        description=(
            "Foreign experts join the Secretariat for one to two years under the CAS "
            "President's International Fellowship Initiative (PIFI) to support international "
            "science programmes on climate, biodiversity and disaster risk reduction."
        ),
        requirements=(
            "PhD in a natural science or engineering (postdoctoral researchers: within five "
            "years of the degree); non-Chinese nationality; publication record; English."
        ),
    )


def _expert_posting(job: JobOpening) -> Channel:
    linkedin = Channel.objects.get(slug="linkedin")
    Posting.objects.create(
        job=job,
        channel=linkedin,
        posted_on=dt.date(2018, 9, 3),
        url="https://www.linkedin.com/jobs/",
    )
    return linkedin


def _enter_screening(
    applications: list[Application], screening: JobStage, hr: User, rng: random.Random
) -> None:
    for application in applications:
        workflow.move(
            application,
            to_stage=screening,
            actor=hr,
            at=office_time(SCREENED, rng),
            notify=False,
        )


def _screen_out_nationals(
    applications: list[Application], screening: JobStage, hr: User, rng: random.Random
) -> list[Application]:
    """Rejects the Chinese nationals (PIFI is for foreigners); returns the others."""
    reason = RejectionReason.objects.get(code="requirements-not-met")
    eligible = []
    for application in applications:
        if application.candidate.nationality != "CN":
            eligible.append(application)
            continue
        record_evidence(
            application,
            screening,
            passed=False,
            reason="requirements-not-met",
            when=NATIONALS_REJECTED,
            hr=hr,
            rng=rng,
        )
        workflow.reject(
            application,
            rejection_reason=reason,
            actor=hr,
            notify=False,
            note="PIFI is for non-Chinese nationals",
            at=office_time(NATIONALS_REJECTED, rng),
        )
    return eligible


def _expert_funnel(eligible: int) -> list[FunnelStep]:
    """The steps from screening on, for the `eligible` foreign applicants."""
    return [
        (
            1,
            dt.date(2018, 10, 29),
            [
                (eligible - 18, "reject", "requirements-not-met"),
                (3, "withdraw", "No longer available"),
            ],
        ),
        (2, dt.date(2018, 11, 26), [(7, "reject", "stronger-candidates")]),
        (3, dt.date(2018, 12, 17), [(5, "reject", "interview-performance")]),
    ]
