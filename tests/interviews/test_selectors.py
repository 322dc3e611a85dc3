"""Selectors: what the round waits for, who stands in a round, who is offered the scorecard."""

import pytest

from applications import workflow
from interviews import selectors, services
from tests.factories import rejection_reason
from tests.interviews.conftest import confirm, score

pytestmark = pytest.mark.django_db


def test_scorecard_progress_never_needs_fewer_than_the_rounds_minimum(
    held, hr_user, interviewer, other_interviewer
):
    score(held, interviewer)
    services.panel_member_remove(
        actor=hr_user, member=held.panel.get(interviewer=other_interviewer), reason="Conflict"
    )
    interview = selectors.interview_get_for_user(hr_user, held.pk)
    cards = list(interview.scorecards.all())
    assert selectors.scorecard_progress(interview, cards, minimum=2) == (1, 2)
    assert selectors.scorecard_progress(interview, cards, minimum=1) == (1, 1)


def test_only_an_active_application_in_the_rounds_stage_stands_in_it(held, hr_user, rounds):
    application = held.application
    assert selectors.stands_in_round(application, rounds[0])
    assert not selectors.stands_in_round(application, rounds[1])
    rejected = workflow.reject(
        application, rejection_reason=rejection_reason(), actor=hr_user, notify=False
    )
    assert not selectors.stands_in_round(rejected, rounds[0])


def test_the_scorecard_is_offered_once_the_member_confirmed_no_conflict(held, interviewer):
    assert not selectors.may_score(held, held.panel.get(interviewer=interviewer))
    seat = confirm(held, interviewer)
    assert selectors.may_score(held, seat)
    assert not selectors.may_score(held, None)
