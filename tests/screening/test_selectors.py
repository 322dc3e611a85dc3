"""Read queries of screening and the exam (screening.selectors)."""

from decimal import Decimal

import pytest

from screening import selectors, services
from screening.models import Evaluation
from tests.factories import CandidateFactory, UserFactory, make_application, make_job
from tests.screening.support import exam_for, in_stage, invited, screening_application

pytestmark = pytest.mark.django_db


def test_summary_keeps_each_reviewers_latest(hr_user):
    other = UserFactory(groups=["hr"])
    application = screening_application(hr_user)
    services.decision_record(application=application, actor=hr_user, decision="hold")
    services.decision_record(application=application, actor=other, decision="pass")
    services.decision_record(application=application, actor=hr_user, decision="pass")
    summary = selectors.application_decisions(application)
    assert [d.decision for d in summary.history] == ["hold", "pass", "pass"]
    assert sorted(d.decision for d in summary.latest) == ["pass", "pass"]
    assert summary.is_pass and summary.refusal() is None


def test_an_evaluation_is_stale_once_the_criteria_change(hr_user):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, min_degree="master")
    application = screening_application(hr_user, job=job)
    services.evaluations_run_for_job(job_id=job.pk)
    evaluation = Evaluation.objects.get(application=application)
    assert not selectors.evaluation_stale(evaluation, selectors.criteria_for_job(job))
    services.criteria_save(job=job, actor=hr_user, min_degree="phd")  # re-run not yet done
    assert selectors.evaluation_stale(evaluation, selectors.criteria_for_job(job))


def test_a_job_without_saved_criteria_reads_as_version_zero(hr_user):
    application = screening_application(hr_user)
    services.evaluations_run_for_job(job_id=application.job_id)
    evaluation = Evaluation.objects.get(application=application)
    assert evaluation.criteria_version == 0
    assert not selectors.evaluation_stale(evaluation, selectors.criteria_for_job(application.job))


def screened(application, user):
    row = selectors.evaluation_list().get(application=application)
    return selectors.screened_applicant(row.application, user)


def test_the_screened_applicant_of_a_blind_job_is_hidden_until_the_reader_decides(hr_user):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, blind=True)
    candidate = CandidateFactory(full_name="Ngozi Okafor", nationality="NG")
    application = screening_application(hr_user, job=job, candidate=candidate)
    services.evaluations_run_for_job(job_id=job.pk)

    hidden = screened(application, hr_user)
    assert (hidden.hidden, hidden.name, hidden.email, hidden.nationality) == (
        True,
        None,
        None,
        None,
    )
    assert hidden.reference == f"A-{application.pk:04d}"
    assert hidden.mask is not None and "Ngozi" not in hidden.mask("Ngozi Okafor, GIS")

    services.decision_record(application=application, actor=hr_user, decision="hold")
    assert screened(application, hr_user).hidden  # a hold keeps it hidden
    services.decision_record(application=application, actor=hr_user, decision="pass")
    shown = screened(application, hr_user)
    assert (shown.hidden, shown.name, shown.nationality, shown.mask) == (
        False,
        "Ngozi Okafor",
        "NG",
        None,
    )
    assert screened(application, UserFactory(groups=["hr"])).hidden  # not for another reader


def test_a_nationality_rule_keeps_the_nationality_shown(hr_user):
    job = make_job()
    services.criteria_save(
        job=job, actor=hr_user, blind=True, nationality_rule="not_host", host_country="CN"
    )
    application = screening_application(
        hr_user, job=job, candidate=CandidateFactory(nationality="DE")
    )
    services.evaluations_run_for_job(job_id=job.pk)
    applicant = screened(application, hr_user)
    assert (applicant.hidden, applicant.name, applicant.nationality) == (True, None, "DE")


def test_the_next_undecided_application_wraps_round(hr_user):
    job = make_job()
    first, second, third = (screening_application(hr_user, job=job) for _ in range(3))
    services.decision_record(application=second, actor=hr_user, decision="pass")
    rows = selectors.queue_rows(job, selectors.criteria_for_job(job), hr_user)
    assert selectors.next_undecided(rows, hr_user, first.pk) == third.pk
    assert selectors.next_undecided(rows, hr_user, third.pk) == first.pk
    services.decision_record(application=first, actor=hr_user, decision="fail")
    rows = selectors.queue_rows(job, selectors.criteria_for_job(job), hr_user)
    assert selectors.next_undecided(rows, hr_user, third.pk) is None


def test_uninvited_are_the_active_applications_of_the_exam_stage_not_yet_invited(hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    waiting = in_stage(make_application(job=exam.job), "exam", hr_user)
    in_stage(make_application(job=exam.job), "screening", hr_user)
    assert list(selectors.exam_uninvited(exam)) == [waiting]
    assert sitting.application not in selectors.exam_uninvited(exam)


def test_the_exam_outcome_counts_and_names_who_may_move_on(hr_user):
    exam = exam_for(make_job(), hr_user)
    good, weak, away = invited(exam, hr_user, count=3)
    section_a, section_b = exam.sections.order_by("position")
    services.sitting_attendance_set(sitting=away, actor=hr_user, attendance="absent")
    services.marks_save(
        exam=exam,
        actor=hr_user,
        entries=[
            services.ScoreEntry(good, section_a, "first", Decimal(30)),
            services.ScoreEntry(good, section_b, "first", Decimal(50)),
            services.ScoreEntry(weak, section_a, "first", Decimal(10)),
            services.ScoreEntry(weak, section_b, "first", Decimal(20)),
        ],
    )
    outcome = selectors.exam_outcome(exam)
    assert outcome.counts == {"invited": 3, "present": 2, "absent": 1, "excused": 0, "passed": 1}
    assert outcome.movable == [good.application_id]
    assert [r.sitting.pk for r in outcome.rows][:2] == [good.pk, weak.pk]  # by rank
