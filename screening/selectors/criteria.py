"""A job's screening criteria, an application's facts, and the rules run on them."""

from collections.abc import Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from applications import selectors as app_selectors
from applications.cv import BELOW_BACHELOR_LEVELS
from applications.models import DEGREE_ORDER, Application, CVDocument, JobOpening, JobQuestion
from screening import rules
from screening.models import Evaluation, ScreeningCriteria

CV_FACT_FIELDS = ("highest_degree", "years_experience", "languages", "skills")
# The parser's levels below a bachelor's rank with the app's "other".
CV_DEGREE_RANKS = DEGREE_ORDER | dict.fromkeys(BELOW_BACHELOR_LEVELS, DEGREE_ORDER["other"])


def _unsaved_criteria(job: JobOpening) -> ScreeningCriteria:
    return ScreeningCriteria(job=job, deadline=job.closes_on, version=1)


def criteria_for_job(job: JobOpening) -> ScreeningCriteria:
    """The job's saved criteria, or unsaved defaults (deadline: the job's closing date)."""
    criteria = ScreeningCriteria.objects.filter(job=job).first()
    return criteria if criteria is not None else _unsaved_criteria(job)


def criteria_from_job(job: JobOpening) -> ScreeningCriteria:
    """Like `criteria_for_job`, from `job.screening_criteria` when a list query selected it."""
    try:
        return job.screening_criteria
    except ScreeningCriteria.DoesNotExist:
        return _unsaved_criteria(job)


def criteria_version(criteria: ScreeningCriteria) -> int:
    """What an evaluation records: 0 while the job has no saved criteria."""
    return criteria.version if criteria.pk else 0


def evaluation_stale(evaluation: Evaluation, criteria: ScreeningCriteria) -> bool:
    """The criteria changed since the rules read this application (run them again first)."""
    return evaluation.criteria_version != criteria_version(criteria)


def knockout_questions(job: JobOpening) -> list[JobQuestion]:
    return [
        q
        for q in JobQuestion.objects.filter(job=job, is_knockout=True).order_by("position", "id")
        if q.kind in JobQuestion.KNOCKOUT_KINDS
    ]


def rule_criteria(criteria: ScreeningCriteria, questions: Sequence[JobQuestion]) -> rules.Criteria:
    return rules.Criteria(
        min_degree=criteria.min_degree,
        min_years=(
            float(criteria.min_years_experience)
            if criteria.min_years_experience is not None
            else None
        ),
        required_languages=tuple(criteria.required_languages or ()),
        desired_languages=tuple(criteria.desired_languages or ()),
        required_skills=tuple(criteria.required_skills or ()),
        desired_skills=tuple(criteria.desired_skills or ()),
        knockouts=tuple(
            rules.KnockoutQuestion(q.pk, q.label, q.kind, q.knockout_answer) for q in questions
        ),
        nationality_rule=criteria.nationality_rule,
        host_country=str(criteria.host_country or "CN"),
        countries=tuple(str(c) for c in criteria.countries),
        deadline=criteria.deadline,
    )


def _cv_fields(cv: CVDocument) -> dict[str, rules.CVField]:
    """The CV's facts, HR's corrections laid over the parser's reading (and what HR's
    corrected work or education entries imply for the years or the degree)."""
    fields: dict[str, rules.CVField] = {}
    effective = app_selectors.cv_fields(cv)
    for name in CV_FACT_FIELDS:
        field = effective[name]
        who = field["corrected_by"] or _("HR")
        if field["corrected"]:
            source = _("corrected by %(name)s") % {"name": who}
        elif field["derived_from"] == "work":
            source = _("from the work entries corrected by %(name)s") % {"name": who}
        elif field["derived_from"] == "education":
            source = _("from the education entries corrected by %(name)s") % {"name": who}
        else:
            fields[name] = rules.CVField(field["value"], field["source"])
            continue
        fields[name] = rules.CVField(field["value"], source, corrected=True)
    return fields


def application_facts(application: Application, cv: CVDocument | None) -> rules.Facts:
    """What the evaluator may rely on: the read CV with HR's corrections, the form, the dates."""
    fields = _cv_fields(cv) if cv is not None else {}
    # HR's correction makes a failed or unread CV's field known.
    cv_read = (cv is not None and cv.parse_status == CVDocument.ParseStatus.PARSED) or any(
        f.corrected for f in fields.values()
    )
    nationality = str(application.candidate.nationality or "")
    return rules.Facts(
        cv_read=cv_read,
        fields=fields,
        cv_text=cv.text if cv is not None else "",
        answers=application.answers or {},
        nationality=nationality,
        nationality_name=str(country_names.name(nationality)) if nationality else "",
        submitted_on=timezone.localdate(application.submitted_at),
    )


def evaluate_application(
    application: Application,
    *,
    criteria: ScreeningCriteria,
    questions: Sequence[JobQuestion],
    cv: CVDocument | None,
) -> rules.Evaluation:
    return rules.evaluate(
        rule_criteria(criteria, questions),
        application_facts(application, cv),
        degree_ranks=CV_DEGREE_RANKS,
    )
