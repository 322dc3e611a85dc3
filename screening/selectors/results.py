"""The stored rule results in words, with the evidence masked for a blind reviewer."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries as country_names

from applications.models import DegreeLevel
from screening import blind, rules
from screening.models import Evaluation

OUTCOME_LABELS = {
    rules.MET: gettext_lazy("met"),
    rules.NOT_MET: gettext_lazy("not met"),
    rules.UNKNOWN: gettext_lazy("unknown"),
}
SOURCE_LABELS = {
    rules.FROM_CV: gettext_lazy("CV"),
    rules.FROM_CORRECTION: gettext_lazy("HR correction"),
    rules.FROM_CV_TEXT: gettext_lazy("CV text"),
    rules.FROM_FORM: gettext_lazy("application form"),
    rules.FROM_APPLICATION: gettext_lazy("submitted on"),
}


def _nationality_label(target: dict[str, Any]) -> str:
    if target.get("rule") == rules.NOT_HOST:
        host = country_names.name(target.get("host_country", ""))
        return _("Nationality: not %(country)s") % {"country": host}
    listed = ", ".join(str(country_names.name(c)) for c in target.get("countries", []))
    if target.get("rule") == rules.ONE_OF:
        return _("Nationality: one of %(countries)s") % {"countries": listed}
    return _("Nationality: none of %(countries)s") % {"countries": listed}


def criterion_label(result: dict[str, Any]) -> str:
    """What a stored result checked, in words ("Degree: Master or higher")."""
    kind = result.get("kind")
    target: Any = result.get("target")  # JSON: a level, a number, a name or a mapping
    if kind == rules.DEGREE:
        level = DegreeLevel(target).label if target in DegreeLevel.values else target
        return _("Degree: %(level)s or higher") % {"level": level}
    if kind == rules.EXPERIENCE:
        return _("Experience: at least %(years)s years") % {"years": f"{float(target):g}"}
    if kind == rules.LANGUAGE:
        return _("Language: %(name)s") % {"name": target}
    if kind == rules.SKILL:
        return _("Skill or keyword: %(name)s") % {"name": target}
    if kind == rules.KNOCKOUT:
        return _("Knock-out: %(question)s (needs “%(answer)s”)") % {
            "question": target.get("question"),
            "answer": target.get("answer"),
        }
    if kind == rules.NATIONALITY:
        return _nationality_label(target)
    if kind == rules.DEADLINE:
        return _("Submitted by %(date)s") % {"date": _day(target)}
    return str(kind)


def _day(iso: Any) -> str:
    """An ISO date as the pages show dates ("2 Jan 2019")."""
    try:
        return date_format(date.fromisoformat(str(iso)), "DATE_FORMAT")
    except ValueError:
        return str(iso)


@dataclass
class ResultRow:
    label: str
    required: bool
    outcome: str
    outcome_label: str
    evidence: str
    source_label: str


def result_rows(
    evaluation: Evaluation | None, *, mask: blind.Masker | None = None
) -> list[ResultRow]:
    """The stored results in words for the pages, evidence masked for a blind reviewer."""
    if evaluation is None:
        return []
    rows = []
    for result in evaluation.results:
        evidence = str(result.get("evidence") or "")
        if result.get("kind") == rules.DEADLINE and evidence:
            evidence = _day(evidence)
        if mask is not None:
            evidence = mask(evidence)
        rows.append(
            ResultRow(
                label=criterion_label(result),
                required=bool(result.get("required")),
                outcome=result.get("outcome", rules.UNKNOWN),
                outcome_label=str(OUTCOME_LABELS.get(result.get("outcome"), "")),
                evidence=evidence,
                source_label=str(SOURCE_LABELS.get(result.get("source"), "")),
            )
        )
    return rows


def result_dicts(
    evaluation: Evaluation, *, mask: blind.Masker | None = None
) -> list[dict[str, Any]]:
    """The stored results as the API gives them: each with its label, and the evidence and
    what was found masked for a blind reviewer."""
    rows = []
    for result in evaluation.results:
        evidence = str(result.get("evidence") or "")
        found = result.get("found")
        if mask is not None:
            evidence = mask(evidence)
            found = mask(found) if isinstance(found, str) else found
        rows.append(
            {**result, "label": criterion_label(result), "evidence": evidence, "found": found}
        )
    return rows
