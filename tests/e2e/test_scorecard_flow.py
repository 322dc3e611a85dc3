"""An interviewer confirms no conflict of interest and submits a scorecard in the browser; an
incomplete scorecard is refused on the page with what is missing, and nothing is submitted."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from applications import workflow
from interviews import selectors, services
from interviews.models import Scorecard
from tests.factories import CandidateFactory, UserFactory, make_application, make_job

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HELD = dt.datetime(2019, 2, 14, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_interviewer_scores_in_the_browser(live_server, page, shot):
    hr = UserFactory(username="hr-e2e", groups=["hr"])
    bob = UserFactory(username="bob-e2e", first_name="Bob", groups=["interviewer"])
    charlie = UserFactory(username="charlie-e2e", groups=["interviewer"])
    job = make_job(reference="SEC-2026-IV")
    round1 = services.rounds_ensure_for_job(job=job, actor=hr)[0]
    application = workflow.move(
        make_application(job=job, candidate=CandidateFactory(full_name="Priya Menon")),
        to_stage=round1.stage,
        actor=hr,
        override=True,
        reason="to the interviews",
        notify=False,
    )
    interview = services.interview_schedule(
        actor=hr,
        application=application,
        round=round1,
        starts_at=HELD,
        ends_at=HELD + dt.timedelta(hours=1),
        time_zone="Asia/Shanghai",
        panel=[bob, charlie],
        venue="Secretariat, meeting room 2",
        notify=False,
    )
    criteria = selectors.round_criteria(round1)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("bob-e2e")
    page.get_by_label("Password").fill("pass-for-tests")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="My interviews").wait_for()
    page.get_by_role("link", name="Priya Menon").first.click()  # the candidate's page
    page.get_by_role("link", name="Interview round 1").click()
    page.get_by_label("I have no conflict of interest with this candidate").check()
    page.get_by_role("button", name="Record my answer").click()

    for criterion in criteria[1:]:
        page.locator(f'input[name="score_{criterion.pk}"][value="4"]').check()
    page.locator('input[name="recommendation"][value="yes"]').check()
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("missing: Technical knowledge").wait_for()
    shot("scorecard-incomplete")
    assert not Scorecard.objects.filter(interview=interview, submitted_at__isnull=False).exists()

    page.locator(f'input[name="score_{criteria[0].pk}"][value="5"]').check()
    page.locator('input[name="recommendation"][value="yes"]').check()
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("No other panel member has submitted yet.").wait_for()
    shot("scorecard-submitted")
    scorecard = Scorecard.objects.get(interview=interview, interviewer=bob)
    assert scorecard.is_submitted
    assert page.url.endswith(reverse("interview-detail", args=[interview.pk]))
