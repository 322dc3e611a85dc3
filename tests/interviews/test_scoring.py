"""Score aggregation, pure: weighted scores, spread and disagreement, calibration."""

import pytest

from interviews import scoring

WEIGHTS = {1: 30, 2: 25, 3: 25, 4: 20}


def test_weighted_score_is_sum_of_rating_times_weight_over_the_weights():
    card = {1: 5, 2: 3, 3: 4, 4: 2}
    assert scoring.weighted_score(card, WEIGHTS) == pytest.approx(
        (5 * 30 + 3 * 25 + 4 * 25 + 2 * 20) / 100
    )


def test_a_criterion_added_later_does_not_count_against_an_old_scorecard():
    assert scoring.weighted_score({1: 4, 2: 2}, WEIGHTS) == pytest.approx((4 * 30 + 2 * 25) / 55)


def test_nothing_rated_has_no_score():
    assert scoring.weighted_score({}, WEIGHTS) is None
    assert scoring.interview_score([], WEIGHTS) is None


def test_interview_score_is_the_mean_of_its_scorecards():
    cards = [{1: 5, 2: 5, 3: 5, 4: 5}, {1: 3, 2: 3, 3: 3, 4: 3}]
    assert scoring.interview_score(cards, WEIGHTS) == pytest.approx(4.0)


def test_round_score_is_the_mean_of_the_interviews_with_a_score():
    assert scoring.round_score([4.0, None, 3.0]) == pytest.approx(3.5)
    assert scoring.round_score([None]) is None


def test_spread_per_criterion_in_order_with_disagreement_at_two_points():
    cards = [{1: 2, 2: 4, 3: 3}, {1: 4, 2: 5, 3: 3}, {1: 3, 2: 4}]
    spreads = scoring.criterion_spread(cards, [1, 2, 3, 4])
    assert [(s.criterion_id, s.low, s.high, s.range) for s in spreads] == [
        (1, 2, 4, 2),
        (2, 4, 5, 1),
        (3, 3, 3, 0),
    ]
    assert [s.disagreement for s in spreads] == [True, False, False]


def test_one_rating_alone_is_no_disagreement():
    [spread] = scoring.criterion_spread([{1: 1}], [1])
    assert spread.range == 0 and not spread.disagreement


def test_calibration_compares_each_interviewer_with_their_panels():
    interviews = [
        {"bob": {1: 5, 2: 5}, "charlie": {1: 3, 2: 3}},
        {"bob": {1: 4, 2: 4}, "dana": {1: 2, 2: 2}},
        {"charlie": {1: 3, 2: 3}, "dana": {1: 3, 2: 3}},
    ]
    rows = {row.interviewer: row for row in scoring.calibration(interviews)}
    assert rows["bob"].interviews == 2 and rows["bob"].ratings == 4
    assert rows["bob"].mean == pytest.approx(4.5)
    assert rows["bob"].panel_mean == pytest.approx((5 + 5 + 3 + 3 + 4 + 4 + 2 + 2) / 8)
    assert rows["bob"].difference == pytest.approx(4.5 - 3.5)
    assert rows["dana"].difference == pytest.approx(2.5 - 3.0)
    # Most lenient first.
    assert [row.interviewer for row in scoring.calibration(interviews)] == [
        "bob",
        "charlie",
        "dana",
    ]


def test_calibration_of_nothing_is_empty():
    assert scoring.calibration([]) == []
