"""Fixtures of the reports tests: two jobs with applications at several stages and a hire."""

import datetime as dt

import pytest

from applications import services as app_services
from applications import workflow
from applications.models import StageKind
from tests.factories import make_application, make_job, rejection_reason, stages

T0 = dt.datetime(2019, 1, 1, 9, tzinfo=dt.UTC)
YEAR_2019 = {"from": "2019-01-01", "to": "2019-12-31"}


def days(n: float) -> dt.timedelta:
    return dt.timedelta(days=n)


def hire(application, hr_user, at):
    """Straight to the offer (five days before `at`), accepted, then joined at `at`."""
    job_stages = stages(application.job)
    offer_stage = next(s for s in job_stages if s.kind == StageKind.OFFER)
    hired_stage = next(s for s in job_stages if s.kind == StageKind.HIRED)
    application = workflow.move(
        application,
        to_stage=offer_stage,
        actor=hr_user,
        reason="fast track",
        override=True,
        at=at - days(5),
    )
    offer = app_services.offer_make(
        actor=hr_user, application=application, offered_on=(at - days(5)).date()
    )
    offer = app_services.offer_send(actor=hr_user, offer=offer, email=False)
    app_services.offer_respond(
        actor=hr_user, offer=offer, accepted=True, responded_on=(at - days(2)).date()
    )
    return workflow.move(application, to_stage=hired_stage, actor=hr_user, at=at)


@pytest.fixture
def two_jobs(hr_user, hr_decides_gates):
    """Job A (Secretariat): 4 applications (one screened then examined, one screened, one
    rejected, one hired); job B (Science): 2 applications from LinkedIn, one screened."""
    a, b = make_job(department="Secretariat"), make_job(department="Science")
    apps_a = [make_application(job=a, submitted_at=T0) for _ in range(4)]
    apps_b = [make_application(job=b, submitted_at=T0, source="linkedin") for _ in range(2)]
    workflow.move(apps_a[0], to_stage=stages(a)[1], actor=hr_user, at=T0 + days(1))
    workflow.move(apps_a[0], to_stage=stages(a)[2], actor=hr_user, at=T0 + days(4))
    workflow.move(apps_a[1], to_stage=stages(a)[1], actor=hr_user, at=T0 + days(2))
    workflow.reject(apps_a[2], rejection_reason=rejection_reason(), actor=hr_user)
    hire(apps_a[3], hr_user, T0 + days(30))
    workflow.move(apps_b[0], to_stage=stages(b)[1], actor=hr_user, at=T0 + days(3))
    return a, b
