"""Fixtures of the programme tests: PIFI as seeded, accepted applications, cases."""

import datetime as dt

import pytest
from django.utils import timezone

from applications import workflow
from applications.models import PipelineTemplate
from programs import services
from programs.models import ExpertCase, Programme
from tests.factories import CandidateFactory, make_application, make_job


@pytest.fixture
def pifi(db) -> Programme:
    return Programme.objects.get(code="pifi")


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def permit(case, hr, kind, valid_to, **kw):
    """A permit issued on 12 September 2019, valid to `valid_to`."""
    return services.immigration_record_create(
        case=case,
        actor=hr,
        kind=kind,
        issued_on=dt.date(2019, 9, 12),
        valid_from=dt.date(2019, 9, 12),
        valid_to=valid_to,
        **kw,
    )


def accepted_application(*, hr, candidate=None, nationality: str = "DE", foreign_call=True):
    """An application moved (by HR's override) into the offer stage of an expert call."""
    job = make_job(
        pipeline=PipelineTemplate.objects.get(name="Foreign-expert call"),
        is_foreign_expert_call=foreign_call,
    )
    application = make_application(
        job=job, candidate=candidate or CandidateFactory(nationality=nationality)
    )
    workflow.move(
        application,
        to_stage=job.stages.get(kind="offer"),
        actor=hr,
        override=True,
        reason="test",
        notify=False,
    )
    return application


@pytest.fixture
def make_case(hr_user, pifi, hr_decides_gates):
    """make_case(status=..., nationality=..., category=..., host=..., **fields) -> ExpertCase."""

    def make(
        *,
        nationality: str = "DE",
        category: str = "visiting-scientist",
        host: str = "Institute of Atmospheric Physics, CAS",
        candidate=None,
        programme=pifi,
        **fields,
    ) -> ExpertCase:
        application = accepted_application(
            hr=hr_user, candidate=candidate, nationality=nationality, foreign_call=False
        )
        case = services.case_open(
            application=application,
            actor=hr_user,
            programme=programme,
            category=programme.categories.get(code=category) if programme else None,
            host_institute=host,
        )
        if fields:
            # Given a state (tests of what follows from it), set directly.
            ExpertCase.objects.filter(pk=case.pk).update(**fields)
            case.refresh_from_db()
        return case

    return make
