"""The screening, exam and interview steps of the 2018 story: who leaves where, who moves on."""

import datetime as dt
import random
from collections.abc import Callable

from django.contrib.auth.models import User

from applications import workflow
from applications.models import Application, JobOpening, JobStage, RejectionReason
from ats.actors import ApplicantActor

from .dates import office_time
from .hooks import record_evidence

Exit = tuple[int, str, str]  # (how many, "reject" or "withdraw", reason code or words)
# (index of the stage being left, the day it happens, who leaves the race there)
FunnelStep = tuple[int, dt.date, list[Exit]]


def run_funnel(
    job: JobOpening,
    applications: list[Application],
    plan: list[FunnelStep],
    hr: User,
    rng: random.Random,
    progress: Callable[[str], None],
) -> list[Application]:
    """Walk applications through stages: for each (stage index being left, date, exits) some
    are rejected or withdraw, the rest move on. Returns those still in the race."""
    stages = list(job.stages.order_by("position"))
    remaining = list(applications)
    rng.shuffle(remaining)
    for index, when, exits in plan:
        for count, how, code in exits:
            for application in remaining[:count]:
                _leave(application, stages[index], how, code, when=when, hr=hr, rng=rng)
            remaining = remaining[count:]
        _move_on(remaining, stages[index], stages[index + 1], when=when, hr=hr, rng=rng)
        progress(f"  {stages[index].name}: {len(remaining)} moved on to {stages[index + 1]}")
    return remaining


def _leave(
    application: Application,
    stage: JobStage,
    how: str,
    code: str,
    *,
    when: dt.date,
    hr: User,
    rng: random.Random,
) -> None:
    """HR rejects the application at `stage` (with the evidence), or the applicant withdraws."""
    at = office_time(when, rng)
    if how == "reject":
        reason = RejectionReason.objects.get(code=code)
        record_evidence(application, stage, passed=False, reason=code, when=when, hr=hr, rng=rng)
        workflow.reject(application, rejection_reason=reason, actor=hr, at=at, notify=False)
    else:
        workflow.withdraw(
            application, actor=ApplicantActor(application.pk), reason=code, at=at, notify=False
        )


def _move_on(
    applications: list[Application],
    stage: JobStage,
    to_stage: JobStage,
    *,
    when: dt.date,
    hr: User,
    rng: random.Random,
) -> None:
    for application in applications:
        record_evidence(application, stage, passed=True, reason="", when=when, hr=hr, rng=rng)
        workflow.move(
            application, to_stage=to_stage, actor=hr, at=office_time(when, rng), notify=False
        )
