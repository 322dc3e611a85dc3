"""The demo: both postings' candidates went through both rounds with consistent evidence; on
the open job, interviewer1 has an interview to come and a scorecard to write."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import workflow
from applications.demo import EXPERT_REF, STAFF_REF, live_job
from applications.models import JobOpening
from interviews import scoring, selectors
from interviews.models import (
    ConflictStatus,
    Interview,
    InterviewStatus,
    PanelMember,
    RoundDecision,
    Scorecard,
)

# One worker loads the demo once for the whole package (see conftest.py), also under xdist.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def _rounds(reference):
    return selectors.job_rounds(JobOpening.objects.get(reference=reference))


@pytest.mark.parametrize(
    ("reference", "interviews", "advanced"),
    [(STAFF_REF, [8, 6], [6, 5]), (EXPERT_REF, [15, 8], [8, 3])],
)
def test_both_rounds_were_held_for_everyone_who_reached_them(demo, reference, interviews, advanced):
    rounds = _rounds(reference)
    assert [r.name for r in rounds] == ["Interview round 1", "Interview round 2"]
    assert [r.interviews.count() for r in rounds] == interviews
    assert [r.decisions.filter(outcome="advance").count() for r in rounds] == advanced
    assert [r.decisions.count() for r in rounds] == interviews
    for round_ in rounds:
        assert set(round_.interviews.values_list("status", flat=True)) == {
            InterviewStatus.COMPLETED
        }


def test_every_panel_confirmed_and_submitted(demo):
    panels = PanelMember.objects.filter(interview__round__stage__job__reference=STAFF_REF)
    assert set(panels.values_list("conflict_status", flat=True)) == {ConflictStatus.NONE}
    for interview in Interview.objects.filter(round__stage__job__reference=STAFF_REF):
        members = set(interview.panel.values_list("interviewer__username", flat=True))
        assert 2 <= len(members) <= 3 and members <= {
            "interviewer1",
            "interviewer2",
            "interviewer3",
        }
        submitted = set(
            interview.scorecards.filter(status="submitted").values_list(
                "interviewer__username", flat=True
            )
        )
        assert submitted == members
    assert not Scorecard.objects.exclude(status="submitted").exists()


def test_decisions_match_what_happened_to_the_applications(demo):
    for decision in RoundDecision.objects.select_related("application__stage", "round__stage"):
        application = decision.application
        if decision.outcome == "advance":
            assert application.stage.position > decision.round.stage.position
        else:
            assert application.status == "rejected"
            assert application.stage_id == decision.round.stage_id
            assert application.rejection_reason_id == decision.rejection_reason_id
            # Rejected once, by the demo loader through the engine.
            assert application.events.filter(kind="rejected").count() == 1


def test_scorecards_are_consistent_with_the_outcome(demo):
    scores = {"advance": [], "reject": []}
    for decision in RoundDecision.objects.all():
        interview = Interview.objects.get(application=decision.application, round=decision.round)
        cards = list(interview.scorecards.prefetch_related("ratings"))
        wanted = {"advance": {"yes", "strong_yes"}, "reject": {"no", "strong_no"}}[decision.outcome]
        assert {c.recommendation for c in cards} <= wanted
        criteria = selectors.round_criteria(decision.round)
        scores[decision.outcome].append(
            scoring.interview_score(selectors.ratings_by_card(cards), selectors.weights(criteria))
        )
    assert min(scores["advance"]) > max(scores["reject"])


def test_no_interviewer_was_double_booked(demo):
    for username in ("interviewer1", "interviewer2", "interviewer3"):
        times = sorted(
            Interview.objects.filter(panel__interviewer__username=username).values_list(
                "starts_at", "ends_at"
            )
        )
        pairs = zip(times, times[1:], strict=False)
        assert all(end <= following for (_s, end), (following, _e) in pairs)


# --- the open job ---------------------------------------------------------------------------


def _mine(username):
    return selectors.my_interviews(User.objects.get(username=username), now=timezone.now())


def test_interviewer1_has_one_interview_to_come_and_one_scorecard_to_write(demo):
    job = live_job()
    mine = _mine("interviewer1")
    assert [item.interview.application.job for item in mine.upcoming] == [job]
    assert [item.interview.application.job for item in mine.awaiting] == [job]
    (upcoming,) = mine.upcoming
    (awaiting,) = mine.awaiting
    assert dt.timedelta(hours=12) < upcoming.interview.starts_at - timezone.now()
    assert upcoming.interview.starts_at - timezone.now() < dt.timedelta(days=5)
    assert dt.timedelta(0) < timezone.now() - awaiting.interview.ends_at < dt.timedelta(days=4)
    # Interviewer1 confirmed no conflict for the held one, not yet for the one to come.
    assert awaiting.member.conflict_status == ConflictStatus.NONE and awaiting.scorecard is None
    assert upcoming.member.conflict_status == ConflictStatus.UNCONFIRMED


def test_interviewer2_has_scored_the_held_interview(demo):
    mine = _mine("interviewer2")
    assert len(mine.upcoming) == 1 and not mine.awaiting
    held = Interview.objects.get(
        round__stage__job=live_job(), starts_at__lt=timezone.now(), status="completed"
    )
    (card,) = held.scorecards.all()
    assert (card.interviewer.username, card.status) == ("interviewer2", "submitted")
    assert card.recommendation in {"yes", "strong_yes"} and card.submitted_at < timezone.now()
    # Round 1 cannot be left until interviewer1's scorecard is in.
    assert "1 of 2" in workflow.gate_refusal(held.application)


def test_interviewer1s_portal_lists_both(demo):
    client = Client()
    client.force_login(User.objects.get(username="interviewer1"))
    page = client.get(reverse("interviews-mine")).content.decode()
    for interview in Interview.objects.filter(round__stage__job=live_job()):
        assert interview.application.candidate.full_name in page


def test_second_load_adds_no_interview_rows(demo):
    def counts():
        return (
            Interview.objects.count(),
            PanelMember.objects.count(),
            Scorecard.objects.count(),
            RoundDecision.objects.count(),
        )

    before = counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before
