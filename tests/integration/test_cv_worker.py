"""A CV submitted online is parsed by a real worker, even when the worker dies mid-parse."""

import datetime as dt
import random
import time
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import services
from applications.models import CVDocument
from demo import cv_samples
from tests.applications.cvfiles import good_pdf
from tests.factories import make_job

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _submit(pdf: bytes, email: str) -> CVDocument:
    job = make_job(closes_on=dt.date(2099, 1, 1))
    result = services.application_submit(
        job=job,
        full_name="Ana Clara Silva",
        email=email,
        nationality="BR",
        cv_file=SimpleUploadedFile("cv.pdf", pdf),
        consent=True,
        submission_key=uuid.uuid4(),
    )
    return result.application.cv


def _wait_for(cv_id: int, status: str, seconds: float) -> CVDocument:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        cv = CVDocument.objects.get(pk=cv_id)
        if cv.parse_status == status:
            return cv
        time.sleep(0.1)
    pytest.fail(f"CV {cv_id} is still {cv.parse_status!r} after {seconds} s")


def _parser_running() -> bool:
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if b"applications.cv.runner" in cmdline.read_bytes():
                return True
        except OSError:
            continue
    return False


def test_submitted_cv_reaches_parsed(cv_worker):
    cv = _submit(good_pdf(3), "ana.silva@example.br")
    parsed = _wait_for(cv.pk, CVDocument.ParseStatus.PARSED, 60)
    assert parsed.parsed["name"]["value"]
    assert parsed.text


def test_killed_worker_does_not_lose_the_parse(cv_worker):
    # Kill the worker (and its pool) while the parser child is running.
    # (Starting the parser child alone takes ~0.2 s, so the window is wide enough.)
    profile = cv_samples.random_profile(random.Random(5), nationality="IN")
    pdf = cv_samples.render_cv(profile, layout="two_column", created=dt.date(2026, 1, 1))
    cv = _submit(pdf, "priya.iyer@example.in")
    deadline = time.monotonic() + 30
    while not _parser_running():
        assert time.monotonic() < deadline, "the parse never started"
        assert CVDocument.objects.get(pk=cv.pk).parse_status == "pending", "parsed too fast"
        time.sleep(0.002)
    cv_worker.kill()
    assert CVDocument.objects.get(pk=cv.pk).parse_status == CVDocument.ParseStatus.PENDING
    cv_worker.start()
    parsed = _wait_for(cv.pk, CVDocument.ParseStatus.PARSED, 120)
    assert parsed.parse_attempts == 1
