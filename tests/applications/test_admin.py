"""The admin opens for HR power users, and a job created there gets its pipeline and questions."""

import pytest
from django.urls import reverse

from applications.models import JobOpening

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name",
    [
        "jobopening",
        "candidate",
        "application",
        "stageevent",
        "cvdocument",
        "possibleduplicate",
        "pipelinetemplate",
        "rejectionreason",
        "channel",
    ],
)
def test_admin_changelists_open(admin_client, name):
    assert admin_client.get(reverse(f"admin:applications_{name}_changelist")).status_code == 200


def test_job_created_in_admin_gets_stages_and_questions(admin_client):
    prefix_stage, prefix_post, prefix_q = "stages", "postings", "questions"
    data = {
        "reference": "ADM-1",
        "title": "Finance officer",
        "employment_type": "full_time",
        "headcount": 1,
        "status": "open",
        f"{prefix_stage}-TOTAL_FORMS": 0,
        f"{prefix_stage}-INITIAL_FORMS": 0,
        f"{prefix_post}-TOTAL_FORMS": 0,
        f"{prefix_post}-INITIAL_FORMS": 0,
        f"{prefix_q}-TOTAL_FORMS": 1,
        f"{prefix_q}-INITIAL_FORMS": 0,
        f"{prefix_q}-0-position": 0,
        f"{prefix_q}-0-kind": "yes_no",
        f"{prefix_q}-0-required": "on",
        f"{prefix_q}-0-label": "Do you speak Chinese?",
        f"{prefix_q}-0-choices": "[]",
        f"{prefix_q}-0-is_knockout": "on",
        f"{prefix_q}-0-knockout_answer": "yes",
    }
    response = admin_client.post(reverse("admin:applications_jobopening_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    job = JobOpening.objects.get(reference="ADM-1")
    assert job.stages.count() == 7
    assert job.questions.get().knockout_answer == "yes"
