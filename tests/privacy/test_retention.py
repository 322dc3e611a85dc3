"""Retention: who falls due, what keeps them, and `manage.py apply_retention`."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications import selectors, services, workflow
from applications.models import Candidate, ConsentRecord, JobOpening
from ats.actors import SYSTEM
from tests.factories import make_application, make_job, rejection_reason, stages

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def rejected(days_ago: int, **kw):
    application = make_application(submitted_at=_days_ago(days_ago + 10), **kw)
    return workflow.reject(
        application, rejection_reason=rejection_reason(), actor=SYSTEM, at=_days_ago(days_ago)
    )


def hired(days_ago: int):
    application = make_application(submitted_at=_days_ago(days_ago + 10))
    return workflow.move(
        application,
        to_stage=stages(application.job)[-1],
        actor=SYSTEM,
        override=True,
        reason="Hired",
        at=_days_ago(days_ago),
    )


def due_ids(**kw) -> list[int]:
    return [entry.candidate_id for entry in selectors.retention_due(now=timezone.now(), **kw)]


def test_rejected_longer_ago_than_the_retention_period_is_due():
    old = rejected(731)
    rejected(700)

    assert due_ids() == [old.candidate_id]


def test_hires_follow_their_own_period(settings):
    settings.HIRED_RETENTION_DAYS = 3650
    long_ago = hired(3651)
    hired(800)

    assert due_ids() == [long_ago.candidate_id]


def test_a_person_with_a_live_application_is_not_due():
    old = rejected(900)
    make_application(candidate=old.candidate)

    assert due_ids() == []


def test_an_application_left_in_a_closed_job_ends_when_the_job_closed():
    job = make_job(opens_on=dt.date(2018, 1, 1), closes_on=dt.date(2018, 2, 1))
    JobOpening.objects.filter(pk=job.pk).update(status=JobOpening.Status.CLOSED)
    left = make_application(job=job, submitted_at=_days_ago(3000))

    assert due_ids() == [left.candidate_id]


def test_a_talent_pool_consent_keeps_the_person_until_withdrawn():
    old = rejected(900)
    services.consent_record(
        application=old, purpose=ConsentRecord.Purpose.TALENT_POOL, text="Keep me", language="en"
    )
    assert due_ids() == []

    services.talent_pool_withdraw(application=old, actor=SYSTEM)

    assert due_ids() == [old.candidate_id]


def test_the_due_list_looks_ahead_and_names_holds(hr_user):
    soon = rejected(720)
    held = rejected(800)
    services.legal_hold_set(candidate=held.candidate, actor=hr_user, reason="Court order")

    rows = selectors.retention_due(now=timezone.now(), within_days=30)

    assert [(r.candidate_id, r.holds) for r in rows] == [
        (held.candidate_id, ["Held by HR: Court order"]),
        (soon.candidate_id, []),
    ]


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_who_would_go_and_changes_nothing():
    old = rejected(800)

    output = _run("--dry-run")

    assert f"would erase candidate {old.candidate_id}" in output
    assert "Would erase 1 candidate(s)" in output
    assert Candidate.objects.get(pk=old.candidate_id).erased_at is None


def test_the_run_erases_with_progress_and_a_second_run_changes_nothing(hr_user):
    first, second = rejected(800), rejected(900)
    kept = rejected(950)
    services.legal_hold_set(candidate=kept.candidate, actor=hr_user, reason="Court order")
    recent = rejected(10)

    output = _run()

    assert "[1/2] erased candidate" in output and "[2/2] erased candidate" in output
    assert f"kept candidate {kept.candidate_id}" in output
    erased = set(Candidate.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {first.candidate_id, second.candidate_id}
    assert Candidate.objects.get(pk=recent.candidate_id).erased_at is None
    assert "Erased 0 candidate(s)" in _run()


def test_the_retention_job_erases_as_the_retention_actor():
    old = rejected(800)

    services.retention_apply()

    record = Candidate.objects.get(pk=old.candidate_id).erasures.get()
    assert (record.by, record.by_label, record.automatic) == (None, "retention", True)


@pytest.mark.parametrize("count", [2, 6])
def test_the_due_list_costs_the_same_queries_at_any_size(
    count, hr_api, django_assert_max_num_queries
):
    for days in range(count):
        rejected(720 + days)

    with django_assert_max_num_queries(6):
        response = hr_api.get("/api/candidates/retention-due/")

    assert response.status_code == 200
    assert len(response.json()) == count


def test_the_daily_task_erases_who_is_due():
    from applications import tasks

    old = rejected(800)

    assert tasks.apply_retention.delay().get() == 1
    assert Candidate.objects.get(pk=old.candidate_id).erased_at is not None


def test_the_beat_schedule_runs_retention_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["personal-data-retention"]
    assert entry["task"] == "applications.tasks.apply_retention"
