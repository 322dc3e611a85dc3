"""A case opens by itself when an expert-call application reaches the offer or joined stage."""

import datetime as dt

import pytest

from applications import services as app_services
from applications import workflow
from applications.models import PipelineTemplate
from programs import services, tasks
from programs.models import CaseEvent, ExpertCase
from tests.factories import CandidateFactory, make_application, make_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]


def _to_offer(hr, *, foreign_call=True):
    job = make_job(
        pipeline=PipelineTemplate.objects.get(name="Foreign-expert call"),
        is_foreign_expert_call=foreign_call,
    )
    application = make_application(job=job, candidate=CandidateFactory(nationality="IT"))
    workflow.move(
        application,
        to_stage=job.stages.get(kind="offer"),
        actor=hr,
        override=True,
        reason="shortcut",
        notify=False,
    )
    return application


def test_reaching_the_offer_stage_opens_the_case(hr_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = _to_offer(hr_user)
    case = ExpertCase.objects.get(application=application)
    assert (case.nationality, case.opened_by) == ("IT", hr_user)
    assert case.events.get().kind == CaseEvent.Kind.OPENED


def test_joining_afterwards_keeps_the_one_case(hr_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = _to_offer(hr_user)
    offer = app_services.offer_make(
        actor=hr_user, application=application, offered_on=dt.date(2019, 1, 14)
    )
    app_services.offer_send(actor=hr_user, offer=offer, email=False)
    app_services.offer_respond(
        actor=hr_user, offer=offer, accepted=True, responded_on=dt.date(2019, 1, 20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move(
            application,
            to_stage=application.job.stages.get(kind="hired"),
            actor=hr_user,
            notify=False,
        )
    assert ExpertCase.objects.filter(application=application).count() == 1


def test_other_jobs_open_no_case(hr_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _to_offer(hr_user, foreign_call=False)
    assert not ExpertCase.objects.exists()


def test_a_failing_listener_does_not_undo_the_move(
    hr_user, django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.open_case_for_stage_event, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        application = _to_offer(hr_user)
    application.refresh_from_db()
    assert application.stage.kind == "offer"
    assert not ExpertCase.objects.exists()


def test_opening_twice_returns_the_same_case(hr_user):
    application = _to_offer(hr_user)
    first = services.case_open(application=application, actor=hr_user)
    assert services.case_open(application=application, actor=hr_user) == first


def test_an_application_before_the_offer_opens_no_case(hr_user):
    application = make_application()
    with pytest.raises(Exception) as refused:
        services.case_open(application=application, actor=hr_user)
    assert getattr(refused.value, "code", "") == "not_accepted"
