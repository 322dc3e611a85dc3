"""Twenty threads move the same application at once: one wins per version, the rest conflict."""

import threading
import uuid

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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_posts_of_one_form_give_one_application_and_no_orphans(settings, tmp_path):
    """The same form (one submission key) posted twenty times at once, even with different
    addresses: one application, every post answered with it, no candidate left behind."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications import services
    from applications.models import Candidate
    from tests.applications.cvfiles import good_pdf
    from tests.factories import make_job

    settings.MEDIA_ROOT = tmp_path / "media"
    job = make_job(closes_on=None)
    key, pdf = uuid.uuid4(), good_pdf(3)
    barrier = threading.Barrier(THREADS)
    outcomes: list[object] = []
    lock = threading.Lock()

    def post(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            result = services.application_submit(
                job=job,
                full_name=f"Applicant {n}",
                email=f"applicant{n}@example.org",
                cv_file=SimpleUploadedFile("cv.pdf", pdf, "application/pdf"),
                consent=True,
                submission_key=key,
            )
            outcome: object = result.application.pk
        except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
            outcome = exc
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    print(f"database vendor: {connection.vendor}")
    (application,) = Application.objects.filter(job=job)
    assert outcomes == [application.pk] * THREADS
    assert Candidate.objects.count() == 1
