"""The written examination: the exam of a job, its sittings with marks and outcome, the gate."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.humanize.templatetags.humanize import ordinal
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus, JobOpening, StageKind
from applications.selectors import application_list
from ats.actors import Actor
from ats.roles import is_hr
from screening import marking, marks_csv
from screening.models import Attendance, Exam, ExamSection, MarkerRole, SectionScore, Sitting


def exam_list() -> QuerySet[Exam]:
    return Exam.objects.select_related("job").prefetch_related(
        Prefetch("sections", queryset=ExamSection.objects.order_by("position", "id"))
    )


def exam_for_job(job: JobOpening) -> Exam | None:
    return exam_list().filter(job=job).first()


def exam_get_for_user(user: Actor, job_id: int) -> Exam:
    if not is_hr(user):
        raise Http404(_("No such examination."))
    exam = exam_list().filter(job_id=job_id).first()
    if exam is None:
        raise Http404(_("No such examination."))
    return exam


def exam_started(exam: Exam, *, at: datetime | None = None) -> bool:
    """The examination's time has come (by `at`, or now): no invitation goes out any more."""
    return exam.starts_at <= (at or timezone.now())


def exam_sections(exam: Exam) -> list[ExamSection]:
    cached = getattr(exam, "_prefetched_objects_cache", {}).get("sections")
    if cached is not None:
        return list(cached)
    return list(exam.sections.order_by("position", "id"))


def exam_total(sections: Iterable[ExamSection]) -> Decimal:
    return sum((s.max_points for s in sections), Decimal(0))


def exam_uninvited(exam: Exam) -> QuerySet[Application]:
    """Active applications in the job's exam stage without an invitation yet."""
    return (
        application_list()
        .filter(job_id=exam.job_id, status=ApplicationStatus.ACTIVE, stage__kind=StageKind.EXAM)
        .exclude(exam_sittings__exam=exam)
    )


def sitting_list() -> QuerySet[Sitting]:
    return Sitting.objects.select_related(
        "exam", "application__candidate", "application__stage"
    ).prefetch_related(Prefetch("scores", queryset=SectionScore.objects.order_by("id")))


def exam_sittings(exam: Exam) -> list[Sitting]:
    return list(sitting_list().filter(exam=exam).order_by("candidate_number"))


def sitting_get_for_user(user: Actor, pk: int) -> Sitting:
    if not is_hr(user):
        raise Http404(_("No such sitting."))
    sitting = Sitting.objects.select_related("exam__job").filter(pk=pk).first()
    if sitting is None:
        raise Http404(_("No such sitting."))
    return sitting


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


def _marks_refusal(exam: Exam, result: marking.ScriptResult) -> str | None:
    """The refusal of a present candidate's script (None: it passes)."""
    if result.status == marking.DISCREPANCY:
        return _(
            "marks of the two markers differ by more than %(points)s points on %(sections)s: "
            "agree a mark first"
        ) % {
            "points": marking.points_text(exam.discrepancy_threshold),
            "sections": ", ".join(result.discrepancies),
        }
    if result.status == marking.INCOMPLETE:
        return _("no mark yet for %(sections)s") % {"sections": ", ".join(result.missing)}
    if result.status == marking.BELOW_MARK and result.total is not None:
        return _("scored %(score)s of %(total)s, below the pass mark of %(pass)s") % {
            "score": marking.points_text(result.total),
            "total": marking.points_text(exam_total(exam_sections(exam))),
            "pass": marking.points_text(exam.pass_mark),
        }
    if result.status == marking.RANKING_PENDING:
        return _("the ranking is not final: some present candidates have no total yet")
    if result.status == marking.OUTSIDE_TOP_N:
        return _("ranked %(rank)s; only the top %(n)s go on") % {
            "rank": ordinal(result.rank),
            "n": exam.top_n,
        }
    return None if result.status == marking.PASSED else str(result.status)


def exam_refusal(exam: Exam, row: SittingRow) -> str | None:
    """The sentence the exam gate gives for one candidate, or None when they go on."""
    status = row.result.status
    if status == marking.ABSENT_STATUS:
        return _("absent from the written examination")
    if status == marking.EXCUSED_STATUS:
        return _("excused from the written examination, so there is no score")
    if status == marking.NOT_RECORDED:
        return _("attendance at the written examination is not recorded yet")
    return _marks_refusal(exam, row.result)


def exam_gate_refusal(application: Application) -> str | None:
    exam = exam_list().filter(job_id=application.job_id).first()
    return _exam_gate_refusal(application, exam, exam_rows(exam) if exam else [])


def exam_gate_refusals(applications: Sequence[Application]) -> dict[int, str | None]:
    """`exam_gate_refusal` of each application, by id, with four queries (the exams of their
    jobs with the sections, every sitting of those exams with the marks: the ranking needs all
    of them)."""
    exams = {e.job_id: e for e in exam_list().filter(job_id__in={a.job_id for a in applications})}
    sittings: dict[int, list[Sitting]] = {e.pk: [] for e in exams.values()}
    for sitting in sitting_list().filter(exam__in=exams.values()).order_by("candidate_number"):
        sittings[sitting.exam_id].append(sitting)
    rows = {e.job_id: exam_rows(e, sittings[e.pk]) for e in exams.values()}
    return {
        a.pk: _exam_gate_refusal(a, exams.get(a.job_id), rows.get(a.job_id, []))
        for a in applications
    }


def _exam_gate_refusal(
    application: Application, exam: Exam | None, rows: Sequence[SittingRow]
) -> str | None:
    if exam is None:
        return _("no written examination is set up for this job")
    row = next((r for r in rows if r.sitting.application_id == application.pk), None)
    if row is None:
        return _("not invited to the written examination")
    return exam_refusal(exam, row)


@dataclass
class ExamOutcome:
    """The results page: rows by rank, the counts, and who may move on from the exam stage."""

    rows: list[SittingRow]
    counts: dict[str, int]
    movable: list[int]  # application ids: passed, active and still in the exam stage


def exam_outcome(exam: Exam) -> ExamOutcome:
    rows = exam_rows(exam)
    rows.sort(key=lambda r: (r.result.rank is None, r.result.rank or 0, r.sitting.candidate_number))
    attendance = [r.sitting.attendance for r in rows]
    counts = {
        "invited": len(rows),
        "present": attendance.count(Attendance.PRESENT),
        "absent": attendance.count(Attendance.ABSENT),
        "excused": attendance.count(Attendance.EXCUSED),
        "passed": sum(1 for r in rows if r.passed),
    }
    movable = [
        r.sitting.application_id
        for r in rows
        if r.passed
        and r.sitting.application.status == ApplicationStatus.ACTIVE
        and r.sitting.application.stage.kind == StageKind.EXAM
    ]
    return ExamOutcome(rows, counts, movable)


def scores_csv_rows(exam: Exam, marker: str = MarkerRole.FIRST) -> list[list[str]]:
    """The import format filled with the marks given so far (a template to fill in); absent and
    excused candidates are left out."""
    sections = exam_sections(exam)
    return marks_csv.template(
        [s.name for s in sections],
        (
            (
                row.sitting.candidate_number,
                marker,
                [row.marks.get((s.pk, marker)) for s in sections],
            )
            for row in exam_rows(exam)
            if row.sitting.attendance not in (Attendance.ABSENT, Attendance.EXCUSED)
        ),
    )
