"""Score aggregation, pure (no Django): weighted scores, per-criterion spread, calibration.

A scorecard is a mapping {criterion id: rating 1..5}; weights are {criterion id: weight}.
- the weighted score of a scorecard is sum(rating × weight) / sum(weight) over the criteria it
  rated (a criterion added after it was submitted does not count against it);
- the score of an interview is the mean of its submitted scorecards' weighted scores, and the
  score of a round the mean of its interviews' scores;
- panel members disagree on a criterion when their ratings differ by DISAGREEMENT_RANGE or more;
- calibration compares each interviewer's mean rating with the mean of all ratings given by the
  panels they sat on, over the same interviews (positive: more lenient than their panels).
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

DISAGREEMENT_RANGE = 2
Ratings = Mapping[int, int]  # criterion id -> rating
Who = TypeVar("Who", bound=Hashable)  # whoever identifies an interviewer (an id, a user)


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def weighted_score(ratings: Ratings, weights: Mapping[int, float]) -> float | None:
    """One scorecard's weighted score; None when it rated none of the weighted criteria."""
    rated = [(score, weights[c]) for c, score in ratings.items() if c in weights and score]
    total = sum(weight for _score, weight in rated)
    if not total:
        return None
    return sum(score * weight for score, weight in rated) / total


def interview_score(cards: Sequence[Ratings], weights: Mapping[int, float]) -> float | None:
    """The mean weighted score of an interview's submitted scorecards."""
    return mean(s for s in (weighted_score(card, weights) for card in cards) if s is not None)


def round_score(interview_scores: Iterable[float | None]) -> float | None:
    return mean(s for s in interview_scores if s is not None)


@dataclass(frozen=True)
class Spread:
    criterion_id: int
    low: int
    high: int
    count: int

    @property
    def range(self) -> int:
        return self.high - self.low

    @property
    def disagreement(self) -> bool:
        return self.count > 1 and self.range >= DISAGREEMENT_RANGE


def criterion_spread(cards: Sequence[Ratings], criterion_ids: Sequence[int]) -> list[Spread]:
    """Lowest and highest rating per criterion, in the given order; unrated ones are left out."""
    spreads = []
    for criterion_id in criterion_ids:
        scores = [card[criterion_id] for card in cards if card.get(criterion_id)]
        if scores:
            spreads.append(Spread(criterion_id, min(scores), max(scores), len(scores)))
    return spreads


@dataclass(frozen=True)
class CalibrationRow(Generic[Who]):
    interviewer: Who
    interviews: int
    ratings: int
    mean: float
    panel_mean: float

    @property
    def difference(self) -> float:
        return self.mean - self.panel_mean


def calibration(interviews: Iterable[Mapping[Who, Ratings]]) -> list[CalibrationRow[Who]]:
    """Each interviewer's mean rating against the panel mean over the interviews they rated.

    `interviews` holds, per interview, {interviewer: their submitted ratings}. Rows come most
    lenient first.
    """
    own: dict[Who, list[int]] = defaultdict(list)
    panel: dict[Who, list[int]] = defaultdict(list)
    count: dict[Who, int] = defaultdict(int)
    for cards in interviews:
        everyone = [score for ratings in cards.values() for score in ratings.values() if score]
        for interviewer, ratings in cards.items():
            scores = [score for score in ratings.values() if score]
            if not scores:
                continue
            own[interviewer].extend(scores)
            panel[interviewer].extend(everyone)
            count[interviewer] += 1
    rows = [
        CalibrationRow(
            interviewer=interviewer,
            interviews=count[interviewer],
            ratings=len(scores),
            mean=sum(scores) / len(scores),
            panel_mean=sum(panel[interviewer]) / len(panel[interviewer]),
        )
        for interviewer, scores in own.items()
    ]
    return sorted(rows, key=lambda row: (-row.difference, str(row.interviewer)))
