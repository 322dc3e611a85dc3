"""Acceptance: a hired demo candidate erased leaves no trace of their name, e-mail or phone in
any column of any table nor in any file, and every report counts the same afterwards."""

import datetime as dt
import hashlib

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType

from applications import selectors, services
from applications.demo import EXPERT_REF, STAFF_REF, live_job
from applications.models import (
    Application,
    Candidate,
    CVDocument,
    ErasureRecord,
    JobOpening,
    StageEvent,
)
from ats.errors import ConflictError
from interviews.models import Interview, Rating, RoundDecision, Scorecard
from programs.models import CaseDocument, CaseStatus, ExpertCase
from screening.models import Exam, ScreeningDecision
from screening.selectors import exam_outcome
from tests.privacy.scan import columns_scanned, database_hits, media_hits

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _reports() -> dict:
    jobs = list(JobOpening.objects.filter(reference__in=[STAFF_REF, EXPERT_REF]))
    live = live_job()
    if live is not None:
        jobs.append(live)
    report: dict = {}
    for job in jobs:
        report[job.reference] = {
            "funnel": [
                (row.stage.name, row.reached, row.conversion, row.current, row.avg_days)
                for row in selectors.job_funnel(job, now=NOW)
            ],
            "channels": selectors.job_channel_yield(job),
            "time_to_hire": selectors.job_time_to_hire_days(job),
            "rejections": sorted(
                Application.objects.filter(job=job, status="rejected").values_list(
                    "rejection_reason__code", flat=True
                )
            ),
        }
    for exam in Exam.objects.all():
        outcome = exam_outcome(exam)
        report[f"exam {exam.pk}"] = (
            outcome.counts,
            [(r.sitting.candidate_number, r.result.total, r.result.rank) for r in outcome.rows],
        )
    report["ratings"] = sorted(Rating.objects.values_list("pk", "score"))
    report["recommendations"] = sorted(Scorecard.objects.values_list("pk", "recommendation"))
    return report


def _hired_candidate() -> Candidate:
    """A hired demo candidate whose name no other person or user shares."""
    hired = Candidate.objects.filter(applications__status="hired").order_by("pk")
    names = [c.full_name.casefold() for c in Candidate.objects.all()] + [
        u.get_full_name().casefold() for u in User.objects.all()
    ]
    for candidate in hired:
        name = candidate.full_name.casefold()
        if sum(name in other for other in names) == 1:
            return candidate
    raise AssertionError("no hired candidate with a name of their own")


def _written_about(candidate: Candidate, hr) -> None:
    """Put the person's name and address in every free-text place staff might type them."""
    mention = f"Spoke to {candidate.full_name} ({candidate.email}, {candidate.phone})"
    mine = {"application__candidate": candidate}
    StageEvent.objects.filter(**mine).update(reason=mention)
    ScreeningDecision.objects.filter(**mine).update(note=mention)
    Interview.objects.filter(**mine).update(status_note=mention)
    Scorecard.objects.filter(interview__application__candidate=candidate).update(notes=mention)
    Rating.objects.filter(scorecard__interview__application__candidate=candidate).update(
        notes=mention
    )
    RoundDecision.objects.filter(**mine).update(note=mention)
    Application.objects.filter(candidate=candidate).update(answers={"why": mention})
    LogEntry.objects.create(
        user=hr,
        content_type=ContentType.objects.get_for_model(Candidate),
        object_id=str(candidate.pk),
        object_repr=str(candidate),
        action_flag=CHANGE,
        change_message=mention,
    )
    case = ExpertCase.objects.filter(**mine).first()
    if case is not None:
        # The case ended, so it no longer holds the person's data.
        ExpertCase.objects.filter(pk=case.pk).update(
            status=CaseStatus.ENDED, passport_number="E12345678", notes=mention
        )
        CaseDocument.objects.filter(case=case).update(notes=mention)


def test_erasing_a_hired_candidate_leaves_no_trace_and_keeps_every_report(
    demo, hr_user, django_capture_on_commit_callbacks
):
    assert len(columns_scanned()) > 100
    candidate = _hired_candidate()
    _written_about(candidate, hr_user)
    needles = [candidate.full_name, candidate.email, candidate.phone]
    digests = {
        hashlib.sha256(cv.file.read()).hexdigest()
        for cv in CVDocument.objects.filter(application__candidate=candidate)
    }
    assert digests
    assert database_hits(needles), "the scan finds the person before erasure"
    assert media_hits(needles, digests)
    before = _reports()

    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_erase(candidate=candidate, actor=hr_user, reason="Asked to be erased")

    assert database_hits(needles) == []
    assert media_hits(needles, digests) == []
    assert _reports() == before
    record = ErasureRecord.objects.get(candidate=candidate)
    assert (record.by, record.reason) == (hr_user, "Asked to be erased")
    assert Candidate.objects.get(pk=candidate.pk).erased_at is not None
    assert Application.objects.filter(candidate=candidate).count() == record.application_count


def test_erasure_is_refused_while_a_foreign_expert_case_is_open(demo, hr_user):
    case = ExpertCase.objects.exclude(status__in=["ended", "withdrawn"]).first()
    assert case is not None
    candidate = case.application.candidate

    with pytest.raises(ConflictError) as refused:
        services.candidate_erase(candidate=candidate, actor=hr_user, reason="Asked")

    assert refused.value.code == "legal_hold"
    assert "foreign-expert case" in refused.value.message
    assert Candidate.objects.get(pk=candidate.pk).erased_at is None
    assert not ErasureRecord.objects.exists()
