"""The demo's screening and exam evidence tells the story: 15 invited, 1 absent, 6 below, 8 on;
the open job has a blind screening queue with work in it and an examination to come."""

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.demo import EXPERT_REF, STAFF_REF, live_job
from applications.models import Application, JobOpening, StageEvent
from screening import marking, selectors
from screening.models import Evaluation, Exam, ScreeningDecision, Sitting, applicant_reference

# One worker loads the demo once for the whole package (see conftest.py), also under xdist.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_exam_results_match_the_story(demo):
    exam = Exam.objects.get(job__reference=STAFF_REF)
    rows = selectors.exam_rows(selectors.exam_list().get(pk=exam.pk))
    statuses = Counter(row.result.status for row in rows)
    assert len(rows) == 15
    assert statuses == {marking.PASSED: 8, marking.BELOW_MARK: 6, marking.ABSENT_STATUS: 1}
    passed = {row.sitting.application_id for row in rows if row.passed}
    reached_round_1 = set(
        StageEvent.objects.filter(
            application__job__reference=STAFF_REF, to_stage__name="Interview round 1"
        ).values_list("application_id", flat=True)
    )
    assert passed == reached_round_1


def test_rejections_at_the_exam_have_the_matching_reason(demo):
    exam = Exam.objects.get(job__reference=STAFF_REF)
    rows = selectors.exam_rows(selectors.exam_list().get(pk=exam.pk))
    reasons = {row.sitting.application_id: row.result.status for row in rows if not row.passed}
    rejected = dict(
        Application.objects.filter(pk__in=reasons).values_list("pk", "rejection_reason__code")
    )
    for pk, status in reasons.items():
        expected = "no-show" if status == marking.ABSENT_STATUS else "exam-below-pass"
        assert rejected[pk] == expected


def test_exam_is_late_january_beijing_time(demo):
    exam = Exam.objects.get(job__reference=STAFF_REF)
    assert exam.starts_at == dt.datetime(2019, 1, 26, 1, 0, tzinfo=dt.UTC)
    assert exam.time_zone == "Asia/Shanghai" and exam.pass_mark == 60
    assert exam.sections.count() == 3
    assert not Exam.objects.filter(job__reference=EXPERT_REF).exists()


def test_every_screened_application_has_a_decision_that_explains_it(demo):
    for reference, passed, failed in ((STAFF_REF, 15, 9), (EXPERT_REF, 15, None)):
        job = JobOpening.objects.get(reference=reference)
        decisions = Counter(
            ScreeningDecision.objects.filter(application__job=job).values_list(
                "decision", flat=True
            )
        )
        assert decisions["pass"] == passed
        rejected_in_screening = Application.objects.filter(
            job=job, status="rejected", stage__kind="screening"
        ).count()
        assert decisions["fail"] == rejected_in_screening
        if failed is not None:
            assert decisions["fail"] == failed


def test_host_nationals_are_screened_out_of_the_expert_call_with_the_reason(demo):
    notes = set(
        ScreeningDecision.objects.filter(
            application__job__reference=EXPERT_REF, application__candidate__nationality="CN"
        ).values_list("note", flat=True)
    )
    assert notes == {"PIFI is for non-Chinese nationals."}


def test_criteria_and_evaluations_are_recorded(demo):
    staff = JobOpening.objects.get(reference=STAFF_REF)
    assert staff.screening_criteria.blind and staff.screening_criteria.min_degree == "master"
    expert = JobOpening.objects.get(reference=EXPERT_REF)
    assert expert.screening_criteria.nationality_rule == "not_host"
    demo_applications = Application.objects.filter(job__in=[staff, expert])
    assert Evaluation.objects.filter(application__in=demo_applications).count() == 127
    chinese = Evaluation.objects.filter(
        application__job=expert, application__candidate__nationality="CN"
    )
    assert chinese.exists() and set(chinese.values_list("recommendation", flat=True)) == {"fail"}


# --- the open job ---------------------------------------------------------------------------


def test_the_open_job_screens_blind_and_every_application_is_evaluated(demo):
    job = live_job()
    criteria = job.screening_criteria
    assert criteria.blind and criteria.min_degree == "bachelor"
    assert criteria.min_years_experience == 3 and criteria.required_languages == ["English"]
    evaluations = Evaluation.objects.filter(application__job=job)
    assert evaluations.count() == 12
    assert set(evaluations.values_list("cv_read", flat=True)) == {True}
    assert set(evaluations.values_list("criteria_version", flat=True)) == {criteria.version}
    # The rules have something to say: most pass, the junior applicants do not.
    assert {"pass", "fail"} <= set(evaluations.values_list("recommendation", flat=True))


def test_the_open_jobs_screening_queue_has_undecided_applications(demo):
    job = live_job()
    hr = User.objects.get(username="hr")
    rows = selectors.queue_rows(job, job.screening_criteria, hr)
    assert len(rows) == 4
    assert sorted(row.summary.state for row in rows) == ["", "", "hold", "pass"]
    pending = selectors.queue_rows(job, job.screening_criteria, hr, pending_only=True)
    assert len(pending) == 2 and all(row.hidden for row in pending)
    # Everyone HR has moved on had a pass first (the gate held).
    moved_on = Application.objects.filter(
        job=job, stage__kind__in=["exam", "interview"]
    ).prefetch_related("screening_decisions")
    assert moved_on.count() == 4
    for application in moved_on:
        assert [d.decision for d in application.screening_decisions.all()] == ["pass"]


def test_the_open_jobs_queue_page_hides_who_the_undecided_are(demo):
    job = live_job()
    client = Client()
    client.force_login(User.objects.get(username="hr"))
    response = client.get(reverse("hr-screening", args=[job.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    hr = User.objects.get(username="hr")
    for row in selectors.queue_rows(job, job.screening_criteria, hr, pending_only=True):
        assert applicant_reference(row.application.pk) in page
        assert row.application.candidate.full_name not in page


def test_the_open_jobs_exam_is_in_about_ten_days_with_two_invited(demo):
    job = live_job()
    exam = Exam.objects.get(job=job)
    local = exam.starts_at.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert (local.weekday(), local.hour) == (5, 9)  # a Saturday morning in Beijing
    assert dt.timedelta(days=6) < exam.starts_at - timezone.now() < dt.timedelta(days=14)
    assert exam.pass_mark == 60 and exam.sections.count() == 3 and exam.venue
    sittings = Sitting.objects.filter(exam=exam)
    in_exam = set(
        Application.objects.filter(job=job, stage__kind="exam").values_list("pk", flat=True)
    )
    assert set(sittings.values_list("application_id", flat=True)) == in_exam and len(in_exam) == 2
    assert set(sittings.values_list("attendance", flat=True)) == {"invited"}
    assert all(s.invited_at < timezone.now() for s in sittings)
    assert selectors.exam_gate_refusal(Application.objects.get(pk=min(in_exam)))


def test_second_load_adds_no_screening_or_exam_rows(demo):
    def counts():
        return (
            ScreeningDecision.objects.count(),
            Evaluation.objects.count(),
            Exam.objects.count(),
            Sitting.objects.count(),
        )

    before = counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before
