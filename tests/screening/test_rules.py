"""The rule evaluator, per rule kind, without a database: met, not met, unknown, evidence."""

import json
from datetime import date
from typing import Any

import pytest

from applications.models import DEGREE_ORDER
from screening import rules
from screening.rules import MET, NOT_MET, UNKNOWN, Criteria, CVField, Facts, KnockoutQuestion
from screening.selectors import CV_DEGREE_RANKS

RANKS = {"other": 0, "bachelor": 1, "master": 2, "phd": 3}

CV_TEXT = """Wang Wei
wang.wei@163.com | +86 138 1234 5678
Education
MSc Environmental Science, Tsinghua University, 2012
Experience
Programme Officer, Chinese Academy of Sciences, 2013 - present
Skills: Python, GIS, Grant writing
Languages
English (C1), French (basic)"""


def facts(**overrides) -> Facts:
    fields = {
        "highest_degree": CVField("master", "page 1: MSc Environmental Science, Tsinghua, 2012"),
        "years_experience": CVField(5.5, "page 1: Programme Officer, CAS, 2013 - present"),
        "languages": CVField(
            [{"language": "English", "level": "C1"}, {"language": "French", "level": "basic"}],
            "page 1: English (C1), French (basic)",
        ),
        "skills": CVField(["Python", "GIS", "Grant writing"], "page 1: Skills: Python, GIS"),
    }
    fields.update(overrides.pop("fields", {}))
    base: dict[str, Any] = {
        "cv_read": True,
        "fields": fields,
        "cv_text": CV_TEXT,
        "answers": {},
        "nationality": "CN",
        "nationality_name": "China",
        "submitted_on": date(2018, 12, 20),
    }
    base.update(overrides)
    return Facts(**base)


def only(criteria: Criteria, the_facts: Facts) -> rules.Result:
    evaluation = rules.evaluate(criteria, the_facts, degree_ranks=RANKS)
    assert len(evaluation.results) == 1
    return evaluation.results[0]


# --- degree ------------------------------------------------------------------------------


def test_degree_met_points_at_the_cv_span():
    result = only(Criteria(min_degree="master"), facts())
    assert (result.outcome, result.found) == (MET, "master")
    assert result.evidence == "page 1: MSc Environmental Science, Tsinghua, 2012"
    assert result.source == rules.FROM_CV


def test_degree_below_minimum_is_not_met():
    assert only(Criteria(min_degree="phd"), facts()).outcome == NOT_MET


def test_degree_unknown_when_the_cv_does_not_say():
    result = only(Criteria(min_degree="master"), facts(fields={"highest_degree": CVField(None)}))
    assert (result.outcome, result.evidence) == (UNKNOWN, "")


def test_degree_unknown_when_the_cv_was_not_read():
    assert only(Criteria(min_degree="bachelor"), facts(cv_read=False)).outcome == UNKNOWN


def test_hr_correction_wins_and_is_the_evidence():
    corrected = {"highest_degree": CVField("phd", "corrected by Li Na", corrected=True)}
    result = only(Criteria(min_degree="phd"), facts(fields=corrected))
    assert (result.outcome, result.source, result.evidence) == (
        MET,
        rules.FROM_CORRECTION,
        "corrected by Li Na",
    )


# --- experience --------------------------------------------------------------------------


@pytest.mark.parametrize(("minimum", "outcome"), [(2, MET), (5.5, MET), (6, NOT_MET)])
def test_years_of_experience_against_the_minimum(minimum, outcome):
    result = only(Criteria(min_years=minimum), facts())
    assert (result.outcome, result.found) == (outcome, 5.5)
    assert result.evidence.startswith("page 1: Programme Officer")


def test_years_unknown_when_the_cv_does_not_say():
    result = only(Criteria(min_years=2), facts(fields={"years_experience": CVField(None)}))
    assert result.outcome == UNKNOWN


# --- languages ---------------------------------------------------------------------------


def test_required_language_listed_in_the_cv_points_at_its_line():
    result = only(Criteria(required_languages=("english",)), facts())
    assert (result.outcome, result.target, result.required) == (MET, "English", True)
    assert (result.evidence, result.source) == ("English (C1), French (basic)", rules.FROM_CV)


