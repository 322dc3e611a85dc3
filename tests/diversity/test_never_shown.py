"""The answers never reach those who decide: not the HR application page or its panels, the
board, the screening queue, the interview pages, the API, nor the admin."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from diversity.models import MonitoringSettings, SelfIdentification

# The interviews tests' people and interview: a held interview of Priya with Bob and Charlie.
from tests.interviews.conftest import (  # noqa: F401
    held,
    in_round,
    job,
    round1,
    rounds,
    schedule,
)

pytestmark = pytest.mark.django_db

# The stored codes and their labels, in both languages.
SECRETS = ["zq-orchid", "Orchidvale", "兰谷", "65-plus", "65 or over"]


@pytest.fixture
def answered_interview(held, monitoring_on):  # noqa: F811  (the imported fixture)
    SelfIdentification.objects.create(
        application=held.application, gender="zq-orchid", age_band="65-plus"
    )
    return held


def _assert_clean(response):
    assert response.status_code == 200, response.status_code
    body = response.content.decode()
    leaked = [secret for secret in SECRETS if secret in body]
    assert leaked == []


def test_hr_pages_of_the_application_never_show_the_answers(hr_client, answered_interview):
    application = answered_interview.application
    job_id = application.job_id
    for url in [
        reverse("hr-application", args=[application.pk]),
        reverse("hr-application-screening", args=[application.pk]),
        reverse("hr-application-personal-data", args=[application.pk]),
        reverse("hr-job", args=[job_id]),
        reverse("hr-screening", args=[job_id]),
        reverse("hr-round", args=[answered_interview.round_id]),
        reverse("hr-interview", args=[answered_interview.pk]),
        reverse("hr-job-funnel-csv", args=[job_id]),
    ]:
        _assert_clean(hr_client.get(url))
        _assert_clean(hr_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans"))


def test_the_api_never_shows_the_answers(hr_api, answered_interview):
    application = answered_interview.application
    for url in [
        reverse("application-detail", args=[application.pk]),
        reverse("application-list"),
        reverse("candidate-detail", args=[application.candidate_id]),
        reverse("stage-event-list") + f"?application={application.pk}",
    ]:
        _assert_clean(hr_api.get(url))


def test_the_interviewer_never_sees_the_answers(interviewer, answered_interview):
    client = Client()
    client.force_login(interviewer)
    _assert_clean(client.get(reverse("interviews-mine")))
    _assert_clean(client.get(reverse("interview-detail", args=[answered_interview.pk])))


def test_the_answers_are_not_in_the_admin():
    assert SelfIdentification not in admin.site._registry
    assert MonitoringSettings not in admin.site._registry


def test_a_printed_answer_row_names_no_answer(answered_interview):
    row = SelfIdentification.objects.get()
    assert all(secret not in str(row) for secret in SECRETS)
