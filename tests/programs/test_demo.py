"""The programmes demo: the two experts who joined from FE-2018-09, once, at different points."""

import datetime as dt

import pytest
import time_machine

from applications import services as app_services
from applications import workflow
from applications.demo import EXPERT_REF
from applications.models import PipelineTemplate
from programs import deadlines, demo, selectors
from programs.models import CaseStatus, ExpertCase, FundingStatus
from tests.factories import CandidateFactory, UserFactory, make_application, make_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]

FROZEN = dt.datetime(2025, 3, 1, 2, tzinfo=dt.UTC)


@pytest.fixture
def expert_call():
    """FE-2018-09 as the applications demo leaves it: two hired, with accepted offers."""
    hr = UserFactory(username="hr", groups=["hr"])
    job = make_job(
        reference=EXPERT_REF,
        pipeline=PipelineTemplate.objects.get(name="Foreign-expert call"),
        is_foreign_expert_call=True,
    )
    for nationality in ("IN", "EG"):
        application = make_application(
            job=job, candidate=CandidateFactory(nationality=nationality), source="linkedin"
        )
        workflow.move(
            application, to_stage=job.stages.get(kind="offer"), actor=hr, override=True, reason="-"
        )
        offer = app_services.offer_make(
            actor=hr, application=application, offered_on=dt.date(2019, 1, 14)
        )
        app_services.offer_send(actor=hr, offer=offer, email=False)
        app_services.offer_respond(
            actor=hr, offer=offer, accepted=True, responded_on=dt.date(2019, 1, 20)
        )
        workflow.move(application, to_stage=job.stages.get(kind="hired"), actor=hr)
    return job


@pytest.fixture
def loaded(expert_call):
    with time_machine.travel(FROZEN, tick=False):
        assert demo.load(progress=lambda line: None) is True
    return list(ExpertCase.objects.order_by("application_id"))


def test_second_load_changes_nothing(loaded):
    events = sum(case.events.count() for case in loaded)
    with time_machine.travel(FROZEN, tick=False):
        assert demo.load(progress=lambda line: None) is False
    assert sum(case.events.count() for case in ExpertCase.objects.all()) == events


def test_two_pifi_cases_at_different_points(loaded):
    visiting, postdoc = loaded
    assert (visiting.category.code, visiting.status) == ("visiting-scientist", CaseStatus.ACTIVE)
    assert (postdoc.category.code, postdoc.status) == (
        "postdoctoral-researcher",
        CaseStatus.RENEWAL_DUE,
    )
    assert {case.arrived_on for case in loaded} == {dt.date(2019, 9, 1)}
    assert {case.actual_start for case in loaded} == {dt.date(2019, 9, 2)}


def test_pifi_awarded_with_a_continuation_for_the_visiting_scientist(loaded):
    visiting, postdoc = loaded
    assert [(f.continuation_number, f.status) for f in visiting.fundings.all()] == [
        (0, FundingStatus.COMPLETED),
        (1, FundingStatus.COMPLETED),
    ]
    assert postdoc.fundings.get().decided_on == dt.date(2019, 6, 20)


def test_the_postdocs_permits_show_in_the_expiry_report(loaded):
    with time_machine.travel(FROZEN, tick=False):
        listed = {r.case_id for r in selectors.expiring_permits(today=dt.date(2025, 3, 1))}
    assert listed == {loaded[1].pk}


def test_the_visiting_scientist_has_nothing_overdue(loaded):
    rows = selectors.case_rows(selectors.case_list(), today=dt.date(2025, 3, 1))
    overdue = {row.case.pk: row.overdue for row in rows}
    assert overdue[loaded[0].pk] == []


def test_the_postdocs_passport_falls_due_with_the_renewal(loaded):
    visiting, postdoc = loaded
    rows = {
        row.case.pk: row
        for row in selectors.case_rows(selectors.case_list(), today=dt.date(2025, 3, 1))
    }

    def passport(case):
        return [
            (d.due_on, d.expires_on)
            for d in rows[case.pk].deadlines
            if d.key == deadlines.PASSPORT_RENEWAL
        ]

    assert passport(postdoc) == [(dt.date(2025, 3, 7), dt.date(2025, 9, 7))]
    assert passport(visiting) == []
