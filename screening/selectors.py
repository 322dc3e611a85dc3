"""Read queries of screening and the exam: criteria, facts, decisions, the queue, results."""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django.contrib.humanize.templatetags.humanize import ordinal
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries as country_names

from applications.cv import BELOW_BACHELOR_LEVELS
from applications.models import (
    DEGREE_ORDER,
    Application,
    ApplicationStatus,
    CVDocument,
    JobOpening,
    JobQuestion,
    JobStage,
    StageKind,
)
from applications.selectors import application_list
from ats.roles import is_hr
from screening import blind, marking, rules
from screening.models import (
    Attendance,
    Decision,
    Evaluation,
    Exam,
    ExamSection,
    Recommendation,
    ScreeningCriteria,
    ScreeningDecision,
    SectionScore,
    Sitting,
    applicant_reference,
)

# Stages in which blind screening hides who the applicant is.
BLIND_STAGE_KINDS = (StageKind.APPLIED, StageKind.SCREENING)


# --- criteria ------------------------------------------------------------------------------


def criteria_for_job(job: JobOpening) -> ScreeningCriteria:
    """The job's saved criteria, or unsaved defaults (deadline: the job's closing date)."""
    criteria = ScreeningCriteria.objects.filter(job=job).first()
    if criteria is None:
        criteria = ScreeningCriteria(job=job, deadline=job.closes_on, version=1)
    return criteria


def criteria_from_job(job: JobOpening) -> ScreeningCriteria:
    """Like `criteria_for_job`, from `job.screening_criteria` when a list query selected it."""
    try:
        return job.screening_criteria
    except ScreeningCriteria.DoesNotExist:
        return ScreeningCriteria(job=job, deadline=job.closes_on, version=1)


def criteria_version(criteria: ScreeningCriteria) -> int:
    """What an evaluation records: 0 while the job has no saved criteria."""
    return criteria.version if criteria.pk else 0


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


CV_FACT_FIELDS = ("highest_degree", "years_experience", "languages", "skills")
# The parser's levels below a bachelor's rank with the app's "other".
CV_DEGREE_RANKS = DEGREE_ORDER | dict.fromkeys(BELOW_BACHELOR_LEVELS, DEGREE_ORDER["other"])


def application_facts(application: Application, cv: CVDocument | None) -> rules.Facts:
    """What the evaluator may rely on: the read CV with HR's corrections, the form, the dates."""
    fields: dict[str, rules.CVField] = {}
    cv_read = cv is not None and cv.parse_status == CVDocument.ParseStatus.PARSED
    if cv is not None:
        for name in CV_FACT_FIELDS:
            parsed = cv.parsed.get(name) or {}
            correction = cv.corrections.get(name)
            if correction is not None:
                who = correction.get("by_name") or _("HR")
                fields[name] = rules.CVField(
                    correction.get("value"),
                    _("corrected by %(name)s") % {"name": who},
                    corrected=True,
                )
            else:
                fields[name] = rules.CVField(parsed.get("value"), parsed.get("source") or "")
        # HR's correction makes a failed or unread CV's field known.
        cv_read = cv_read or any(f.corrected for f in fields.values())
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


# --- decisions -----------------------------------------------------------------------------


@dataclass
class DecisionSummary:
    """Each reviewer's latest decision on one application, and what the gate makes of them."""

    latest: list[ScreeningDecision] = field(default_factory=list)
    history: list[ScreeningDecision] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(d.decision for d in self.latest)

    @property
    def is_pass(self) -> bool:
        counts = self.counts
        return counts[Decision.PASS] > 0 and not counts[Decision.FAIL] and not counts[Decision.HOLD]

    @property
    def state(self) -> str:
        """pass, fail, hold, split (reviewers disagree) or "" (no decision)."""
        kinds = set(self.counts)
        if not kinds:
            return ""
        return kinds.pop() if len(kinds) == 1 else "split"

    def latest_of(self, user: Any) -> ScreeningDecision | None:
        user_id = getattr(user, "pk", None)
        return next((d for d in self.latest if d.reviewer_id == user_id), None)

    def _counted(self) -> str:
        labels = {
            Decision.PASS: _("pass"),
            Decision.FAIL: _("fail"),
            Decision.HOLD: _("on hold"),
        }
        counts = self.counts
        return ", ".join(
            f"{counts[d]} {labels[d]}"
            for d in (Decision.PASS, Decision.FAIL, Decision.HOLD)
            if counts[d]
        )

    def refusal(self) -> str | None:
        """None when the screening gate is open, else the sentence that says why not."""
        if self.is_pass:
            return None
        if not self.latest:
            return _("no screening decision of pass yet (no reviewer has decided)")
        if self.counts[Decision.PASS]:
            return _("reviewers disagree: %(counts)s") % {"counts": self._counted()}
        return _("no screening decision of pass yet: %(counts)s") % {"counts": self._counted()}


