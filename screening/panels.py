"""The screening and exam section of the HR application page (registered as a panel)."""

from typing import Any

from django.http import HttpRequest

from applications.models import Application, JobStage, StageKind
from applications.panels import Panel
from screening import selectors
from screening.models import Evaluation


def application_panel(request: HttpRequest, application: Application) -> Panel:
    """A placeholder that loads the section from `panel_view` once the page is shown: the
    application page's own queries stay its own, and the exam ranking is computed apart."""
    return Panel("screening/_application_panel_lazy.html", {}, order=10)


def panel_context(application: Application) -> dict[str, Any] | None:
    """Evaluation summary, reviewers' decisions and the exam result; None for a job that
    does not screen."""
    kinds = set(
        JobStage.objects.filter(
            job_id=application.job_id, kind__in=[StageKind.SCREENING, StageKind.EXAM]
        ).values_list("kind", flat=True)
    )
    if StageKind.SCREENING not in kinds:
        return None
    job = application.job
    criteria = selectors.criteria_for_job(job)
    evaluation = Evaluation.objects.filter(application=application).first()
    summary = selectors.application_decisions(application)
    context: dict[str, Any] = {
        "application": application,
        "evaluation": evaluation,
        "results": selectors.result_rows(evaluation),
        "stale": evaluation is not None and selectors.evaluation_stale(evaluation, criteria),
        "summary": summary,
        "screening_refusal": summary.refusal(),
        "has_exam_stage": StageKind.EXAM in kinds,
        "exam": None,
        "exam_row": None,
    }
    if StageKind.EXAM in kinds:
        exam = selectors.exam_list().filter(job=job).first()
        if exam is not None:
            rows = selectors.exam_rows(exam)
            row = next((r for r in rows if r.sitting.application_id == application.pk), None)
            sections = selectors.exam_sections(exam)
            context.update(
                exam=exam,
                exam_row=row,
                exam_total=selectors.exam_total(sections),
                exam_refusal=selectors.exam_refusal(exam, row) if row else None,
            )
    return context
