"""Delivering webhooks to a real receiver on 127.0.0.1: signature, payload, retries, a dead
receiver, switching off after a day of failures, the requeue of lost deliveries."""

import datetime as dt
import logging

import pytest
import time_machine
from celery.exceptions import Retry
from django.core import mail
from django.db import transaction
from django.utils import timezone

from applications import workflow
from ats import queue
from tests.factories import make_application, make_job, stages
from tests.webhooks.conftest import SECRET
from webhooks import services, signing
from webhooks.models import DeliveryStatus, WebhookDelivery
from webhooks.tasks import deliver_webhook

STAGE_CHANGED = ["application.stage_changed"]


@pytest.fixture
def application(db, hr_decides_gates):
    return make_application(job=make_job())


def advance(application, hr_user, capture):
    """Move the application to its next stage, running what is enqueued on commit."""
    with capture(execute=True):
        return workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)


def later(**delta):
    return time_machine.travel(timezone.now() + dt.timedelta(**delta), tick=False)


def test_receiver_gets_a_signed_json_post_of_the_event(
    receiver, subscribe, application, hr_user, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, events=STAGE_CHANGED)

    advance(application, hr_user, django_capture_on_commit_callbacks)

    [request] = receiver.requests
    assert request.path == "/hooks/ats"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-ATS-Event"] == "application.stage_changed"
    now = int(timezone.now().timestamp())
    assert signing.verify(SECRET, request.headers["X-ATS-Signature"], request.body, now=now)
    payload = request.json
    assert set(payload) == {"id", "event", "created", "data"}
    assert payload["event"] == "application.stage_changed"
    assert payload["data"]["application_id"] == application.pk
    assert payload["data"]["to_stage"]["id"] == stages(application.job)[1].pk
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("sent", 1, 200)
    assert str(delivery.event_id) == payload["id"]
    assert request.headers["X-ATS-Event-Id"] == payload["id"]


def test_a_500_is_recorded_and_retried_until_the_receiver_answers_200(
    receiver, subscribe, application, hr_user, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, events=STAGE_CHANGED)
    receiver.answers = [500]

    advance(application, hr_user, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("pending", 1, 500)
    assert "HTTP 500" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    # Eager mode has no delayed retry: the requeue hands the due delivery back to Celery.
    with later(seconds=services.RETRY_FIRST_SECONDS + 181):
        assert queue.requeue_stale()["webhooks"] == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("sent", 2, 200)
    assert delivery.last_error == ""
    first, second = receiver.requests
    assert first.json["id"] == second.json["id"]


def test_with_a_worker_a_failure_asks_celery_to_retry_with_backoff(
    receiver, subscribe, hr_user, monkeypatch
):
    subscription = subscribe(receiver.url)
    receiver.answers = [503, 503]
    delivery = services.subscription_ping(actor=hr_user, subscription=subscription)
    asked = []

    def fake_retry(countdown):
        asked.append(countdown)
        return Retry()

    monkeypatch.setattr(deliver_webhook, "retry", fake_retry)

    with pytest.raises(Retry):
        deliver_webhook.run(delivery.pk)
    with later(seconds=31), pytest.raises(Retry):
        deliver_webhook.run(delivery.pk)

    assert asked == [30, 60]


def test_a_dead_receiver_never_breaks_the_move_and_its_failure_is_logged(
    dead_url, subscribe, application, hr_user, django_capture_on_commit_callbacks, caplog
):
    subscribe(dead_url, events=STAGE_CHANGED)

    with caplog.at_level(logging.WARNING, logger="webhooks"):
        moved = advance(application, hr_user, django_capture_on_commit_callbacks)

    application.refresh_from_db()
    assert application.stage == moved.stage == stages(application.job)[1]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.response_code is None
    assert "ConnectionRefused" in delivery.last_error
    assert any("failed" in r.getMessage() and dead_url in r.getMessage() for r in caplog.records)


def test_a_sent_delivery_is_not_sent_again_when_its_task_runs_twice(
    receiver, subscribe, hr_user, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.subscription_ping(actor=hr_user, subscription=subscription)

    deliver_webhook.apply(args=[delivery.pk])
    with later(hours=2):
        deliver_webhook.apply(args=[delivery.pk])

    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 1)


def test_a_delivery_deleted_during_its_attempt_is_left_alone(
    receiver, subscribe, hr_user, monkeypatch
):
    subscription = subscribe(receiver.url)
    delivery = services.subscription_ping(actor=hr_user, subscription=subscription)
    post = services._post

    def post_then_delete(claimed):
        answer = post(claimed)
        services.subscription_delete(actor=hr_user, subscription=subscription)
        return answer

    monkeypatch.setattr(services, "_post", post_then_delete)

    assert services.delivery_attempt(delivery_id=delivery.pk) is None
    assert len(receiver.requests) == 1
    assert not WebhookDelivery.objects.exists()


def test_a_delivery_being_attempted_is_not_claimed_by_a_twin_task(receiver, subscribe, hr_user):
    subscription = subscribe(receiver.url)
    delivery = services.subscription_ping(actor=hr_user, subscription=subscription)
    claimed = services._claim(delivery.pk)

    assert claimed is not None
    assert services.delivery_attempt(delivery_id=delivery.pk) is None
    assert receiver.requests == []


def test_the_address_is_checked_again_before_each_delivery(
    receiver, subscribe, hr_user, settings, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url)
    settings.WEBHOOK_ALLOWED_HOSTS = []

    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_ping(actor=hr_user, subscription=subscription)

    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert "internal address" in delivery.last_error


def test_a_redirect_is_not_followed(
    receiver, subscribe, hr_user, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url)
    receiver.answers = [302]

    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_ping(actor=hr_user, subscription=subscription)

    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_code) == ("pending", 302)
    assert len(receiver.requests) == 1


