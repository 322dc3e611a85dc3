"""The one enqueue helper: never raises into the request; stale work is handed over again."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications.models import CVDocument
from ats import queue
from tests.applications.cv_support import make_cv
from tests.factories import make_application


class DeadBroker(Exception):
    pass


@pytest.fixture
def sent(monkeypatch):
    """Tasks handed to Celery, by name (nothing runs)."""
    calls: list[tuple[str, tuple]] = []

    def apply_async(self, args=(), kwargs=None, **options):
        calls.append((self.name, tuple(args)))

    monkeypatch.setattr("celery.app.task.Task.apply_async", apply_async)
    return calls


@pytest.fixture
def dead_broker(monkeypatch):
    def apply_async(self, *a, **kw):
        raise DeadBroker("connection refused")

    monkeypatch.setattr("celery.app.task.Task.apply_async", apply_async)


@pytest.mark.django_db
def test_enqueue_on_commit_waits_for_the_commit(sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queue.enqueue_on_commit("ats.tasks.health")
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [("ats.tasks.health", ())]


@pytest.mark.django_db
def test_a_dead_broker_is_logged_not_raised(
    dead_broker, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue.enqueue_on_commit("ats.tasks.health", 1)
    assert queue.enqueue("ats.tasks.health") is False
    assert "Could not enqueue ats.tasks.health" in caplog.text


@pytest.mark.django_db
def test_requeue_hands_over_only_cvs_pending_for_long(sent):
    old = make_cv(make_application(), status=CVDocument.ParseStatus.PENDING)
    CVDocument.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - timedelta(hours=1))
    make_cv(make_application(), status=CVDocument.ParseStatus.PENDING)  # just uploaded
    done = make_cv(make_application())
    CVDocument.objects.filter(pk=done.pk).update(uploaded_at=timezone.now() - timedelta(hours=1))

    counts = queue.requeue_stale(timedelta(minutes=5))

    assert counts["cv_parse"] == 1
    assert sent == [("applications.tasks.parse_cv_document", (old.pk,))]


@pytest.mark.django_db
def test_the_command_reports_per_kind(sent, capsys):
    old = make_cv(make_application(), status=CVDocument.ParseStatus.PENDING)
    CVDocument.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - timedelta(hours=1))
    call_command("requeue_stale", minutes=5)
    assert "cv_parse: 1 requeued" in capsys.readouterr().out


def test_beat_runs_the_requeue_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stale-work"]
    assert entry == {"task": "ats.tasks.requeue_stale", "schedule": 60.0}
