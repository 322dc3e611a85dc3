"""The open job's CVs: communication people, qualified or junior as the plan wants."""

import datetime as dt
import random
import re
from typing import TYPE_CHECKING

from applications.models import Application

from .dates import BEIJING

if TYPE_CHECKING:
    from demo.cv_samples import CVProfile

LIVE_FIELDS = [
    "Communication",
    "Communication",
    "Environmental Science",
    "Molecular Biology",
    "Atmospheric Science",
    "Ecology",
    "Physics",
]
LIVE_BULLETS = [
    "Wrote press releases and managed the newsletter",
    "Ran the institute's social media accounts and doubled their following in two years",
    "Produced short explainer videos on new research results",
    "Organised public lectures and science festival stands",
    "Edited the annual report and the English website",
    "Trained researchers to talk to journalists",
    "Pitched stories on member programmes to international media",
]
# Not the job-board export: its dates and board are not this job's.
LIVE_LAYOUTS_LEFT_OUT = ("no_contact", "cover_page")
LIVE_SKILLS = [
    "Scientific writing",
    "Public speaking",
    "Adobe InDesign",
    "Drupal",
    "Event management",
    "Stakeholder engagement",
]


def live_layouts() -> list[str]:
    from demo import cv_samples

    return [name for name in cv_samples.LAYOUTS if name not in LIVE_LAYOUTS_LEFT_OUT]


def _fits(profile: "CVProfile", created: dt.date, kind: str) -> bool:
    """Whether a generated CV tells the kind of story the plan wants."""
    from demo import cv_samples

    years = cv_samples._merged_years(profile.jobs, created)
    if not kind:
        return years <= 20  # people apply to an officer post early or mid-career
    degree = any(e.level != "other" and not e.in_progress for e in profile.education)
    if kind == "junior":
        return degree and 0.5 <= years < 2.5
    # An officer post: experienced, but not a director's career.
    return degree and 3.5 <= years <= 15


def live_profile(application: Application, rng: random.Random, *, kind: str) -> "CVProfile":
    """A communication person's CV of the kind the plan wants (see LiveApplicant.cv)."""
    from demo import cv_samples

    candidate = application.candidate
    created = application.submitted_at.astimezone(BEIJING).date()
    for _attempt in range(500):
        profile = cv_samples.random_profile(
            rng,
            name=candidate.full_name,
            email=candidate.email,
            nationality=candidate.nationality.code,
            field=rng.choice(LIVE_FIELDS),
            created=created,
        )
        if _fits(profile, created, kind):
            break
    profile.headline = rng.choice(cv_samples.TITLES["communications"])
    for job in profile.jobs:
        if not job.is_internship and job.bullets:
            job.title = rng.choice(cv_samples.TITLES["communications"])
            job.bullets = rng.sample(LIVE_BULLETS, rng.randint(1, 3))
    profile.skills = list(dict.fromkeys(rng.sample(LIVE_SKILLS, 3) + profile.skills))[:8]
    _date_papers(profile, rng, created)
    return profile


def _date_papers(profile: "CVProfile", rng: random.Random, created: dt.date) -> None:
    """Papers only from those with a doctorate, and not from before they started it."""
    phd = next((e for e in profile.education if e.level == "phd" and not e.in_progress), None)
    if phd is None:
        profile.publications = None
    elif profile.publications:
        first = phd.start_year or phd.year - 4
        profile.publications = [
            re.sub(r"\(\d{4}\)", f"({rng.randint(first, created.year)})", paper)
            for paper in profile.publications
        ]
