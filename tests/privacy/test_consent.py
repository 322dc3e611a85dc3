"""Consent as records: the words, their version, the time and language; the talent pool."""

import datetime as dt

import pytest
from django.urls import reverse

from applications.models import Application, ConsentRecord, SubjectAccessRequest
from tests.applications.test_careers import form_data, status_path_from
from tests.factories import make_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def job():
    return make_job(closes_on=dt.date(2099, 1, 1))


def apply(client, job, captured, **overrides):
    with captured(execute=True):
        return client.post(reverse("careers-apply", args=[job.reference]), form_data(**overrides))


def test_the_application_consent_is_recorded_with_its_words_and_language(
    client, job, django_capture_on_commit_callbacks
):
    apply(client, job, django_capture_on_commit_callbacks)

    record = ConsentRecord.objects.get()
    assert record.purpose == "application"
    assert "730 days" in record.text
    assert len(record.text_version) == 12
    assert record.language.startswith("en")
    assert record.application == Application.objects.get()


def test_the_talent_pool_is_a_separate_opt_in(client, job, django_capture_on_commit_callbacks):
    apply(client, job, django_capture_on_commit_callbacks, talent_pool="on")

    purposes = sorted(ConsentRecord.objects.values_list("purpose", flat=True))
    assert purposes == ["application", "talent_pool"]


def test_the_applicant_leaves_the_talent_pool_from_the_status_page(
    client, job, mailoutbox, django_capture_on_commit_callbacks
):
    apply(client, job, django_capture_on_commit_callbacks, talent_pool="on")
    path = status_path_from(mailoutbox[0])
    assert "Leave the talent pool" in client.get(path).content.decode()

    client.post(path + "talent-pool/leave/")

    record = ConsentRecord.objects.get(purpose="talent_pool")
    assert record.withdrawn_at is not None
    assert "Leave the talent pool" not in client.get(path).content.decode()


def test_the_applicant_asks_for_their_data_from_the_status_page(
    client, job, mailoutbox, django_capture_on_commit_callbacks
):
    apply(client, job, django_capture_on_commit_callbacks)
    path = status_path_from(mailoutbox[0])

    response = client.post(path + "my-data/", follow=True)

    assert "within 30 days" in response.content.decode()
    assert SubjectAccessRequest.objects.get().application == Application.objects.get()
