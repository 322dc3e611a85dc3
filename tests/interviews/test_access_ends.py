"""An interviewer's access to a candidate ends: when the interview is cancelled, when they are
removed from the panel, and INTERVIEWER_ACCESS_DAYS after the round was decided."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interviews import services
from interviews.models import RoundDecision
from tests.applications.cv_support import make_cv

pytestmark = pytest.mark.django_db


def _sees(user, application) -> tuple[int, int]:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("interview-candidate", args=[application.pk])).status_code
    cv = client.get(reverse("interview-candidate-cv", args=[application.pk])).status_code
    return page, cv


@pytest.fixture
def interview(held):
    make_cv(held.application)
    return held


def test_a_panel_member_sees_the_candidate_and_the_cv(interview, interviewer):
    assert _sees(interviewer, interview.application) == (200, 200)


def test_access_ends_when_the_interview_is_cancelled(interview, interviewer, hr_user):
    services.interview_cancel(actor=hr_user, interview=interview, reason="Moved", notify=False)

    assert _sees(interviewer, interview.application) == (404, 404)


def test_access_ends_when_the_member_is_removed(interview, interviewer, hr_user):
    seat = interview.panel.get(interviewer=interviewer)
    services.panel_member_remove(actor=hr_user, member=seat, reason="Conflict", notify=False)

    assert _sees(interviewer, interview.application) == (404, 404)


@pytest.mark.parametrize(("days_ago", "seen"), [(29, (200, 200)), (31, (404, 404))])
def test_access_ends_some_days_after_the_round_was_decided(
    interview, interviewer, hr_user, settings, days_ago, seen
):
    settings.INTERVIEWER_ACCESS_DAYS = 30
    RoundDecision.objects.create(
        application=interview.application,
        round=interview.round,
        outcome="advance",
        decided_by=hr_user,
        decided_at=timezone.now() - dt.timedelta(days=days_ago),
    )

    assert _sees(interviewer, interview.application) == seen


def test_hr_keeps_access(interview, hr_user):
    services.interview_cancel(actor=hr_user, interview=interview, reason="Moved", notify=False)

    assert _sees(hr_user, interview.application) == (200, 200)
