"""The screening rule evaluator: one application's facts against a job's criteria (no Django).

For each criterion it answers `met`, `not_met` or `unknown` (the CV or the form does not say),
with the evidence it relied on: the CV span the parser read the value from, the CV text line a
keyword was found on, an HR correction, or the applicant's form answer. It recommends; it never
rejects: `fail` when a required criterion is not met, `review` when one is unknown, else `pass`.
The score is the share of desired criteria met (None when the job desires nothing extra).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from applications.cv.lexicon import LANGUAGE_BY_NAME, LANGUAGE_LEVELS, LANGUAGE_NAMES, fold

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
PASS, FAIL, REVIEW = "pass", "fail", "review"

# Criterion kinds, in the order results are listed.
DEGREE, EXPERIENCE, LANGUAGE, SKILL = "degree", "experience", "language", "skill"
KNOCKOUT, NATIONALITY, DEADLINE = "knockout", "nationality", "deadline"

# Where the evidence comes from.
FROM_CV, FROM_CORRECTION, FROM_CV_TEXT = "cv", "correction", "cv_text"
FROM_FORM, FROM_APPLICATION = "form", "application"

# Nationality rules (screening.models.NationalityRule has the same values).
ANY_NATIONALITY, NOT_HOST, ONE_OF, NOT_ONE_OF = "any", "not_host", "one_of", "not_one_of"

EVIDENCE_MAX = 160


@dataclass(frozen=True)
class KnockoutQuestion:
    id: int
    label: str
    kind: str  # "yes_no", "single_choice" or "number" (JobQuestion.KNOCKOUT_KINDS)
    required_answer: str


@dataclass(frozen=True)
class Criteria:
    min_degree: str = ""
    min_years: float | None = None
    required_languages: tuple[str, ...] = ()
    desired_languages: tuple[str, ...] = ()
    required_skills: tuple[str, ...] = ()
    desired_skills: tuple[str, ...] = ()
    knockouts: tuple[KnockoutQuestion, ...] = ()
    nationality_rule: str = ANY_NATIONALITY
    host_country: str = "CN"
    countries: tuple[str, ...] = ()
    deadline: date | None = None


@dataclass(frozen=True)
class CVField:
    """One parsed value as it counts (HR's correction wins) and where it came from."""

    value: Any
    source: str = ""  # the CV span ("page 1: MSc Physics, 2012") or who corrected it
    corrected: bool = False


@dataclass(frozen=True)
class Facts:
    cv_read: bool  # False: no CV, or it could not be read (yet)
    fields: Mapping[str, CVField] = field(default_factory=dict)
    cv_text: str = ""
    answers: Mapping[str, Any] = field(default_factory=dict)  # {question id: answer}
    nationality: str = ""  # ISO code from the application form
    nationality_name: str = ""
    submitted_on: date | None = None


@dataclass(frozen=True)
class Result:
    kind: str
    key: str  # unique within one evaluation ("language:french", "knockout:12")
    target: Any  # what the criterion asks, JSON-serialisable
    required: bool
    outcome: str
    found: Any = None  # what the application says, JSON-serialisable
    evidence: str = ""  # the CV span, CV text line or form answer relied on
    source: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Evaluation:
    results: tuple[Result, ...]
    recommendation: str
    score: int | None

    @property
    def required_results(self) -> list[Result]:
        return [r for r in self.results if r.required]


def evaluate(criteria: Criteria, facts: Facts, *, degree_ranks: Mapping[str, int]) -> Evaluation:
    """Every criterion of `criteria` checked against `facts`; `degree_ranks` orders the levels."""
    results: list[Result] = []
    # Each line of the CV with its folded form, computed once for every keyword to look up.
    lines = [(line, fold(line)) for line in facts.cv_text.splitlines() if line.strip()]
    if criteria.min_degree:
        results.append(_degree(criteria.min_degree, facts, degree_ranks))
    if criteria.min_years is not None:
        results.append(_experience(float(criteria.min_years), facts))
    for names, required in (
        (criteria.required_languages, True),
        (criteria.desired_languages, False),
    ):
        results.extend(_language(name, required, facts, lines) for name in _unique(names))
    for keywords, required in (
        (criteria.required_skills, True),
        (criteria.desired_skills, False),
    ):
        results.extend(_skill(keyword, required, facts, lines) for keyword in _unique(keywords))
    results.extend(_knockout(question, facts) for question in criteria.knockouts)
    if criteria.nationality_rule != ANY_NATIONALITY:
        results.append(_nationality(criteria, facts))
    if criteria.deadline is not None:
        results.append(_deadline(criteria.deadline, facts))
    return Evaluation(tuple(results), recommend(results), score(results))


def recommend(results: Iterable[Result]) -> str:
    required = [r.outcome for r in results if r.required]
    if NOT_MET in required:
        return FAIL
    if UNKNOWN in required:
        return REVIEW
    return PASS


def score(results: Iterable[Result]) -> int | None:
    desired = [r for r in results if not r.required]
    if not desired:
        return None
    met = sum(1 for r in desired if r.outcome == MET)
    return round(100 * met / len(desired))


# --- one criterion each -------------------------------------------------------------------


def _clip(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= EVIDENCE_MAX else text[: EVIDENCE_MAX - 1] + "…"


def _unique(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for name in names:
        key = fold(name.strip())
        if key and key not in seen:
            seen.add(key)
            kept.append(name.strip())
    return kept


def _cv_field(facts: Facts, name: str) -> CVField | None:
    """The field when the CV gave a value for it; None when it is silent."""
    if not facts.cv_read:
        return None
    cv_field = facts.fields.get(name)
    if cv_field is None or cv_field.value in (None, "", []):
        return None
    return cv_field


def _from(cv_field: CVField) -> str:
    return FROM_CORRECTION if cv_field.corrected else FROM_CV


def _degree(minimum: str, facts: Facts, ranks: Mapping[str, int]) -> Result:
    base: dict[str, Any] = {"kind": DEGREE, "key": DEGREE, "target": minimum, "required": True}
    cv_field = _cv_field(facts, "highest_degree")
    if cv_field is None or cv_field.value not in ranks:
        return Result(**base, outcome=UNKNOWN, source=FROM_CV)
    met = ranks[cv_field.value] >= ranks[minimum]
    return Result(
        **base,
        outcome=MET if met else NOT_MET,
        found=cv_field.value,
        evidence=_clip(cv_field.source),
        source=_from(cv_field),
    )


def _experience(minimum: float, facts: Facts) -> Result:
    base: dict[str, Any] = {
        "kind": EXPERIENCE,
        "key": EXPERIENCE,
        "target": minimum,
        "required": True,
    }
    cv_field = _cv_field(facts, "years_experience")
    try:
        years = float(cv_field.value) if cv_field is not None else None
    except (TypeError, ValueError):
        years = None
    if cv_field is None or years is None:
        return Result(**base, outcome=UNKNOWN, source=FROM_CV)
    return Result(
        **base,
        outcome=MET if years >= minimum else NOT_MET,
        found=round(years, 1),
        evidence=_clip(cv_field.source),
        source=_from(cv_field),
    )


def canonical_language(name: str) -> str:
    """The English name the CV parser uses ("Mandarin", "中文" → "Chinese"), else as given."""
    key = fold(name.strip())
    return LANGUAGE_BY_NAME.get(key, name.strip().title())


def _listed_languages(value: Any) -> list[str]:
    names = []
    for item in value or []:
        name = item.get("language") if isinstance(item, Mapping) else item
        if name:
            names.append(fold(canonical_language(str(name))))
    return names


Lines = list[tuple[str, str]]  # (line as written, folded)


def _language(name: str, required: bool, facts: Facts, lines: Lines) -> Result:
    english = canonical_language(name)
    base: dict[str, Any] = {
        "kind": LANGUAGE,
        "key": f"{LANGUAGE}:{fold(english)}",
        "target": english,
        "required": required,
    }
    if not facts.cv_read:
        return Result(**base, outcome=UNKNOWN, source=FROM_CV)
    cv_field = _cv_field(facts, "languages")
    variants = LANGUAGE_NAMES.get(english, (english,))
    if cv_field is not None and fold(english) in _listed_languages(cv_field.value):
        # The parser's source is the section's first line; the line naming this language is
        # the better evidence when the text has it.
        line = "" if cv_field.corrected else _line_with_any(lines, variants)
        return Result(
            **base,
            outcome=MET,
            found=english,
            evidence=_clip(line or cv_field.source),
            source=_from(cv_field),
        )
    # Not in a languages section (or there is none): the CV may still say it elsewhere, on a
    # line that also gives a level ("Chinese Academy of Sciences" says nothing of Chinese).
    line = _line_with_any(
        lines,
        variants,
        also=lambda text: any(pattern.search(text) for _level, pattern in LANGUAGE_LEVELS),
    )
    if line:
        return Result(**base, outcome=MET, found=english, evidence=_clip(line), source=FROM_CV_TEXT)
    if cv_field is None:
        return Result(**base, outcome=UNKNOWN, source=FROM_CV)
    # The CV lists its languages and this one is not among them.
    return Result(**base, outcome=NOT_MET, evidence=_clip(cv_field.source), source=_from(cv_field))


@lru_cache(maxsize=2048)
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    folded = re.escape(fold(keyword))
    # Latin words need word boundaries ("R" must not match "Rome"); CJK text has no spaces.
    if all(ord(c) < 0x2E80 for c in keyword):
        return re.compile(rf"(?<![\w+#.]){folded}(?![\w+#])")
    return re.compile(folded)


def _line_with_any(
    lines: Lines, words: Iterable[str], also: Callable[[str], bool] | None = None
) -> str:
    """The first line holding one of `words` (and passing `also`), or ""."""
    patterns = [_keyword_pattern(w) for w in words if w.strip()]
    for line, folded in lines:
        if any(p.search(folded) for p in patterns) and (also is None or also(line)):
            return line.strip()
    return ""


def _skill(keyword: str, required: bool, facts: Facts, lines: Lines) -> Result:
    base: dict[str, Any] = {
        "kind": SKILL,
        "key": f"{SKILL}:{fold(keyword)}",
        "target": keyword,
        "required": required,
    }
    if not facts.cv_read:
        return Result(**base, outcome=UNKNOWN, source=FROM_CV)
    pattern = _keyword_pattern(keyword)
    cv_field = _cv_field(facts, "skills")
    if cv_field is not None:
        for item in cv_field.value:
            if pattern.search(fold(str(item))):
                line = "" if cv_field.corrected else _line_with_any(lines, [keyword])
                return Result(
                    **base,
                    outcome=MET,
                    found=str(item),
                    evidence=_clip(line or cv_field.source),
                    source=_from(cv_field),
                )
    line = _line_with_any(lines, [keyword])
    if line:
        return Result(**base, outcome=MET, found=keyword, evidence=_clip(line), source=FROM_CV_TEXT)
    if not facts.cv_text.strip() and cv_field is None:
        return Result(**base, outcome=UNKNOWN, source=FROM_CV)
    return Result(**base, outcome=NOT_MET, source=FROM_CV_TEXT)


def _answer_value(raw: Any) -> Any:
    # Stored answers are {"question", "answer", "knockout"?}; a bare value is accepted too.
    return raw.get("answer") if isinstance(raw, Mapping) else raw


def knockout_met(question: KnockoutQuestion, answer: Any) -> bool | None:
    """True or False for an answer; None when there is no usable answer."""
    if answer in (None, ""):
        return None
    if question.kind == "number":
        try:
            return float(answer) >= float(question.required_answer)
        except (TypeError, ValueError):
            return None
    if question.kind == "yes_no":
        answer = {True: "yes", False: "no"}.get(answer, answer)
        return str(answer).strip().lower() == question.required_answer.strip().lower()
    return str(answer).strip() == question.required_answer.strip()


def _knockout(question: KnockoutQuestion, facts: Facts) -> Result:
    base: dict[str, Any] = {
        "kind": KNOCKOUT,
        "key": f"{KNOCKOUT}:{question.id}",
        "target": {"question": question.label, "answer": question.required_answer},
        "required": True,
    }
    answer = _answer_value(facts.answers.get(str(question.id)))
    met = knockout_met(question, answer)
    if met is None:
        return Result(**base, outcome=UNKNOWN, source=FROM_FORM)
    shown = answer if not isinstance(answer, float) or not answer.is_integer() else int(answer)
    return Result(
        **base,
        outcome=MET if met else NOT_MET,
        found=shown,
        evidence=_clip(f"{question.label} — {shown}"),
        source=FROM_FORM,
    )


def _nationality(criteria: Criteria, facts: Facts) -> Result:
    rule = criteria.nationality_rule
    countries = tuple(c.upper() for c in criteria.countries)
    target: dict[str, Any] = {"rule": rule}
    if rule == NOT_HOST:
        target["host_country"] = criteria.host_country.upper()
    else:
        target["countries"] = list(countries)
    base: dict[str, Any] = {
        "kind": NATIONALITY,
        "key": NATIONALITY,
        "target": target,
        "required": True,
    }
    nationality = facts.nationality.strip().upper()
    if not nationality:
        return Result(**base, outcome=UNKNOWN, source=FROM_FORM)
    met = {
        NOT_HOST: nationality != criteria.host_country.upper(),
        ONE_OF: nationality in countries,
        NOT_ONE_OF: nationality not in countries,
    }[rule]
    return Result(
        **base,
        outcome=MET if met else NOT_MET,
        found=nationality,
        evidence=facts.nationality_name or nationality,
        source=FROM_FORM,
    )


def _deadline(deadline: date, facts: Facts) -> Result:
    base: dict[str, Any] = {
        "kind": DEADLINE,
        "key": DEADLINE,
        "target": deadline.isoformat(),
        "required": True,
    }
    if facts.submitted_on is None:
        return Result(**base, outcome=UNKNOWN, source=FROM_APPLICATION)
    return Result(
        **base,
        outcome=MET if facts.submitted_on <= deadline else NOT_MET,
        found=facts.submitted_on.isoformat(),
        evidence=facts.submitted_on.isoformat(),
        source=FROM_APPLICATION,
    )