def test_language_evidence_falls_back_to_the_parsed_span():
    result = only(Criteria(required_languages=("French",)), facts(cv_text=""))
    assert (result.outcome, result.evidence) == (MET, "page 1: English (C1), French (basic)")


def test_language_synonyms_count_as_the_same_language():
    chinese = {"languages": CVField([{"language": "Chinese", "level": "native"}], "page 1: 中文")}
    assert only(Criteria(required_languages=("Mandarin",)), facts(fields=chinese)).outcome == MET


def test_language_missing_from_the_cv_list_is_not_met():
    result = only(Criteria(required_languages=("German",)), facts())
    assert result.outcome == NOT_MET
    assert result.evidence == "page 1: English (C1), French (basic)"


def test_language_found_on_a_cv_line_with_a_level_when_no_list_was_read():
    no_list = facts(fields={"languages": CVField(None)}, cv_text="Spanish: fluent\nOther text")
    result = only(Criteria(required_languages=("Spanish",)), no_list)
    assert (result.outcome, result.source, result.evidence) == (
        MET,
        rules.FROM_CV_TEXT,
        "Spanish: fluent",
    )


def test_a_language_name_without_a_level_says_nothing():
    # "Chinese Academy of Sciences" does not mean the applicant speaks Chinese.
    no_list = facts(fields={"languages": CVField(None)})
    assert only(Criteria(required_languages=("Chinese",)), no_list).outcome == UNKNOWN


def test_language_unknown_when_the_cv_was_not_read():
    assert only(Criteria(required_languages=("English",)), facts(cv_read=False)).outcome == UNKNOWN


# --- skills ------------------------------------------------------------------------------


def test_skill_in_the_parsed_skills():
    result = only(Criteria(required_skills=("python",)), facts())
    assert (result.outcome, result.found, result.source) == (MET, "Python", rules.FROM_CV)


def test_keyword_found_in_the_cv_text_points_at_the_line():
    result = only(Criteria(desired_skills=("environmental science",)), facts())
    assert (result.outcome, result.source) == (MET, rules.FROM_CV_TEXT)
    assert result.evidence == "MSc Environmental Science, Tsinghua University, 2012"


def test_keyword_needs_whole_words():
    # "R" is a skill; "Rome" and "present" do not mention it.
    assert only(Criteria(required_skills=("R",)), facts()).outcome == NOT_MET


def test_skill_absent_from_a_read_cv_is_not_met():
    assert only(Criteria(required_skills=("Stata",)), facts()).outcome == NOT_MET


def test_skill_unknown_without_any_cv_text():
    empty = facts(fields={"skills": CVField(None)}, cv_text="")
    assert only(Criteria(required_skills=("Python",)), empty).outcome == UNKNOWN


# --- knock-out questions -----------------------------------------------------------------

PERMIT = KnockoutQuestion(7, "Do you hold a work permit?", "yes_no", "yes")
YEARS = KnockoutQuestion(8, "Years managing programmes", "number", "3")
LEVEL = KnockoutQuestion(9, "Highest English level", "single_choice", "C1")


@pytest.mark.parametrize(
    ("question", "answer", "outcome"),
    [
        (PERMIT, "yes", MET),
        (PERMIT, "no", NOT_MET),
        (PERMIT, True, MET),
        (YEARS, 4.0, MET),
        (YEARS, 2, NOT_MET),
        (LEVEL, "C1", MET),
        (LEVEL, "B2", NOT_MET),
    ],
)
def test_knockout_answers(question, answer, outcome):
    answers = {str(question.id): {"question": question.label, "answer": answer}}
    result = only(Criteria(knockouts=(question,)), facts(answers=answers))
    assert result.outcome == outcome
    assert result.source == rules.FROM_FORM
    assert result.evidence.startswith(question.label)


def test_knockout_unknown_without_an_answer():
    result = only(Criteria(knockouts=(PERMIT,)), facts(answers={}))
    assert (result.outcome, result.evidence) == (UNKNOWN, "")


def test_knockout_evidence_is_the_form_answer():
    answers = {"8": {"question": YEARS.label, "answer": 4.0}}
    assert only(Criteria(knockouts=(YEARS,)), facts(answers=answers)).evidence == (
        "Years managing programmes — 4"
    )