def decision_summary(decisions: Iterable[ScreeningDecision]) -> DecisionSummary:
    """From one application's decisions (any order): the latest of each reviewer."""
    history = sorted(decisions, key=lambda d: (d.at, d.pk or 0))
    latest: dict[int, ScreeningDecision] = {}
    for decision in history:
        latest[decision.reviewer_id] = decision
    return DecisionSummary(
        latest=sorted(latest.values(), key=lambda d: (d.at, d.pk or 0)), history=history
    )


def latest_decisions() -> QuerySet[ScreeningDecision]:
    """Each reviewer's newest decision on each application (no later one by the same person)."""
    newer = ScreeningDecision.objects.filter(
        application=OuterRef("application"), reviewer=OuterRef("reviewer")
    ).filter(Q(at__gt=OuterRef("at")) | Q(at=OuterRef("at"), pk__gt=OuterRef("pk")))
    return ScreeningDecision.objects.filter(~Exists(newer))


def application_decisions(application: Application) -> DecisionSummary:
    return decision_summary(
        ScreeningDecision.objects.filter(application=application).select_related("reviewer")
    )


def screening_gate_refusal(application: Application) -> str | None:
    return application_decisions(application).refusal()


# --- blind screening -----------------------------------------------------------------------


def identity_hidden(
    application: Application,
    criteria: ScreeningCriteria,
    summary: DecisionSummary,
    user: Any,
) -> bool:
    """Blind job, still screening, and this reviewer has not passed or failed it yet."""
    if not criteria.blind:
        return False
    if application.status != ApplicationStatus.ACTIVE:
        return False
    if application.stage.kind not in BLIND_STAGE_KINDS:
        return False
    own = summary.latest_of(user)
    return own is None or own.decision == Decision.HOLD


def nationality_shown(criteria: ScreeningCriteria, hidden: bool) -> bool:
    """A nationality rule needs the nationality even when the rest is hidden."""
    return not hidden or criteria.nationality_rule != rules.ANY_NATIONALITY


def masker_for(application: Application, cv: CVDocument | None) -> blind.Masker:
    candidate = application.candidate
    names = [candidate.full_name]
    phones = [candidate.phone]
    if cv is not None:
        parsed = cv.parsed or {}
        for name, target in (("name", names), ("phone", phones)):
            for source in (parsed.get(name) or {}, cv.corrections.get(name) or {}):
                if source.get("value"):
                    target.append(str(source["value"]))
    return blind.Masker(names=names, phones=phones)


def applicant_label(application: Application, hidden: bool) -> str:
    if hidden:
        return _("Applicant #%(ref)s") % {"ref": applicant_reference(application.pk)}
    return application.candidate.full_name


def identity_masked(user: Any) -> Q | None:
    """`identity_hidden` as a condition on Application, for the pages and API of `applications`
    (registered as their identity mask): blind job, still screening, no pass or fail by this user.
    """
    if not is_hr(user):
        return None  # nothing of an application is shown to them anyway
    decided = latest_decisions().filter(
        application=OuterRef("pk"), reviewer=user, decision__in=[Decision.PASS, Decision.FAIL]
    )
    return Q(
        job__screening_criteria__blind=True,
        status=ApplicationStatus.ACTIVE,
        stage__kind__in=BLIND_STAGE_KINDS,
    ) & ~Q(Exists(decided))


def decision_history(job: JobOpening, user: Any) -> QuerySet[ScreeningDecision]:
    """Every screening decision on the job's applications, newest first, for the "Decided" page.

    Each carries `masked`: the applicant is hidden from this user (blind screening, still in
    screening, not yet decided by them), computed in the same query.
    """
    queryset = (
        ScreeningDecision.objects.filter(application__job=job)
        .select_related("reviewer", "application__candidate", "application__stage")
        .order_by("-at", "-id")
    )
    condition = identity_masked(user)
    masked = (
        Exists(Application.objects.filter(condition, pk=OuterRef("application")))
        if condition is not None
        else Value(False)
    )
    return queryset.annotate(masked=masked)


# --- the screening queue -------------------------------------------------------------------


