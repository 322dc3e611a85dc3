"""The four-fifths rule over plain counts: rates, ratios, flags, small groups, edge cases."""

from fractions import Fraction

from diversity.impact import (
    MIN_GROUP_SIZE,
    Reached,
    Tally,
    adverse_impact,
    stage_impact,
    stage_steps,
    tally,
)
from diversity.options import NO_ANSWER, PREFER_NOT_TO_SAY

# A job's pipeline as (position, kind): the default one, two interview rounds.
PIPELINE = [
    (0, "applied"),
    (1, "screening"),
    (2, "exam"),
    (3, "interview"),
    (4, "interview"),
    (5, "offer"),
    (6, "hired"),
]
KINDS = ["applied", "screening", "exam", "interview", "offer", "hired"]


def _groups(result):
    return {g.group: g for g in result.groups}


def test_made_up_groups_flag_the_group_under_80_percent_and_hide_the_small_one():
    # Screening: alpha 10 of 20 (50 %), beta 6 of 20 (30 %), gamma 9 of 20 (45 %),
    # delta 4 of 4 (100 %, but only 4 people: hidden and not the highest).
    result = stage_impact(
        "screening",
        {
            "alpha": Tally(20, 10),
            "beta": Tally(20, 6),
            "gamma": Tally(20, 9),
            "delta": Tally(4, 4),
        },
        order=["alpha", "beta", "gamma", "delta"],
    )
    groups = _groups(result)
    assert result.highest_rate == Fraction(1, 2)
    assert groups["alpha"].highest and not groups["alpha"].flagged
    assert groups["beta"].ratio == Fraction(3, 5) and groups["beta"].flagged
    assert groups["gamma"].ratio == Fraction(9, 10) and not groups["gamma"].flagged
    delta = groups["delta"]
    assert delta.hidden and delta.base is None and delta.selected is None and delta.rate is None
    assert not delta.flagged and not delta.highest
    assert [g.group for g in result.flagged] == ["beta"]


def test_exactly_four_fifths_is_not_flagged():
    result = stage_impact("exam", {"a": Tally(10, 5), "b": Tally(10, 4)})
    assert _groups(result)["b"].ratio == Fraction(4, 5)
    assert result.flagged == []


def test_a_group_of_exactly_five_is_shown():
    groups = _groups(stage_impact("exam", {"a": Tally(MIN_GROUP_SIZE, 1), "b": Tally(4, 0)}))
    assert not groups["a"].hidden and groups["a"].base == 5
    assert groups["b"].hidden


def test_no_groups():
    result = stage_impact("offer", {})
    assert result.groups == [] and result.highest_rate is None and result.flagged == []


def test_offered_groups_nobody_chose_are_shown_as_small():
    result = stage_impact("offer", {}, order=["woman", "man"])
    assert [(g.group, g.hidden) for g in result.groups] == [("woman", True), ("man", True)]
    assert result.highest_rate is None


def test_one_group_is_its_own_highest():
    groups = _groups(stage_impact("exam", {"a": Tally(8, 2)}))
    assert groups["a"].highest and groups["a"].ratio == 1 and not groups["a"].flagged


def test_ties_are_all_highest():
    result = stage_impact("exam", {"a": Tally(10, 5), "b": Tally(20, 10), "c": Tally(10, 1)})
    groups = _groups(result)
    assert groups["a"].highest and groups["b"].highest and not groups["c"].highest
    assert groups["a"].ratio == groups["b"].ratio == 1
    assert groups["c"].flagged


def test_zero_rates_everywhere_give_no_ratio_and_no_flag():
    result = stage_impact("offer", {"a": Tally(10, 0), "b": Tally(6, 0)})
    assert result.highest_rate == 0
    assert all(g.ratio is None and not g.flagged and not g.highest for g in result.groups)


def test_a_zero_rate_under_a_positive_one_is_flagged():
    groups = _groups(stage_impact("offer", {"a": Tally(10, 3), "b": Tally(10, 0)}))
    assert groups["b"].ratio == 0 and groups["b"].flagged


def test_undisclosed_answers_are_counted_apart_never_highest_never_flagged():
    result = stage_impact(
        "screening",
        {
            "a": Tally(10, 2),
            PREFER_NOT_TO_SAY: Tally(10, 9),
            NO_ANSWER: Tally(30, 1),
        },
        order=["a"],
    )
    groups = _groups(result)
    assert result.highest_rate == Fraction(1, 5)  # not the 90 % of "prefer not to say"
    for code in (PREFER_NOT_TO_SAY, NO_ANSWER):
        assert groups[code].undisclosed and groups[code].ratio is None
        assert not groups[code].flagged and not groups[code].highest
    assert groups[NO_ANSWER].base == 30
    assert [g.group for g in result.groups] == ["a", PREFER_NOT_TO_SAY, NO_ANSWER]


def test_only_small_groups_leave_no_highest():
    result = stage_impact("exam", {"a": Tally(4, 4), "b": Tally(3, 0), NO_ANSWER: Tally(50, 5)})
    assert result.highest_rate is None
    assert result.flagged == []


def test_stage_steps_take_the_first_stage_of_each_kind():
    assert stage_steps(PIPELINE) == [
        ("screening", 0, 1),
        ("exam", 1, 2),
        ("interview", 2, 3),
        ("offer", 4, 5),  # from the second interview round
        ("hired", 5, 6),
    ]
    assert stage_steps([]) == []


def test_tally_counts_the_furthest_stage_in_every_stage_up_to_it():
    rows = [
        Reached(job_id=1, answers={"gender": "woman"}, furthest=0, count=3),
        Reached(job_id=1, answers={"gender": "woman"}, furthest=3, count=2),
        Reached(job_id=1, answers={"gender": "man"}, furthest=6, count=1),
    ]
    tallies = tally(rows, {1: PIPELINE}, "gender")
    assert tallies["screening"]["woman"] == Tally(5, 2)
    assert tallies["exam"]["woman"] == Tally(2, 2)
    assert tallies["interview"]["woman"] == Tally(2, 2)
    assert "woman" not in tallies["offer"]  # reached round 1, not round 2
    assert tallies["hired"]["man"] == Tally(1, 1)


def test_a_stage_counts_only_the_jobs_whose_pipeline_has_it():
    without_exam = [(0, "applied"), (1, "screening"), (2, "interview"), (3, "hired")]
    rows = [
        Reached(job_id=1, answers={}, furthest=6, count=5),
        Reached(job_id=2, answers={}, furthest=3, count=7),
    ]
    tallies = tally(rows, {1: PIPELINE, 2: without_exam}, "gender")
    assert tallies["exam"][NO_ANSWER] == Tally(5, 5)
    assert tallies["interview"][NO_ANSWER] == Tally(12, 12)
    assert tallies["offer"][NO_ANSWER] == Tally(5, 5)


def test_adverse_impact_follows_the_order_of_kinds_and_skips_missing_ones():
    rows = [Reached(job_id=1, answers={"age_band": "25-34"}, furthest=1, count=6)]
    pipeline = [(0, "applied"), (1, "screening"), (2, "hired")]
    stages = adverse_impact(rows, {1: pipeline}, "age_band", kinds=KINDS, order=["25-34"])
    assert [s.kind for s in stages] == ["screening", "hired"]
    hired = _groups(stages[1])["25-34"]
    assert hired.base == 6 and hired.selected == 0 and hired.rate == 0


def test_no_rows_and_no_pipelines():
    assert adverse_impact([], {}, "gender", kinds=KINDS) == []
