"""Round decisions: advance needs the round's scorecards; a rejection goes through the engine."""

import pytest

from applications import workflow
from applications.models import ApplicationStatus, StageEvent
from ats.errors import DomainError
from interviews import services
from interviews.models import RoundDecision
from tests.factories import rejection_reason
from tests.interviews.conftest import score

pytestmark = pytest.mark.django_db


def _advance(application, round_, hr_user, **kwargs):
    return services.round_decision_record(
        actor=hr_user, application=application, round=round_, outcome="advance", **kwargs
    )


def test_an_advance_decision_needs_every_scorecard(held, hr_user, interviewer):
    score(held, interviewer)
    with pytest.raises(DomainError, match="Not yet ready to advance: 1 of 2 scorecards submitted"):
        _advance(held.application, held.round, hr_user)
    assert not RoundDecision.objects.exists()


def test_advance_with_move_on_moves_through_the_engine(
    held, hr_user, interviewer, other_interviewer
):
    score(held, interviewer)
    score(held, other_interviewer)
    _advance(held.application, held.round, hr_user, move_on=True, notify=False)
    held.application.refresh_from_db()
    assert held.application.stage.name == "Interview round 2"
    assert held.application.events.filter(kind=StageEvent.Kind.MOVED).last().actor == hr_user


def test_reject_decision_rejects_through_the_engine_with_its_reason(held, hr_user, interviewer):
    score(held, interviewer, scores=[2, 1, 2, 2], recommendation="strong_no")
    decision = services.round_decision_record(
        actor=hr_user,
        application=held.application,
        round=held.round,
        outcome="reject",
        note="Weak on programme management",
        notify=False,
    )
    application = held.application
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.rejection_reason.code == "interview-performance"
    event = application.events.order_by("version").last()
    assert (event.kind, event.actor, event.reason, event.rejection_reason.code) == (
        "rejected",
        hr_user,
        "Weak on programme management",
        "interview-performance",
    )
    assert decision.rejection_reason.code == "interview-performance"


def test_reject_decision_with_another_reason(held, hr_user):
    services.interview_no_show(actor=hr_user, interview=held)
    services.round_decision_record(
        actor=hr_user,
        application=held.application,
        round=held.round,
        outcome="reject",
        rejection_reason=rejection_reason("no-show"),
        notify=False,
    )
    held.application.refresh_from_db()
    assert held.application.rejection_reason.code == "no-show"


def test_decisions_are_for_active_applications_in_the_round(held, hr_user, interviewer):
    workflow.reject(held.application, rejection_reason=rejection_reason(), actor=hr_user)
    with pytest.raises(DomainError, match="is not active in “Interview round 1”"):
        services.round_decision_record(
            actor=hr_user, application=held.application, round=held.round, outcome="reject"
        )
    with pytest.raises(DomainError, match="Only HR staff may decide interview rounds"):
        services.round_decision_record(
            actor=interviewer, application=held.application, round=held.round, outcome="reject"
        )
