"""What interviews hold on a person (notes, scorecards and ratings about them, round decisions)
and how it is exported and erased; registered with `applications.personal_data`."""

from typing import Any

from applications.models import Candidate
from interviews.models import (
    Interview,
    PanelMember,
    Rating,
    RoundDecision,
    Scorecard,
    ScorecardReopening,
)


def export(candidate: Candidate) -> dict[str, Any]:
    interviews = (
        Interview.objects.filter(application__candidate=candidate)
        .select_related("round")
        .prefetch_related("scorecards__ratings__criterion")
        .order_by("starts_at", "id")
    )
    decisions = RoundDecision.objects.filter(application__candidate=candidate).select_related(
        "round"
    )
    return {
        "interviews": [
            {
                "application": interview.application_id,
                "round": interview.round.name,
                "starts_at": interview.starts_at,
                "status": interview.status,
                "note": interview.status_note,
                # Scorecards about them; the interviewers are named by seat, not as people.
                "scorecards": [
                    {
                        "recommendation": card.recommendation,
                        "status": card.status,
                        "notes": card.notes,
                        "ratings": [
                            {
                                "criterion": rating.criterion.name,
                                "score": rating.score,
                                "notes": rating.notes,
                            }
                            for rating in card.ratings.all()
                        ],
                    }
                    for card in interview.scorecards.all()
                ],
            }
            for interview in interviews
        ],
        "round_decisions": [
            {
                "application": decision.application_id,
                "round": decision.round.name,
                "outcome": decision.outcome,
                "note": decision.note,
            }
            for decision in decisions
        ],
    }


def erase(candidate: Candidate) -> None:
    """Free text about the person goes; ratings, recommendations and outcomes stay."""
    mine = {"interview__application__candidate": candidate}
    Interview.objects.filter(application__candidate=candidate).update(status_note="")
    PanelMember.objects.filter(**mine).update(conflict_note="", removal_reason="")
    Scorecard.objects.filter(**mine).update(notes="")
    Rating.objects.filter(scorecard__interview__application__candidate=candidate).update(notes="")
    # Reopenings are append-only; an erasure empties only the reason HR gave.
    ScorecardReopening.objects.filter(
        scorecard__interview__application__candidate=candidate
    ).update(reason="")
    RoundDecision.objects.filter(application__candidate=candidate).update(note="")
