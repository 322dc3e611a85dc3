"""The outbox with real brokers and workers: an application made while the broker is down is
answered 201 and its CV parse and status e-mail follow once the broker and a worker are back
(through the periodic requeue only); a worker killed in the middle of a batch of messages
sends none of the already-sent ones again."""

import datetime as dt
import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from applications.models import Application, CVDocument
from ats import queue
from ats.celery import app as celery_app
from ats.tasks import requeue_stale
from messaging import services
from messaging.models import OutboxMessage
from tests.applications.cvfiles import good_pdf, upload
from tests.factories import make_job
from tests.integration.conftest import Worker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _point_web_side_at(url: str) -> None:
    """Make this process publish to `url` (Celery prefers the environment's broker URL)."""
    os.environ["CELERY_BROKER_URL"] = url
    celery_app.conf["CELERY_BROKER_URL"] = url
    celery_app._pool = None  # type: ignore[attr-defined]  # rebuilt for the new URL
    celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]


class PrivateBroker:
    """A Redis of our own on a free port: stopped until `start()`."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - a redis-server for this test only
            ["redis-server", "--port", str(self.port), "--save", "", "--appendonly", "no"],  # noqa: S607
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        pytest.fail("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def private_broker(worker_env):
    broker = PrivateBroker()
    before = os.environ.get("CELERY_BROKER_URL", "")
    _point_web_side_at(broker.url)
    try:
        yield broker
    finally:
        _point_web_side_at(before)
        broker.stop()


def _mails(folder: Path) -> str:
    return "".join(p.read_text() for p in folder.iterdir())


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.2)
    pytest.fail(f"{what} within {seconds} s")


def test_applying_with_the_broker_down_then_everything_follows(
    private_broker, worker_env, worker_mail_dir, settings
):
    settings.MEDIA_ROOT = Path(worker_env["MEDIA_ROOT"])
    job = make_job(reference="SEC-OUT-1", closes_on=dt.date(2099, 1, 1))
    response = APIClient().post(
        reverse("public-apply", args=[job.reference]),
        {
            "full_name": "Lan Nguyen",
            "email": "lan.outage@example.vn",
            "consent": "true",
            "cv": upload(good_pdf(11)),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    application = Application.objects.get(job=job)
    cv = CVDocument.objects.get(application=application)
    assert cv.parse_status == CVDocument.ParseStatus.PENDING
    [message] = OutboxMessage.objects.filter(application=application)
    assert message.status == OutboxMessage.Status.QUEUED

    private_broker.start()
    env = {**worker_env, "CELERY_BROKER_URL": private_broker.url}
    worker = Worker(
        f"{settings.CELERY_TASK_DEFAULT_QUEUE},{settings.CELERY_CV_QUEUE}", "outage-test", env
    ).start()
    try:
        # What beat runs every minute; the cut-off is passed so the test need not wait 3 min.
        counts = queue.requeue_stale(dt.timedelta(seconds=0))
        assert counts["messages"] == 1 and counts["cv_parse"] == 1
        assert requeue_stale.name in settings.CELERY_BEAT_SCHEDULE["requeue-stale-work"]["task"]
        _wait(
            lambda: OutboxMessage.objects.get(pk=message.pk).status == "sent",
            60,
            "the status e-mail was not sent",
        )
        _wait(
            lambda: CVDocument.objects.get(pk=cv.pk).parse_status != "pending",
            90,
            "the CV was not parsed",
        )
    finally:
        worker.stop()
    assert CVDocument.objects.get(pk=cv.pk).parse_status == CVDocument.ParseStatus.PARSED
    sent = _mails(worker_mail_dir)
    assert "lan.outage@example.vn" in sent and "/status/" in sent


def test_a_worker_killed_mid_batch_never_resends_what_it_sent(
    celery_worker_process, worker_env, worker_mail_dir, settings
):
    celery_worker_process.stop()  # this test runs and kills its own worker
    try:
        sent_before, messages, n = _kill_mid_batch_and_resume(worker_env, settings)
    finally:
        celery_worker_process.start()  # the session's worker, for the tests after this one
    mails = _mails(worker_mail_dir)
    for address in sent_before:
        assert len(re.findall(rf"^To: {re.escape(address)}$", mails, re.MULTILINE)) == 1
    assert all(m.pk for m in messages)


def _kill_mid_batch_and_resume(worker_env, settings):
    # The worker starts sending while it is still answering the start-up ping, and a send is a
    # few milliseconds: a batch must outlast the start-up for the kill to land in its middle.
    n = 1000
    messages = [
        services.message_queue(
            kind="scorecard_reminder",
            to=f"panel{i}@example.org",
            language="en",
            context={"name": f"Member {i}", "title": "Interview"},
        )
        for i in range(n)
    ]
    worker = Worker(settings.CELERY_TASK_DEFAULT_QUEUE, "killed-test", worker_env).start()
    try:
        _wait(
            lambda: OutboxMessage.objects.filter(status="sent").count() >= 5,
            60,
            "the worker sent nothing",
        )
    finally:
        worker.kill()  # SIGKILL, as an OOM kill would
    sent_before = set(OutboxMessage.objects.filter(status="sent").values_list("to", flat=True))
    assert 0 < len(sent_before) < n, "the batch finished before the kill: nothing was tested"
    worker = Worker(settings.CELERY_TASK_DEFAULT_QUEUE, "killed-test-2", worker_env).start()
    try:
        queue.requeue_stale(dt.timedelta(seconds=0))  # every queued one, again
        _wait(
            lambda: OutboxMessage.objects.filter(status="sent").count() == n,
            180,
            "not every message was sent after the restart",
        )
    finally:
        worker.stop()
    return sent_before, messages, n
