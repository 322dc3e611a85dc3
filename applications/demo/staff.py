"""The secretariat staff posting of December 2018: 25 applications, 4 joined."""

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth.models import User

from applications import services
from applications.models import Channel, JobOpening, PipelineTemplate, Posting

from .applicants import people, submit_all
from .funnel import FunnelStep, run_funnel
from .offers import make_offers

STAFF_REF = "SEC-2018-12"
STAFF_WEIGHTS = {
    "CN": 12,
    "IN": 2,
    "PK": 2,
    "KE": 1,
    "NG": 1,
    "RU": 1,
    "VN": 1,
    "TH": 1,
    "ET": 1,
    "EG": 1,
    "MY": 1,
    "IT": 1,
}
# 25 → screening; 9 rejected, 1 withdrew → 15 sit the exam; 1 absent, 6 below the pass
# mark → 8 in round 1; 2 rejected → 6 in round 2; 1 rejected → 5 offers; 1 declines → 4.
STAFF_FUNNEL: list[FunnelStep] = [
    (0, dt.date(2019, 1, 7), []),
    (
        1,
        dt.date(2019, 1, 14),
        [(9, "reject", "requirements-not-met"), (1, "withdraw", "Accepted another job")],
    ),
    (2, dt.date(2019, 1, 28), [(1, "reject", "no-show"), (6, "reject", "exam-below-pass")]),
    (3, dt.date(2019, 2, 22), [(2, "reject", "interview-performance")]),
    (4, dt.date(2019, 3, 8), [(1, "reject", "stronger-candidates")]),
]


def load_staff_posting(hr: User, rng: random.Random, progress: Callable[[str], None]) -> JobOpening:
    job = _staff_job(hr)
    careers, referral, email = _staff_postings(job)
    persons = people(rng, 25, weights=STAFF_WEIGHTS)
    sources = [careers] * 16 + [referral] * 4 + [email] * 5
    applications = submit_all(
        job, persons, lambda i: sources[i], rng, dt.date(2018, 12, 3), 30, progress
    )
    finalists = run_funnel(job, applications, STAFF_FUNNEL, hr, rng, progress)
    make_offers(
        job,
        finalists,
        hr,
        rng,
        offered=dt.date(2019, 3, 18),
        joined=dt.date(2019, 4, 15),
        progress=progress,
    )
    return job


def _staff_job(hr: User) -> JobOpening:
    return services.job_create(
        actor=hr,
        reference=STAFF_REF,
        title="Programme Officer (Secretariat)",
        pipeline=PipelineTemplate.objects.get(name="Staff recruitment"),
        department="Secretariat",
        location="Beijing, China",
        headcount=4,
        employment_type=JobOpening.EmploymentType.FULL_TIME,
        status=JobOpening.Status.CLOSED,
        opens_on=dt.date(2018, 12, 3),
        closes_on=dt.date(2019, 1, 2),
        description=(
            "The Secretariat of the Alliance of International Science Organizations coordinates "
            "joint programmes of member organisations in over 40 countries. Programme officers "
            "plan and follow up scientific cooperation programmes, training courses and "
            "meetings, and liaise with member organisations."
        ),
        requirements=(
            "Master's degree or higher in a natural science, engineering or international "
            "relations; two or more years of experience in international cooperation or "
            "programme management; fluent English, Chinese is an advantage; strong writing."
        ),
    )


def _staff_postings(job: JobOpening) -> tuple[Channel, Channel, Channel]:
    """Posted on the careers site and circulated by e-mail; returns the three source channels
    (careers, referral, e-mail)."""
    careers, referral, email = (
        Channel.objects.get(slug=s) for s in ("careers", "referral", "email")
    )
    Posting.objects.create(job=job, channel=careers, posted_on=dt.date(2018, 12, 3))
    Posting.objects.create(
        job=job,
        channel=email,
        posted_on=dt.date(2018, 12, 5),
        notes="Circulated to member organisations",
    )
    return careers, referral, email
