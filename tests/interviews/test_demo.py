"""The demo: both postings' candidates went through both rounds with consistent evidence."""

import pytest
from django.core.management import call_command

from applications.demo import EXPERT_REF, STAFF_REF
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

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, loaded once for this module, rolled back afterwards."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


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