def queue_applications(job: JobOpening) -> QuerySet[Application]:
    """Active applications in the job's screening stages, oldest first, with their evaluation
    and every decision (two queries for any number of applications)."""
    return (
        Application.objects.filter(
            job=job, status=ApplicationStatus.ACTIVE, stage__kind=StageKind.SCREENING
        )
        .select_related("candidate", "stage", "screening_evaluation")
        .prefetch_related(
            Prefetch(
                "screening_decisions",
                queryset=ScreeningDecision.objects.select_related("reviewer").order_by("at", "id"),
            )
        )
        .order_by("submitted_at", "id")
    )


@dataclass
class QueueRow:
    application: Application
    evaluation: Evaluation | None
    summary: DecisionSummary
    hidden: bool
    stale: bool

    @property
    def reference(self) -> str:
        return applicant_reference(self.application.pk)

    @property
    def label(self) -> str:
        return applicant_label(self.application, self.hidden)


def queue_rows(
    job: JobOpening, criteria: ScreeningCriteria, user: Any, *, pending_only: bool = False
) -> list[QueueRow]:
    version = criteria_version(criteria)
    rows = []
    for application in queue_applications(job):
        summary = decision_summary(application.screening_decisions.all())
        if pending_only and summary.latest_of(user) is not None:
            continue
        evaluation = getattr(application, "screening_evaluation", None)
        rows.append(
            QueueRow(
                application=application,
                evaluation=evaluation,
                summary=summary,
                hidden=identity_hidden(application, criteria, summary, user),
                stale=evaluation is not None and evaluation.criteria_version != version,
            )
        )
    return rows


def queue_application_get(job: JobOpening, user: Any, pk: int) -> Application:
    """One application of this job for the screening pages (the same access rule as everywhere)."""
    if not is_hr(user):
        raise Http404(_("No such application."))
    application = application_list().filter(pk=pk, job=job).first()
    if application is None:
        raise Http404(_("No such application."))
    return application


def job_get_for_user(user: Any, pk: int) -> JobOpening:
    from applications.selectors import job_get

    if not is_hr(user):
        raise Http404(_("No such job opening."))
    return job_get(pk)


def job_has_stage(job: JobOpening, kind: str) -> bool:
    # Uses the job's prefetched stages when it has them (job_get prefetches them).
    return any(stage.kind == kind for stage in job.stages.all())


# --- API lists: everything blind masking needs rides along ---------------------------------

_DECISIONS = Prefetch(
    "application__screening_decisions",
    queryset=ScreeningDecision.objects.order_by("at", "id"),
)
_APPLICATION_PARTS = (
    "application__candidate",
    "application__stage",
    "application__job__screening_criteria",
    "application__cv",
)


def evaluation_list() -> QuerySet[Evaluation]:
    # The CV's parsed name and phone feed the masker; its full text stays behind.
    return (
        Evaluation.objects.select_related(*_APPLICATION_PARTS)
        .defer("application__cv__text")
        .prefetch_related(_DECISIONS)
    )


def decision_list() -> QuerySet[ScreeningDecision]:
    return (
        ScreeningDecision.objects.select_related("reviewer", *_APPLICATION_PARTS)
        .defer("application__cv__text")
        .prefetch_related(_DECISIONS)
    )


def sitting_get_for_user(user: Any, pk: int) -> Sitting:
    if not is_hr(user):
        raise Http404(_("No such sitting."))
    sitting = Sitting.objects.select_related("exam__job").filter(pk=pk).first()
    if sitting is None:
        raise Http404(_("No such sitting."))
    return sitting


# --- labels of rule results ----------------------------------------------------------------

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


def criterion_label(result: dict[str, Any]) -> str:
    """What a stored result checked, in words ("Degree: Master or higher")."""
    from applications.models import DegreeLevel

    kind, target = result.get("kind"), result.get("target")
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
        if target.get("rule") == rules.NOT_HOST:
            host = country_names.name(target.get("host_country", ""))
            return _("Nationality: not %(country)s") % {"country": host}
        listed = ", ".join(str(country_names.name(c)) for c in target.get("countries", []))
        if target.get("rule") == rules.ONE_OF:
            return _("Nationality: one of %(countries)s") % {"countries": listed}
        return _("Nationality: none of %(countries)s") % {"countries": listed}
    if kind == rules.DEADLINE:
        return _("Submitted by %(date)s") % {"date": _day(target)}
    return str(kind)


def _day(iso: Any) -> str:
    """An ISO date as the pages show dates ("2 Jan 2019")."""
    from datetime import date

    from django.utils.formats import date_format

    try:
        return date_format(date.fromisoformat(str(iso)), "j M Y")
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
    """The stored results in words, evidence masked for a blind reviewer."""
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


# --- the written examination ---------------------------------------------------------------


