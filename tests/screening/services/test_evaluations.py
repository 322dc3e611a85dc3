"""Evaluations run in Celery when a CV is read or corrected and when the criteria change
(screening.services.evaluations)."""

import datetime as dt
import io

import pytest
from reportlab.pdfgen import canvas

from applications import services as app_services
from applications.models import JobQuestion
from screening import services
from screening.models import Evaluation
from tests.factories import CandidateFactory, make_application, make_job
from tests.screening.support import expert_job, in_stage, make_cv, screening_application

pytestmark = pytest.mark.django_db


def pdf(*lines: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for n, line in enumerate(lines):
        page.drawString(72, 760 - 16 * n, line)
    page.save()
    return buffer.getvalue()


CV_LINES = (
    "Anna Fischer",
    "anna.fischer@example.org  +49 151 1234567",
    "Education",
    "PhD in Atmospheric Physics, University of Heidelberg, 2015",
    "Experience",
    "Research scientist, Max Planck Institute, 2015 - 2021",
    "Skills",
    "Python, GIS, Scientific writing",
    "Languages",
    "German (native), English (C2)",
)


def test_parsed_cv_is_evaluated(hr_user, django_capture_on_commit_callbacks):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, min_degree="master")
    application = screening_application(hr_user, job=job)
    with django_capture_on_commit_callbacks(execute=True):
        cv = app_services.cv_attach(
            application=application, name="cv.pdf", data=pdf(*CV_LINES), enqueue_parse=False
        )
    assert not Evaluation.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        app_services.cv_parse(cv_id=cv.pk)

    evaluation = Evaluation.objects.get(application=application)
    (degree,) = evaluation.results
    assert degree["outcome"] == "met" and "Heidelberg" in degree["evidence"]
    assert evaluation.recommendation == "pass" and evaluation.cv_read


def test_hr_correction_is_evaluated_again(hr_user, django_capture_on_commit_callbacks):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, min_degree="master")
    application = screening_application(hr_user, job=job)
    cv = make_cv(application, degree=None)
    services.evaluations_run_for_job(job_id=job.pk)
    assert Evaluation.objects.get().recommendation == "review"

    with django_capture_on_commit_callbacks(execute=True):
        app_services.cv_correct(cv=cv, actor=hr_user, field="highest_degree", value="master")

    evaluation = Evaluation.objects.get()
    assert evaluation.recommendation == "pass"
    assert evaluation.results[0]["source"] == "correction"
    assert hr_user.get_full_name() in evaluation.results[0]["evidence"]


def test_changed_criteria_evaluate_again(hr_user, django_capture_on_commit_callbacks):
    job = make_job()
    with django_capture_on_commit_callbacks(execute=True):
        services.criteria_save(job=job, actor=hr_user, min_degree="master")
    application = screening_application(hr_user, job=job)
    make_cv(application, degree="master")
    services.evaluations_run_for_job(job_id=job.pk)
    assert Evaluation.objects.get().recommendation == "pass"

    with django_capture_on_commit_callbacks(execute=True):
        criteria = services.criteria_save(job=job, actor=hr_user, min_degree="phd")

    evaluation = Evaluation.objects.get()
    assert (criteria.version, evaluation.criteria_version) == (2, 2)
    assert evaluation.recommendation == "fail"


def test_host_nationals_fail_a_foreign_expert_call(hr_user):
    job = expert_job()
    services.criteria_save(job=job, actor=hr_user, nationality_rule="not_host", host_country="CN")
    chinese = screening_application(hr_user, job=job, candidate=CandidateFactory(nationality="CN"))
    german = screening_application(hr_user, job=job, candidate=CandidateFactory(nationality="DE"))
    services.evaluations_run_for_job(job_id=job.pk)
    assert Evaluation.objects.get(application=chinese).recommendation == "fail"
    assert Evaluation.objects.get(application=german).recommendation == "pass"
    assert Evaluation.objects.get(application=german).results[0]["evidence"] == "Germany"


def test_knockout_questions_of_the_job_are_evaluated(hr_user):
    job = make_job()
    question = JobQuestion.objects.create(
        job=job,
        label="Can you start by March?",
        kind="yes_no",
        is_knockout=True,
        knockout_answer="yes",
    )
    no = screening_application(
        hr_user, job=job, answers={str(question.pk): {"question": question.label, "answer": "no"}}
    )
    services.evaluations_run_for_job(job_id=job.pk)
    (result,) = Evaluation.objects.get(application=no).results
    assert (result["kind"], result["outcome"], result["evidence"]) == (
        "knockout",
        "not_met",
        "Can you start by March? — no",
    )


def test_the_deadline_defaults_to_the_closing_date(hr_user):
    job = make_job(closes_on=dt.date(2019, 1, 2))
    late = make_application(job=job, submitted_at=dt.datetime(2019, 1, 3, 5, tzinfo=dt.UTC))

    in_stage(late, "screening", hr_user)
    services.evaluations_run_for_job(job_id=job.pk)
    (deadline,) = Evaluation.objects.get().results
    assert (deadline["kind"], deadline["outcome"]) == ("deadline", "not_met")


def test_corrected_skills_are_evaluated_again(hr_user, django_capture_on_commit_callbacks):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, required_skills=["GIS"])
    cv = make_cv(screening_application(hr_user, job=job), skills=["Python"])
    services.evaluations_run_for_job(job_id=job.pk)
    assert Evaluation.objects.get().results[0]["outcome"] == "not_met"

    with django_capture_on_commit_callbacks(execute=True):
        app_services.cv_correct(cv=cv, actor=hr_user, field="skills", value="Python, GIS")

    (skill,) = Evaluation.objects.get().results
    assert (skill["outcome"], skill["found"], skill["source"]) == ("met", "GIS", "correction")


def test_corrected_work_entries_give_the_years_evaluated(
    hr_user, django_capture_on_commit_callbacks
):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, min_years_experience=3)
    cv = make_cv(screening_application(hr_user, job=job), years=1.5)
    services.evaluations_run_for_job(job_id=job.pk)
    assert Evaluation.objects.get().results[0]["outcome"] == "not_met"

    work = "Research scientist | Max Planck Institute | 2015-01 | 2019-12"
    with django_capture_on_commit_callbacks(execute=True):
        app_services.cv_correct(cv=cv, actor=hr_user, field="work", value=work)

    (years,) = Evaluation.objects.get().results
    assert (years["outcome"], years["found"], years["source"]) == ("met", 5.0, "correction")
    assert "from the work entries corrected by" in years["evidence"]
