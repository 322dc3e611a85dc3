"""Each event source writes a delivery, in its own transaction, with the facts receivers need
and none of the person's details (no name, e-mail, CV, salary, ratings or free-text notes)."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from applications import services as app_services
from applications import workflow
from interviews import services as interview_services
from programs import services as program_services
from programs.models import CaseStatus
from tests.factories import make_application, make_job, rejection_reason, stages
from tests.interviews.conftest import HELD, score
from tests.programs.conftest import accepted_application
from webhooks.models import WebhookDelivery

PERSONAL = ("full_name", "email", "phone", "salary", "cv", "notes", "Lebenslauf")


@pytest.fixture
def application(db, hr_decides_gates):
    return make_application(job=make_job())


def delivered(event):
    """The data of the one delivery of `event`, checked to carry no personal details."""
    [delivery] = WebhookDelivery.objects.filter(event=event)
    assert set(delivery.payload) == {"id", "event", "created", "data"}
    assert delivery.payload["event"] == event
    text = json.dumps(delivery.payload)
    assert not [word for word in PERSONAL if word in text], text
    return delivery.payload["data"]


def test_application_created(subscribe, hr_decides_gates):
    subscribe(events=["application.created"])

    application = make_application(job=make_job(reference="ALL-2018-12"))

    data = delivered("application.created")
    assert data["application_id"] == application.pk
    assert data["candidate_id"] == application.candidate_id
    assert data["job_reference"] == "ALL-2018-12"
    assert data["stage"]["kind"] == "applied"
    assert data["source"] == "careers"


def test_application_stage_changed(subscribe, application, hr_user):
    subscribe(events=["application.stage_changed"])
    first, second = stages(application.job)[:2]

    workflow.move(application, to_stage=second, actor=hr_user)

    data = delivered("application.stage_changed")
    assert data["from_stage"]["id"] == first.pk
    assert data["to_stage"] == {
        "id": second.pk,
        "name": second.name,
        "kind": second.kind,
        "position": second.position,
    }
    assert (data["is_backward"], data["is_override"]) == (False, False)


def test_application_rejected(subscribe, application, hr_user):
    subscribe(events=["application.rejected"])

    workflow.reject(
        application,
        rejection_reason=rejection_reason(),
        actor=hr_user,
        note="notes on the person stay inside",
    )

    data = delivered("application.rejected")
    assert data["to_status"] == "rejected"
    assert data["rejection_reason"]["code"] == "requirements-not-met"
    assert "stay inside" not in json.dumps(data)


def test_application_withdrawn(subscribe, application, hr_user):
    subscribe(events=["application.withdrawn"])

    workflow.withdraw(application, actor=hr_user, reason="found another job")

    data = delivered("application.withdrawn")
    assert (data["from_status"], data["to_status"]) == ("active", "withdrawn")


def test_application_hired(subscribe, application, hr_user):
    subscribe(events=["application.hired", "application.stage_changed"])
    joined = stages(application.job)[-1]

    workflow.move(application, to_stage=joined, actor=hr_user, override=True, reason="test")

    data = delivered("application.hired")
    assert data["status"] == "hired"
    assert data["to_stage"]["kind"] == "hired"
    assert delivered("application.stage_changed")["to_stage"]["id"] == joined.pk


def test_no_delivery_for_events_nobody_subscribed_to(subscribe, application, hr_user):
    subscribe(events=["application.hired"])

    workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)

    assert not WebhookDelivery.objects.exists()


def test_offer_accepted(subscribe, application, hr_user):
    subscribe(events=["offer.accepted"])
    offer_stage = application.job.stages.get(kind="offer")
    workflow.move(application, to_stage=offer_stage, actor=hr_user, override=True, reason="t")
    offer = app_services.offer_make(
        actor=hr_user,
        application=application,
        offered_on=dt.date(2019, 3, 1),
        salary=Decimal("123456"),
    )
    app_services.offer_send(actor=hr_user, offer=offer, email=False)

    app_services.offer_respond(
        actor=hr_user, offer=offer, accepted=True, responded_on=dt.date(2019, 3, 5)
    )

    data = delivered("offer.accepted")
    assert data["offer_id"] == offer.pk
    assert data["responded_on"] == "2019-03-05"
    assert data["application_id"] == application.pk


def schedule_interview(application, hr_user, panel):
    round1 = interview_services.rounds_ensure_for_job(job=application.job, actor=hr_user)[0]
    workflow.move(application, to_stage=round1.stage, actor=hr_user, override=True, reason="t")
    return interview_services.interview_schedule(
        actor=hr_user,
        application=application,
        round=round1,
        starts_at=HELD,
        ends_at=HELD + dt.timedelta(hours=1),
        time_zone=str(HELD.tzinfo),
        video_link="https://meet.example.org/secret-room",
        panel=panel,
        notify=False,
    )


@pytest.fixture
def interview(application, hr_user, interviewer, other_interviewer):
    return schedule_interview(application, hr_user, [interviewer, other_interviewer])


def test_interview_scheduled(subscribe, application, hr_user, interviewer, other_interviewer):
    subscribe(events=["interview.scheduled"])

    interview = schedule_interview(application, hr_user, [interviewer, other_interviewer])

    data = delivered("interview.scheduled")
    assert data["interview_id"] == interview.pk
    assert data["round_id"] == interview.round_id
    assert data["round_name"] == interview.round.name
    assert data["starts_at"] == "2019-02-14T02:00:00Z"
    assert "secret-room" not in json.dumps(data)


def test_scorecard_submitted(subscribe, interview, interviewer):
    subscribe(events=["scorecard.submitted"])

    scorecard = score(interview, interviewer, notes="strong on methods")

    data = delivered("scorecard.submitted")
    assert (data["scorecard_id"], data["interviewer_id"]) == (scorecard.pk, interviewer.pk)
    assert data["interview_id"] == interview.pk
    assert "recommendation" not in data
    assert "strong on methods" not in json.dumps(data)


def test_case_status_changed(subscribe, hr_user, hr_decides_gates):
    subscribe(events=["case.status_changed"])
    application = accepted_application(hr=hr_user)
    case = program_services.case_open(actor=hr_user, application=application)

    program_services.case_move(
        case=case, to_status=CaseStatus.WITHDRAWN, actor=hr_user, reason="declined the visa"
    )

    data = delivered("case.status_changed")
    assert data["case_id"] == case.pk
    assert (data["from_status"], data["to_status"]) == (case.status, "withdrawn")
    assert data["application_id"] == application.pk
