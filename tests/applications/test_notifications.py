"""What applicants hear of their application, through the outbox: one message per event they
should know of, per-stage choice, rejections held, delayed, never sent twice; their language."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications import workflow
from applications.models import JobStage, StageKind
from messaging import services as messaging
from messaging.models import OutboxMessage
from tests.factories import make_application, make_job, rejection_reason, stages

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def _to_applicant(application):
    return list(OutboxMessage.objects.filter(application=application).order_by("id"))


def _stage(job, kind):
    return job.stages.filter(kind=kind).order_by("position").first()


def test_entering_a_stage_notifies_when_its_flag_is_on(hr_user):
    application = make_application()
    workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)
    [message] = _to_applicant(application)
    assert message.kind == "stage_entered" and "Under review" in message.subject


def test_entering_a_stage_whose_flag_is_off_sends_nothing(hr_user):
    application = make_application()
    screening = stages(application.job)[1]
    JobStage.objects.filter(pk=screening.pk).update(notify_applicant=False)
    screening.refresh_from_db()
    workflow.move(application, to_stage=screening, actor=hr_user)
    assert _to_applicant(application) == []


def test_exam_and_interview_stages_are_silent_by_default_they_send_invitations():
    job = make_job()
    flags = {s.kind: s.notify_applicant for s in job.stages.all()}
    assert flags[StageKind.EXAM] is False and flags[StageKind.INTERVIEW] is False
    assert flags[StageKind.SCREENING] and flags[StageKind.OFFER] and flags[StageKind.HIRED]


def test_entering_the_offer_stage_sends_the_offer_wording(hr_user):
    application = make_application()
    workflow.move(
        application,
        to_stage=_stage(application.job, StageKind.OFFER),
        actor=hr_user,
        override=True,
        reason="setup",
    )
    [message] = _to_applicant(application)
    assert message.kind == "offer"


def test_a_stage_can_have_its_own_wording(hr_user):
    application = make_application()
    screening = stages(application.job)[1]
    messaging.template_save(
        actor=hr_user,
        kind="stage_entered",
        key=str(screening.pk),
        language="en",
        subject="We are reading your CV, {name}",
        body="Dear {name}",
    )
    workflow.move(application, to_stage=screening, actor=hr_user)
    [message] = _to_applicant(application)
    assert message.subject == f"We are reading your CV, {application.candidate.full_name}"


def test_reopening_and_rejecting_again_does_not_resend_the_rejection(
    hr_user, django_capture_on_commit_callbacks
):
    application = make_application()
    reason = rejection_reason()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject(application, rejection_reason=reason, actor=hr_user)
        workflow.reopen(application, actor=hr_user, reason="mistake")
        workflow.reject(application, rejection_reason=reason, actor=hr_user)
    kinds = [m.kind for m in _to_applicant(application)]
    assert kinds == ["rejection", "status_changed"]
    assert [m.subject for m in mail.outbox].count(mail.outbox[0].subject) == 1


def test_a_held_rejection_waits_for_hr_who_previews_and_releases_it(
    hr_user, hr_client, django_capture_on_commit_callbacks
):
    application = make_application()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.reject(
            application,
            rejection_reason=rejection_reason(),
            actor=hr_user,
            notify=workflow.Notify(hold=True),
        )
    [message] = _to_applicant(application)
    assert message.status == Status.HELD and mail.outbox == []
    page = hr_client.get(reverse("hr-application", args=[application.pk])).content.decode()
    assert "After careful consideration" in page  # the body as it will go
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(reverse("hr-message-release", args=[message.pk]))
    assert len(mail.outbox) == 1


def test_a_delayed_rejection_goes_after_the_delay(hr_user, hr_client):
    application = make_application()
    before = timezone.now()
    hr_client.post(
        reverse("hr-application-reject", args=[application.pk]),
        {
            "rejection_reason": rejection_reason().pk,
            "message": "delay",
            "delay_days": "2",
        },
    )
    [message] = _to_applicant(application)
    assert message.status == Status.QUEUED
    assert message.send_after >= before + dt.timedelta(days=2)
    assert messaging.message_send(message_id=message.pk) == "not_due"


def test_bulk_reject_sends_one_message_per_applicant(hr_client, django_capture_on_commit_callbacks):
    job = make_job()
    chosen = [make_application(job=job) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(
            reverse("hr-job-bulk-reject", args=[job.pk]),
            {"applications": [a.pk for a in chosen], "rejection_reason": rejection_reason().pk},
        )
    assert response.status_code == 200  # the per-application report
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.candidate.email for a in chosen)
    assert {m.kind for m in OutboxMessage.objects.all()} == {"rejection"}


def test_bulk_reject_can_hold_every_message(hr_client):
    job = make_job()
    chosen = [make_application(job=job) for _ in range(2)]
    hr_client.post(
        reverse("hr-job-bulk-reject", args=[job.pk]),
        {
            "applications": [a.pk for a in chosen],
            "rejection_reason": rejection_reason().pk,
            "message": "hold",
        },
    )
    assert [m.status for m in OutboxMessage.objects.all()] == [Status.HELD, Status.HELD]


def test_an_applicant_who_applied_in_chinese_is_written_to_in_chinese(hr_user):
    application = make_application(language="zh-hans")
    workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)
    [message] = _to_applicant(application)
    assert message.language == "zh-hans" and "申请" in message.subject


def test_back_moves_send_nothing(hr_user):
    application = make_application()
    workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)
    workflow.move(application, to_stage=stages(application.job)[0], actor=hr_user, reason="oops")
    assert len(_to_applicant(application)) == 1
