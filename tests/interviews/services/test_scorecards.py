"""Scorecards and their lock, HR's audited reopening."""

import pytest

from ats.errors import DomainError
from interviews import services
from interviews.models import (
    InterviewStatus,
    ScorecardReopening,
    ScorecardStatus,
)
from tests.interviews.conftest import beijing, confirm, score

pytestmark = pytest.mark.django_db


def test_scoring_waits_for_the_conflict_answer(held, interviewer):
    with pytest.raises(DomainError, match="First confirm that you have no conflict of interest"):
        services.scorecard_save(actor=interviewer, interview=held, recommendation="yes")


def test_a_member_who_declared_a_conflict_cannot_score(held, interviewer):
    services.panel_member_declare_conflict(
        actor=interviewer, member=held.panel.get(interviewer=interviewer), note="Cousin"
    )
    with pytest.raises(DomainError, match="declared a conflict of interest with Priya Menon"):
        services.scorecard_save(actor=interviewer, interview=held, recommendation="no")


def test_draft_then_submit_locks_the_scorecard_and_completes_the_interview(held, interviewer):
    draft = score(held, interviewer, scores=[4, 3, None, None], submit=False)
    assert draft.status == ScorecardStatus.DRAFT
    assert held.__class__.objects.get(pk=held.pk).status == InterviewStatus.SCHEDULED
    submitted = score(held, interviewer, scores=[4, 3, 5, 2], recommendation="strong_yes")
    assert submitted.status == ScorecardStatus.SUBMITTED and submitted.submitted_at
    assert [r.score for r in submitted.ratings.order_by("criterion__position")] == [4, 3, 5, 2]
    assert held.__class__.objects.get(pk=held.pk).status == InterviewStatus.COMPLETED
    with pytest.raises(DomainError, match="submitted and locked"):
        services.scorecard_save(actor=interviewer, interview=held, recommendation="no")


def test_submitting_needs_every_rating_and_a_recommendation(held, interviewer):
    with pytest.raises(DomainError, match="missing: Motivation and fit, International experience"):
        score(held, interviewer, scores=[4, 3, None, None])
    with pytest.raises(DomainError, match="overall recommendation"):
        score(held, interviewer, recommendation="")
    # A refused submission saves nothing of that request, not even a draft.
    assert not held.scorecards.exists()


def test_scores_are_from_one_to_five(held, interviewer):
    confirm(held, interviewer)
    criterion = held.round.criteria.first()
    with pytest.raises(DomainError, match="from 1 to 5"):
        services.scorecard_save(
            actor=interviewer, interview=held, ratings=[{"criterion": criterion.pk, "score": 6}]
        )


def test_a_criterion_of_another_round_is_refused(held, interviewer, rounds):
    confirm(held, interviewer)
    foreign = rounds[1].criteria.first()
    with pytest.raises(DomainError, match="is not one of Interview round 1's"):
        services.scorecard_save(
            actor=interviewer, interview=held, ratings=[{"criterion": foreign.pk, "score": 3}]
        )


def test_no_submission_before_the_interview_starts(
    in_round, schedule, interviewer, other_interviewer
):
    upcoming = schedule(in_round(), [interviewer, other_interviewer], start=beijing(2031, 1, 6, 9))
    with pytest.raises(DomainError, match="once the interview has started"):
        score(upcoming, interviewer)
    assert score(upcoming, interviewer, submit=False).status == ScorecardStatus.DRAFT


def test_hr_reopens_with_a_reason_and_it_is_audited(
    held, hr_user, interviewer, mailoutbox, django_capture_on_commit_callbacks
):
    submitted = score(held, interviewer)
    was = submitted.submitted_at
    with django_capture_on_commit_callbacks(execute=True):
        reopened = services.scorecard_reopen(
            actor=hr_user, scorecard=submitted, reason="Ratings entered in the wrong rows"
        )
    assert (reopened.status, reopened.submitted_at) == (ScorecardStatus.DRAFT, None)
    audit = ScorecardReopening.objects.get(scorecard=submitted)
    assert (audit.by, audit.reason, audit.was_submitted_at) == (
        hr_user,
        "Ratings entered in the wrong rows",
        was,
    )
    [mail] = mailoutbox
    assert mail.to == ["bob@example.org"] and "Ratings entered in the wrong rows" in mail.body
    # Its author can change and submit it again.
    assert score(held, interviewer, scores=[5, 5, 5, 5]).status == ScorecardStatus.SUBMITTED


def test_reopening_needs_hr_a_reason_and_a_submitted_scorecard(held, hr_user, interviewer):
    draft = score(held, interviewer, submit=False)
    with pytest.raises(DomainError, match="Only a submitted scorecard"):
        services.scorecard_reopen(actor=hr_user, scorecard=draft, reason="x")
    submitted = score(held, interviewer)
    with pytest.raises(DomainError, match="needs a reason"):
        services.scorecard_reopen(actor=hr_user, scorecard=submitted, reason=" ")
    with pytest.raises(DomainError, match="Only HR staff may reopen scorecards"):
        services.scorecard_reopen(actor=interviewer, scorecard=submitted, reason="mine")
    assert not ScorecardReopening.objects.exists()


def test_reopen_history_is_append_only(held, hr_user, interviewer):
    services.scorecard_reopen(actor=hr_user, scorecard=score(held, interviewer), reason="typo")
    audit = ScorecardReopening.objects.get()
    with pytest.raises(ValueError, match="append-only"):
        audit.save()
    with pytest.raises(ValueError, match="append-only"):
        audit.delete()


def test_cancelled_interview_cannot_be_scored(held, hr_user, interviewer):
    confirm(held, interviewer)
    services.interview_cancel(actor=hr_user, interview=held, notify=False)
    with pytest.raises(DomainError, match="is cancelled; there is nothing to score"):
        services.scorecard_save(actor=interviewer, interview=held, recommendation="yes")
