"""Twenty threads move the same application at once: one wins per version, the rest conflict."""

import threading

import pytest
from django.db import connection, connections

from applications import workflow
from applications.models import Application, StageEvent
from ats.errors import ConflictError
from tests.factories import make_application, stages

THREADS = 20
pytestmark = pytest.mark.usefixtures("hr_decides_gates")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_moves_one_winner_per_version(hr_user):
    application = make_application()
    target = stages(application.job)[1]
    version = application.version
    barrier = threading.Barrier(THREADS)
    results: list[str] = []
    lock = threading.Lock()

    def attempt():
        try:
            mine = Application.objects.get(pk=application.pk)
            barrier.wait(timeout=30)
            workflow.move(mine, to_stage=target, actor=hr_user, expected_version=version)
            outcome = "won"
        except ConflictError:
            outcome = "conflict"
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    print(f"database vendor: {connection.vendor}")
    assert len(results) == THREADS
    assert results.count("won") == 1
    assert results.count("conflict") == THREADS - 1
    moves = StageEvent.objects.filter(application=application, kind=StageEvent.Kind.MOVED)
    assert moves.count() == 1
    assert Application.objects.get(pk=application.pk).version == version + 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_moves_without_expected_version_apply_once(hr_user):
    """Everyone asks for the same target: the first moves it, the others find nothing to do."""
    application = make_application()
    target = stages(application.job)[1]
    barrier = threading.Barrier(THREADS)
    errors: list[Exception] = []

    def attempt():
        try:
            mine = Application.objects.get(pk=application.pk)
            barrier.wait(timeout=30)
            workflow.move(mine, to_stage=target, actor=hr_user)
        except ConflictError as exc:  # a lost race is an acceptable, clear answer
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    events = StageEvent.objects.filter(application=application, kind=StageEvent.Kind.MOVED)
    assert events.count() == 1
    assert Application.objects.get(pk=application.pk).version == 2