def test_a_day_of_failures_switches_the_subscription_off_and_tells_hr(
    dead_url, subscribe, hr_user, django_capture_on_commit_callbacks
):
    subscription = subscribe(dead_url)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.subscription_ping(actor=hr_user, subscription=subscription)
    subscription.refresh_from_db()
    assert subscription.failing_since is not None and subscription.active

    with later(hours=12):
        queue.requeue_stale()
        subscription.refresh_from_db()
        assert subscription.active
    with later(hours=24, minutes=5), django_capture_on_commit_callbacks(execute=True):
        queue.requeue_stale()

    subscription.refresh_from_db()
    assert not subscription.active
    assert "24 hours" in subscription.disabled_reason
    first.refresh_from_db()
    assert first.status == DeliveryStatus.FAILED
    assert first.attempts == 3
    [message] = mail.outbox
    assert message.to == [hr_user.email]
    assert dead_url in message.subject
    assert f"/hr/webhooks/{subscription.pk}/" in message.body


def test_a_success_clears_the_failing_clock(
    receiver, subscribe, hr_user, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url)
    receiver.answers = [500]
    with django_capture_on_commit_callbacks(execute=True):
        services.subscription_ping(actor=hr_user, subscription=subscription)
    subscription.refresh_from_db()
    assert subscription.failing_since is not None

    with later(minutes=5):
        queue.requeue_stale()

    subscription.refresh_from_db()
    assert subscription.failing_since is None


def test_a_switched_off_subscription_fails_its_pending_deliveries_unsent(
    receiver, subscribe, hr_user
):
    subscription = subscribe(receiver.url)
    delivery = services.subscription_ping(actor=hr_user, subscription=subscription)
    services.subscription_update(actor=hr_user, subscription=subscription, active=False)

    services.delivery_attempt(delivery_id=delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert receiver.requests == []


def test_a_delivery_whose_task_was_lost_is_requeued_after_a_few_minutes(
    receiver, subscribe, hr_user
):
    subscription = subscribe(receiver.url)
    # Outside `django_capture_on_commit_callbacks`: the task is never enqueued, as when the
    # broker is down at commit.
    delivery = services.subscription_ping(actor=hr_user, subscription=subscription)

    assert queue.requeue_stale()["webhooks"] == 0
    with later(minutes=4):
        assert queue.requeue_stale()["webhooks"] == 1

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT
    assert len(receiver.requests) == 1


def test_no_delivery_is_written_when_the_change_rolls_back(subscribe, application, hr_user):
    subscribe(events=STAGE_CHANGED)

    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.move(application, to_stage=stages(application.job)[1], actor=hr_user)
        raise RuntimeError("the rest of the change failed")

    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    ("attempts", "seconds"), [(1, 30), (2, 60), (3, 120), (8, 3600), (30, 3600)]
)
def test_retries_back_off_exponentially_up_to_an_hour(attempts, seconds):
    assert services.retry_delay(attempts) == seconds


def test_a_bulk_move_hands_its_deliveries_over_in_one_task_and_each_is_sent(
    receiver, subscribe, hr_user, django_capture_on_commit_callbacks, monkeypatch
):
    subscribe(receiver.url, events=STAGE_CHANGED)
    job = make_job()
    applications = [make_application(job=job) for _ in range(3)]
    handed: list[str] = []
    real_enqueue = queue.enqueue

    def enqueue(task, *args, **kwargs):
        handed.append(task if isinstance(task, str) else task.name)
        return real_enqueue(task, *args, **kwargs)

    monkeypatch.setattr(queue, "enqueue", enqueue)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.move_many(
            [a.pk for a in applications],
            actor=hr_user,
            to_stage=stages(job)[1],
            override=True,
            reason="bulk",
        )

    # One publish at commit; the task (eager here) hands each delivery to its own task.
    assert handed[0] == "webhooks.tasks.deliver_webhooks"
    assert handed.count("webhooks.tasks.deliver_webhooks") == 1
    assert handed.count(services.DELIVER_TASK) == 3
    sent = sorted(r.json["data"]["application_id"] for r in receiver.requests)
    assert sent == sorted(a.pk for a in applications)
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_delivery_the_fan_out_cannot_hand_over_stays_pending_for_the_requeue(
    receiver, subscribe, hr_user, monkeypatch
):
    from webhooks.tasks import deliver_webhooks

    subscription = subscribe(receiver.url)
    first, second = (
        services.subscription_ping(actor=hr_user, subscription=subscription) for _ in range(2)
    )
    calls: list[int] = []

    def apply_async(self, args=(), kwargs=None, **options):
        calls.append(args[0])
        if len(calls) == 1:
            raise ConnectionError("broker down")

    monkeypatch.setattr("celery.app.task.Task.apply_async", apply_async)
    assert deliver_webhooks([first.pk, second.pk]) == 1
    assert calls == [first.pk, second.pk]  # the second is still handed over
    first.refresh_from_db()
    assert first.status == DeliveryStatus.PENDING
