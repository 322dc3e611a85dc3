"""Reviewer decisions: recorded while in screening, append-only, the bulk pass of recommended
(screening.services.decisions)."""

import pytest

from ats.errors import DomainError
from screening import services
from screening.models import ScreeningCriteria, ScreeningDecision
from tests.factories import make_application, make_job
from tests.screening.support import in_stage, make_cv, screening_application

pytestmark = pytest.mark.django_db


def test_decision_is_recorded_with_its_note(hr_user):
    application = screening_application(hr_user)
    decision = services.decision_record(
        application=application, actor=hr_user, decision="fail", note=" No master's degree "
    )
    assert (decision.reviewer, decision.decision, decision.note) == (
        hr_user,
        "fail",
        "No master's degree",
    )


def test_interviewers_cannot_decide(interviewer, hr_user):
    application = screening_application(hr_user)
    with pytest.raises(DomainError):
        services.decision_record(application=application, actor=interviewer, decision="pass")
    assert not ScreeningDecision.objects.exists()


def test_decisions_only_while_in_screening(hr_user):
    application = make_application()  # still in "Application received"
    with pytest.raises(DomainError, match="while the application is in screening"):
        services.decision_record(application=application, actor=hr_user, decision="pass")
    exam = in_stage(application, "exam", hr_user)
    with pytest.raises(DomainError):
        services.decision_record(application=exam, actor=hr_user, decision="pass")


def test_unknown_decision_is_refused(hr_user):
    application = screening_application(hr_user)
    with pytest.raises(DomainError) as refused:
        services.decision_record(application=application, actor=hr_user, decision="maybe")
    assert refused.value.field == "decision"


def test_decisions_are_append_only(hr_user):
    application = screening_application(hr_user)
    decision = services.decision_record(application=application, actor=hr_user, decision="pass")
    decision.decision = "fail"
    with pytest.raises(ValueError):
        decision.save()
    with pytest.raises(ValueError):
        decision.delete()


def test_pass_every_recommended_records_one_decision_each_and_reports(hr_user):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, min_degree="master")
    good = [screening_application(hr_user, job=job) for _ in range(2)]
    weak = screening_application(hr_user, job=job)
    silent = screening_application(hr_user, job=job)
    for application in good:
        make_cv(application, degree="phd")
    make_cv(weak, degree="bachelor")
    make_cv(silent, degree=None)
    services.evaluations_run_for_job(job_id=job.pk)

    report = services.decisions_pass_recommended(job=job, actor=hr_user)

    by_id = {o.application_id: o for o in report}
    assert {pk for pk, o in by_id.items() if o.recorded} == {a.pk for a in good}
    assert "recommend “Fail”" in by_id[weak.pk].message
    assert "recommend “Needs review”" in by_id[silent.pk].message
    decisions = ScreeningDecision.objects.filter(from_recommendation=True)
    assert sorted(d.application_id for d in decisions) == sorted(a.pk for a in good)
    # Once more: nothing new, each says why.
    again = services.decisions_pass_recommended(job=job, actor=hr_user)
    assert not any(o.recorded for o in again)
    assert ScreeningDecision.objects.count() == 2


def test_pass_every_recommended_skips_evaluations_of_older_criteria(hr_user):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, min_degree="master")
    application = screening_application(hr_user, job=job)
    make_cv(application, degree="phd")
    services.evaluations_run_for_job(job_id=job.pk)
    # The criteria change and the re-evaluation has not run yet.

    ScreeningCriteria.objects.filter(job=job).update(version=2)
    (outcome,) = services.decisions_pass_recommended(job=job, actor=hr_user)
    assert not outcome.recorded and "criteria changed" in outcome.message