def exam_for_job(job: JobOpening) -> Exam | None:
    return exam_list().filter(job=job).first()


def exam_get_for_user(user: Any, job_id: int) -> Exam:
    if not is_hr(user):
        raise Http404(_("No such examination."))
    exam = exam_list().filter(job_id=job_id).first()
    if exam is None:
        raise Http404(_("No such examination."))
    return exam


def exam_list() -> QuerySet[Exam]:
    return Exam.objects.select_related("job").prefetch_related(
        Prefetch("sections", queryset=ExamSection.objects.order_by("position", "id"))
    )


def exam_sections(exam: Exam) -> list[ExamSection]:
    cached = getattr(exam, "_prefetched_objects_cache", {}).get("sections")
    if cached is not None:
        return list(cached)
    return list(exam.sections.order_by("position", "id"))


def exam_total(sections: Iterable[ExamSection]) -> Decimal:
    return sum((s.max_points for s in sections), Decimal(0))


def sitting_list() -> QuerySet[Sitting]:
    return Sitting.objects.select_related(
        "exam", "application__candidate", "application__stage"
    ).prefetch_related(Prefetch("scores", queryset=SectionScore.objects.order_by("id")))


def exam_sittings(exam: Exam) -> list[Sitting]:
    return list(sitting_list().filter(exam=exam).order_by("candidate_number"))


def _script(sitting: Sitting) -> marking.Script:
    marks: dict[int, dict[str, Decimal]] = {}
    for score in sitting.scores.all():
        marks.setdefault(score.section_id, {})[score.marker] = score.points
    return marking.Script(key=sitting.pk, attendance=sitting.attendance, marks=marks)


@dataclass
class SittingRow:
    sitting: Sitting
    result: marking.ScriptResult
    marks: dict[tuple[int, str], Decimal]  # (section id, marker) -> points

    @property
    def passed(self) -> bool:
        return self.result.passed

    def cells(self, sections: Sequence[ExamSection]) -> list[dict[str, Any]]:
        return [
            {
                "section": section,
                "first": self.marks.get((section.pk, marking.FIRST)),
                "second": self.marks.get((section.pk, marking.SECOND)),
                "agreed": self.marks.get((section.pk, marking.AGREED)),
                "mark": mark,
            }
            for section, mark in zip(sections, self.result.marks, strict=True)
        ]


def exam_rows(exam: Exam, sittings: Sequence[Sitting] | None = None) -> list[SittingRow]:
    """Every sitting with its marks and outcome (the ranking needs all of them at once)."""
    sections = exam_sections(exam)
    sittings = list(sittings) if sittings is not None else exam_sittings(exam)
    for sitting in sittings:
        sitting.exam = exam  # the one with its sections prefetched
    results = marking.exam_results(
        [marking.Section(s.pk, s.name, s.max_points) for s in sections],
        [_script(s) for s in sittings],
        pass_mark=exam.pass_mark,
        threshold=exam.discrepancy_threshold,
        top_n=exam.top_n,
    )
    return [
        SittingRow(
            sitting=sitting,
            result=result,
            marks={
                (score.section_id, score.marker): score.points for score in sitting.scores.all()
            },
        )
        for sitting, result in zip(sittings, results, strict=True)
    ]


def points_text(value: Decimal | int | float | str) -> str:
    """Points as people write them: 12, 12.5, 12.25."""
    value = Decimal(str(value))
    if value == value.to_integral():
        return f"{value.quantize(Decimal(1)):f}"
    return f"{value:.2f}".rstrip("0")


def exam_refusal(exam: Exam, row: SittingRow) -> str | None:
    """The sentence the exam gate gives for one candidate, or None when they go on."""
    result = row.result
    status = result.status
    if status == marking.PASSED:
        return None
    if status == marking.ABSENT_STATUS:
        return _("absent from the written examination")
    if status == marking.EXCUSED_STATUS:
        return _("excused from the written examination, so there is no score")
    if status == marking.NOT_RECORDED:
        return _("attendance at the written examination is not recorded yet")
    if status == marking.DISCREPANCY:
        return _(
            "marks of the two markers differ by more than %(points)s points on %(sections)s: "
            "agree a mark first"
        ) % {
            "points": points_text(exam.discrepancy_threshold),
            "sections": ", ".join(result.discrepancies),
        }
    if status == marking.INCOMPLETE:
        return _("no mark yet for %(sections)s") % {"sections": ", ".join(result.missing)}
    total = exam_total(exam_sections(exam))
    if status == marking.BELOW_MARK:
        return _("scored %(score)s of %(total)s, below the pass mark of %(pass)s") % {
            "score": points_text(result.total),
            "total": points_text(total),
            "pass": points_text(exam.pass_mark),
        }
    if status == marking.RANKING_PENDING:
        return _("the ranking is not final: some present candidates have no total yet")
    if status == marking.OUTSIDE_TOP_N:
        return _("ranked %(rank)s; only the top %(n)s go on") % {
            "rank": ordinal(result.rank),
            "n": exam.top_n,
        }
    return str(status)