# --- nationality -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "countries", "nationality", "outcome"),
    [
        (rules.NOT_HOST, (), "CN", NOT_MET),
        (rules.NOT_HOST, (), "DE", MET),
        (rules.ONE_OF, ("DE", "FR"), "FR", MET),
        (rules.ONE_OF, ("DE", "FR"), "IT", NOT_MET),
        (rules.NOT_ONE_OF, ("US",), "US", NOT_MET),
        (rules.NOT_ONE_OF, ("US",), "KE", MET),
    ],
)
def test_nationality_rules(rule, countries, nationality, outcome):
    criteria = Criteria(nationality_rule=rule, host_country="CN", countries=countries)
    result = only(criteria, facts(nationality=nationality, nationality_name="Somewhere"))
    assert (result.outcome, result.found, result.evidence) == (outcome, nationality, "Somewhere")


def test_nationality_unknown_when_the_form_has_none():
    criteria = Criteria(nationality_rule=rules.NOT_HOST)
    assert only(criteria, facts(nationality="", nationality_name="")).outcome == UNKNOWN


def test_any_nationality_is_no_criterion():
    evaluation = rules.evaluate(Criteria(), facts(), degree_ranks=RANKS)
    assert evaluation.results == ()


# --- deadline ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitted", "outcome"),
    [(date(2019, 1, 2), MET), (date(2019, 1, 3), NOT_MET)],
)
def test_deadline(submitted, outcome):
    result = only(Criteria(deadline=date(2019, 1, 2)), facts(submitted_on=submitted))
    assert (result.outcome, result.evidence) == (outcome, submitted.isoformat())


# --- recommendation and score ------------------------------------------------------------


def test_fail_when_a_required_criterion_is_not_met():
    evaluation = rules.evaluate(
        Criteria(min_degree="phd", required_languages=("English",)), facts(), degree_ranks=RANKS
    )
    assert evaluation.recommendation == rules.FAIL


def test_review_when_a_required_criterion_is_unknown_and_none_fails():
    evaluation = rules.evaluate(
        Criteria(min_degree="master", min_years=2),
        facts(fields={"years_experience": CVField(None)}),
        degree_ranks=RANKS,
    )
    assert evaluation.recommendation == rules.REVIEW


def test_pass_when_every_required_criterion_is_met():
    evaluation = rules.evaluate(
        Criteria(min_degree="master", min_years=2, required_languages=("English",)),
        facts(),
        degree_ranks=RANKS,
    )
    assert evaluation.recommendation == rules.PASS


def test_unmet_desired_criteria_do_not_fail_but_lower_the_score():
    evaluation = rules.evaluate(
        Criteria(
            min_degree="master",
            desired_languages=("French", "German"),
            desired_skills=("GIS", "Stata"),
        ),
        facts(),
        degree_ranks=RANKS,
    )
    assert evaluation.recommendation == rules.PASS
    assert evaluation.score == 50


def test_no_desired_criteria_no_score():
    evaluation = rules.evaluate(Criteria(min_degree="master"), facts(), degree_ranks=RANKS)
    assert evaluation.score is None


def test_results_are_json_ready():
    evaluation = rules.evaluate(
        Criteria(min_degree="master", knockouts=(PERMIT,), deadline=date(2019, 1, 2)),
        facts(answers={"7": "yes"}),
        degree_ranks=RANKS,
    )
    assert json.loads(json.dumps([r.as_dict() for r in evaluation.results]))[0]["kind"] == "degree"


@pytest.mark.parametrize(("minimum", "outcome"), [("bachelor", NOT_MET), ("other", MET)])
def test_a_school_leaving_certificate_ranks_with_other(minimum, outcome):
    cv = {"highest_degree": CVField("secondary", "page 1: Abitur, 2003")}
    evaluation = rules.evaluate(
        Criteria(min_degree=minimum), facts(fields=cv), degree_ranks=CV_DEGREE_RANKS
    )
    assert evaluation.results[0].outcome == outcome


def test_degree_levels_match_the_applications_app():
    assert set(RANKS) == set(DEGREE_ORDER)
