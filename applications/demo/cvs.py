"""The applicants' CVs: generated PDFs attached to the applications, parsed like real ones."""

import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from applications import services
from applications.models import Application

if TYPE_CHECKING:
    from demo.cv_samples import CVProfile


def _random_profile(application: Application, rng: random.Random) -> "CVProfile":
    from demo import cv_samples

    candidate = application.candidate
    code = candidate.nationality.code
    return cv_samples.random_profile(
        rng,
        name=candidate.full_name,
        email=candidate.email,
        nationality=code if code in cv_samples.PEOPLE else None,
        created=application.submitted_at.date(),
    )


def attach_cvs(
    applications: list[Application],
    rng: random.Random,
    *,
    profile_for: "Callable[[Application, random.Random], CVProfile]" = _random_profile,
    layouts: list[str] | None = None,
) -> list[int]:
    """A generated, realistic CV for every applicant, in varied layouts; returns the CV ids.

    `profile_for` writes the applicant's story (a random one by default)."""
    from demo import cv_samples

    if layouts is None:
        layouts = [layout for layout in cv_samples.LAYOUTS if layout != "no_contact"]
    cv_ids = []
    for application in applications:
        candidate = application.candidate
        profile = profile_for(application, rng)
        profile.phone = candidate.phone
        # English CVs: the generator writes Chinese-language CVs under a Chinese-script name of
        # its own, which would not be this candidate's.
        pdf = cv_samples.render_cv(
            profile, layout=rng.choice(layouts), created=application.submitted_at.date()
        )
        slug = "-".join(candidate.full_name.split()).lower()
        cv = services.cv_attach(
            application=application, name=f"CV-{slug}.pdf", data=pdf, enqueue_parse=False
        )
        cv_ids.append(cv.pk)
    return cv_ids


def parse_cvs(cv_ids: list[int], progress: Callable[[str], None]) -> None:
    """Through the same task as online applications: in-process when Celery is eager."""
    from applications.tasks import parse_cv_document

    for done, cv_id in enumerate(cv_ids, start=1):
        parse_cv_document.delay(cv_id)
        if done % 25 == 0 or done == len(cv_ids):
            progress(f"  CVs parsed or queued: {done}/{len(cv_ids)}")