def exam_gate_refusal(application: Application) -> str | None:
    exam = exam_list().filter(job_id=application.job_id).first()
    if exam is None:
        return _("no written examination is set up for this job")
    sittings = exam_sittings(exam)
    rows = exam_rows(exam, sittings)
    row = next((r for r in rows if r.sitting.application_id == application.pk), None)
    if row is None:
        return _("not invited to the written examination")
    return exam_refusal(exam, row)


# --- filters (API) -------------------------------------------------------------------------


class EvaluationFilter(django_filters.FilterSet):
    job = django_filters.NumberFilter(field_name="application__job")
    application = django_filters.NumberFilter(field_name="application")
    recommendation = django_filters.ChoiceFilter(choices=Recommendation.choices)
    score_min = django_filters.NumberFilter(field_name="score", lookup_expr="gte")
    score_max = django_filters.NumberFilter(field_name="score", lookup_expr="lte")
    stage_kind = django_filters.ChoiceFilter(
        field_name="application__stage__kind", choices=StageKind.choices
    )
    decision = django_filters.ChoiceFilter(
        choices=Decision.choices,
        method="filter_decision",
        label=gettext_lazy("has a reviewer's latest decision of"),
    )

    class Meta:
        model = Evaluation
        fields = ["job", "application", "recommendation"]

    def filter_decision(self, queryset, name, value):
        return queryset.filter(
            application__in=latest_decisions().filter(decision=value).values("application_id")
        )


class DecisionFilter(django_filters.FilterSet):
    job = django_filters.NumberFilter(field_name="application__job")
    application = django_filters.NumberFilter(field_name="application")
    reviewer = django_filters.NumberFilter(field_name="reviewer")
    decision = django_filters.ChoiceFilter(choices=Decision.choices)
    after = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    before = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lte")

    class Meta:
        model = ScreeningDecision
        fields = ["job", "application", "reviewer", "decision"]


class SittingFilter(django_filters.FilterSet):
    """Attendance narrows in the database; passed and the score range need the results."""

    exam = django_filters.NumberFilter(field_name="exam")
    job = django_filters.NumberFilter(field_name="exam__job")
    attendance = django_filters.ChoiceFilter(choices=Attendance.choices)
    passed = django_filters.BooleanFilter(method="keep", label=gettext_lazy("passed"))
    score_min = django_filters.NumberFilter(method="keep", label=gettext_lazy("total at least"))
    score_max = django_filters.NumberFilter(method="keep", label=gettext_lazy("total at most"))

    class Meta:
        model = Sitting
        fields = ["exam", "job", "attendance"]

    def keep(self, queryset, name, value):
        return queryset


def sitting_rows_filtered(queryset: QuerySet[Sitting], data: Any) -> tuple[SittingFilter, list]:
    """Sittings as rows with results, narrowed by `passed` and the total's range."""
    sitting_filter = SittingFilter(data, queryset=queryset)
    if not sitting_filter.is_valid():
        return sitting_filter, []
    kept = list(sitting_filter.qs.values_list("pk", "exam_id"))
    wanted = {pk for pk, _exam in kept}
    exams = exam_list().filter(pk__in={exam_id for _pk, exam_id in kept})
    rows: list[SittingRow] = []
    for exam in exams:
        # Ranks compare every candidate of the exam, whatever the filter keeps.
        rows.extend(r for r in exam_rows(exam) if r.sitting.pk in wanted)
    cleaned = sitting_filter.form.cleaned_data
    if cleaned.get("passed") is not None:
        rows = [r for r in rows if r.passed == cleaned["passed"]]
    if cleaned.get("score_min") is not None:
        rows = [
            r for r in rows if r.result.total is not None and r.result.total >= cleaned["score_min"]
        ]
    if cleaned.get("score_max") is not None:
        rows = [
            r for r in rows if r.result.total is not None and r.result.total <= cleaned["score_max"]
        ]
    rows.sort(key=lambda r: (r.sitting.exam_id, r.sitting.candidate_number))
    return sitting_filter, rows


def job_exam_stage(job: JobOpening) -> JobStage | None:
    return next((s for s in job.stages.all() if s.kind == StageKind.EXAM), None)
