"""The SQL statements of one public submission (applications/services/submission.py): each
lookup once, one insert per row, and a cost that does not grow with the namesakes on file.

Counted in a test transaction on SQLite: the service's transaction is a savepoint here (two
statements), and PostgreSQL adds one for its advisory locks. Before the lean path: 28
statements (API, CV and an answer) and 4 more per earlier namesake (108 with 20 of them);
bench/apply.py prints the PostgreSQL figures."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, JobQuestion, PossibleDuplicate
from applications.services.candidates import DUPLICATE_FLAGS_MAX
from tests.applications.cvfiles import good_pdf, upload
from tests.factories import CandidateFactory, make_job

pytestmark = pytest.mark.django_db

# One API submission with a CV and an answer, the e-mail template already in use (the last
# of them the UPDATE that counts it in its first stage's tally).
API_SUBMIT_STATEMENTS = 19
# The same through the careers page, from a link with `?source=` (its channel read once).
FORM_SUBMIT_STATEMENTS = 19


@pytest.fixture
def job(private_media):
    job = make_job(reference="SEC-2026-07", title="Data Officer", closes_on=dt.date(2099, 1, 1))
    job.question_id = JobQuestion.objects.create(job=job, label="Years", kind="number").pk
    return job


def api_submit(client, job, n: int, *, name: str = ""):
    data = {
        "full_name": name or f"Applicant Number {n}",
        "email": f"applicant{n}@example.org",
        "phone": f"+49 151 {2000000 + n}",
        "nationality": "DE",
        "consent": "true",
        "cv": upload(good_pdf()),
        f"q{job.question_id}": "5",
    }
    response = client.post(reverse("public-apply", args=[job.reference]), data, format="multipart")
    assert response.status_code == 201, response.content
    return response


def counted(submit) -> int:
    """The statements of `submit`, less PostgreSQL's one for the advisory locks."""
    with CaptureQueriesContext(connection) as queries:
        submit()
    return len(queries) - (connection.vendor == "postgresql")


def test_api_submission_statements(anon_api, job):
    api_submit(anon_api, job, 0)  # the first message of its kind seeds the template
    assert counted(lambda: api_submit(anon_api, job, 1)) == API_SUBMIT_STATEMENTS
    assert Application.objects.count() == 2


def test_form_submission_statements(client, job):
    def post(n: int):
        data = {
            "full_name": f"Applicant Number {n}",
            "email": f"applicant{n}@example.org",
            "nationality": "DE",
            "consent": "on",
            "submission_key": str(uuid.uuid4()),
            "cv": upload(good_pdf()),
            f"q{job.question_id}": "5",
        }
        url = reverse("careers-apply", args=[job.reference]) + "?source=linkedin"
        response = client.post(url, data)
        assert response.status_code == 302

    post(0)
    assert counted(lambda: post(1)) == FORM_SUBMIT_STATEMENTS


def test_namesakes_cost_one_insert_and_are_capped(anon_api, job):
    api_submit(anon_api, job, 0)
    lone = counted(lambda: api_submit(anon_api, job, 1, name="Wang Wei"))
    assert not PossibleDuplicate.objects.exists()  # nobody else of that name had DE yet
    CandidateFactory.create_batch(20, full_name="Wang Wei", nationality="DE", phone="")
    with_namesakes = counted(lambda: api_submit(anon_api, job, 2, name="Wang Wei"))
    # The same statements, plus the one insert of all the flags.
    assert with_namesakes == lone + 1
    newest = Application.objects.latest("pk").candidate
    flags = PossibleDuplicate.objects.filter(candidate=newest)
    assert flags.count() == DUPLICATE_FLAGS_MAX
    assert set(flags.values_list("reason", flat=True)) == {"same name and nationality"}


def test_same_phone_is_flagged_before_namesakes(anon_api, job):
    CandidateFactory.create_batch(8, full_name="Wang Wei", nationality="DE", phone="")
    same_phone = CandidateFactory(full_name="Someone Else", phone="+49 151 2000003")
    api_submit(anon_api, job, 3, name="Wang Wei")
    newest = Application.objects.latest("pk").candidate
    flags = list(PossibleDuplicate.objects.filter(candidate=newest))
    assert len(flags) == DUPLICATE_FLAGS_MAX
    assert same_phone.pk in {flag.existing_id for flag in flags}
