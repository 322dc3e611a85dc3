"""The public JSON API for headless careers sites."""

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse

from applications.models import Application, JobQuestion
from tests.applications.cvfiles import good_pdf, upload
from tests.factories import make_job
from tests.uploads import UNDECODABLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def job():
    job = make_job(reference="SEC-2026-02", title="Data Officer", closes_on=dt.date(2099, 1, 1))
    JobQuestion.objects.create(job=job, label="Can you start in March?", kind="yes_no")
    return job


def submit(anon_api, job, captured, **overrides):
    data = {
        "full_name": "Nguyễn Thị Lan",
        "email": "lan.nguyen@example.vn",
        "nationality": "VN",
        "consent": "true",
        "cv": upload(good_pdf(11)),
        **{f"q{q.pk}": "yes" for q in job.questions.all()},
        **overrides,
    }
    with captured(execute=True):
        return anon_api.post(
            reverse("public-apply", args=[job.reference]), data, format="multipart"
        )


def test_open_jobs_listed_without_login(anon_api, job):
    make_job(
        reference="OLD", status="open", opens_on=dt.date(2018, 1, 1), closes_on=dt.date(2018, 2, 1)
    )
    make_job(reference="DRAFT", status="draft")
    body = anon_api.get(reverse("public-jobs")).json()
    assert [j["reference"] for j in body] == ["SEC-2026-02"]
    assert body[0]["questions"][0]["field"].startswith("q")


def status_token_from(mail) -> str:
    """The token of the status link in an e-mail (the API never answers with it)."""
    match = re.search(r"/status/([\w-]+)/", mail.body)
    assert match, mail.body
    return match.group(1)


def test_submit_then_read_status_then_withdraw(
    anon_api, job, django_capture_on_commit_callbacks, mailoutbox
):
    response = submit(anon_api, job, django_capture_on_commit_callbacks, source="linkedin")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "received" and "token" not in str(response.json())
    (mail,) = mailoutbox
    assert mail.to == ["lan.nguyen@example.vn"]
    token = status_token_from(mail)
    status = anon_api.get(reverse("public-status", args=[token])).json()
    assert status == {
        "reference": "SEC-2026-02",
        "job": "Data Officer",
        "submitted_at": status["submitted_at"],
        "status": "Received",
        "can_withdraw": True,
    }
    withdrawn = anon_api.post(reverse("public-status-withdraw", args=[token]), {}).json()
    assert withdrawn["status"] == "Withdrawn" and withdrawn["can_withdraw"] is False
    assert Application.objects.get().source.slug == "linkedin"


def test_bad_input_is_400_with_field_messages(anon_api, job, django_capture_on_commit_callbacks):
    response = submit(
        anon_api,
        job,
        django_capture_on_commit_callbacks,
        email="nope",
        consent="false",
        cv=upload(b"GIF89a not a cv"),
    )
    assert response.status_code == 400
    body = response.json()
    assert "email" in body
    assert Application.objects.count() == 0
    response = submit(
        anon_api,
        job,
        django_capture_on_commit_callbacks,
        consent="false",
        cv=upload(b"GIF89a not a cv"),
    )
    assert set(response.json()) == {"cv", "consent"}
    assert "neither" in response.json()["cv"][0]


def test_same_submission_key_answers_the_same_once(
    anon_api, job, django_capture_on_commit_callbacks, mailoutbox
):
    key = str(uuid.uuid4())
    first = submit(anon_api, job, django_capture_on_commit_callbacks, submission_key=key)
    second = submit(anon_api, job, django_capture_on_commit_callbacks, submission_key=key)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert Application.objects.count() == 1
    assert len(mailoutbox) == 1


def test_applying_again_answers_the_same_and_keeps_the_old_link(
    anon_api, job, django_capture_on_commit_callbacks, mailoutbox
):
    first = submit(anon_api, job, django_capture_on_commit_callbacks)
    old_token = status_token_from(mailoutbox[0])
    again = submit(anon_api, job, django_capture_on_commit_callbacks, email="LAN.NGUYEN@example.vn")
    assert again.status_code == first.status_code == 201
    assert again.json() == first.json()  # nothing tells a new address from a known one
    assert "lan.nguyen" not in again.content.decode().lower()
    assert Application.objects.count() == 1
    assert len(mailoutbox) == 2 and mailoutbox[1].to == ["lan.nguyen@example.vn"]
    new_token = status_token_from(mailoutbox[1])
    for token in (old_token, new_token):
        assert anon_api.get(reverse("public-status", args=[token])).status_code == 200


def test_unknown_token_is_404(anon_api):
    assert anon_api.get(reverse("public-status", args=["x" * 43])).status_code == 404


def test_careers_pages_and_json_ld(client, job):
    listing = client.get(reverse("careers") + "?source=linkedin&q=data")
    assert b"Data Officer" in listing.content
    assert b"?source=linkedin" in listing.content
    page = client.get(reverse("careers-job", args=[job.reference]))
    html = page.content.decode()
    assert '<script type="application/ld+json">' in html
    assert '"@type": "JobPosting"' in html and '"validThrough": "2099-01-01T23:59:59"' in html


def test_job_disappears_at_closing_date(client):
    import time_machine

    job = make_job(reference="SOON", opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 12, 31))
    with time_machine.travel(dt.datetime(2026, 12, 31, 12, tzinfo=dt.UTC), tick=False):
        assert client.get(reverse("careers-job", args=[job.reference])).status_code == 200
    with time_machine.travel(dt.datetime(2027, 1, 1, 12, tzinfo=dt.UTC), tick=False):
        assert client.get(reverse("careers-job", args=[job.reference])).status_code == 404
        assert b"SOON" not in client.get(reverse("careers")).content


def test_careers_list_query_count(client, django_assert_max_num_queries):
    for n in range(30):
        make_job(reference=f"J{n}", closes_on=dt.date(2099, 1, 1))
    with django_assert_max_num_queries(6):
        client.get(reverse("careers"))


@pytest.mark.parametrize("data", UNDECODABLE.values(), ids=UNDECODABLE.keys())
def test_a_cv_that_is_not_a_document_is_400_naming_the_cv(
    anon_api, job, django_capture_on_commit_callbacks, data
):
    response = submit(anon_api, job, django_capture_on_commit_callbacks, cv=upload(data))
    assert response.status_code == 400
    assert "neither" in response.json()["cv"][0]
    assert Application.objects.count() == 0
