"""An applicant who applies while the broker is down gets their answer (201) and, once the
broker is back, their status e-mail: the outbox row waits for the periodic requeue."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from applications.models import Application
from ats import queue
from messaging.models import OutboxMessage
from tests.applications.test_careers_api import submit
from tests.factories import make_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(monkeypatch):
    """A broker that is down until `broker.up = True`; tasks then run in-process (eager)."""
    from celery.app.task import Task

    real = Task.apply_async

    class Broker:
        up = False

    state = Broker()

    def apply_async(self, *args, **kwargs):
        if not state.up:
            raise OperationalError("[Errno 111] Connection refused")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Task, "apply_async", apply_async)
    return state


def test_applying_with_the_broker_down_answers_201_and_the_mail_follows(
    anon_api, broker, django_capture_on_commit_callbacks
):
    job = make_job(reference="SEC-1", closes_on=dt.date(2099, 1, 1))
    response = submit(anon_api, job, django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.content
    application = Application.objects.get()
    [message] = OutboxMessage.objects.filter(application=application)
    assert message.status == OutboxMessage.Status.QUEUED and mail.outbox == []
    assert "/status/" not in message.body  # no secret link stored
    # Still down: the requeue hands nothing over and loses nothing.
    OutboxMessage.objects.update(created_at=timezone.now() - dt.timedelta(minutes=10))
    assert queue.requeue_stale()["messages"] == 0
    broker.up = True
    assert queue.requeue_stale()["messages"] == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    [sent] = mail.outbox
    assert sent.to == ["lan.nguyen@example.vn"] and "/status/" in sent.body


def test_applying_in_chinese_records_the_language(anon_api, django_capture_on_commit_callbacks):
    job = make_job(reference="SEC-2", closes_on=dt.date(2099, 1, 1))
    anon_api.credentials(HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert submit(anon_api, job, django_capture_on_commit_callbacks).status_code == 201
    application = Application.objects.get()
    assert application.language == "zh-hans"
    [sent] = mail.outbox
    assert "申请" in sent.subject
