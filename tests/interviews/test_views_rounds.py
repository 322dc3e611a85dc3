"""The round pages: the job's interviews tab and the round setup form."""

import pytest
from django.urls import reverse

from interviews import selectors
from interviews.models import InterviewRound
from tests.factories import make_job
from tests.interviews.conftest import services_template_without_interviews

pytestmark = pytest.mark.django_db


def _fresh(round_):
    return selectors.round_criteria(InterviewRound.objects.get(pk=round_.pk))


def test_setup_page_saves_the_formset(hr_client, round1):
    criteria = selectors.round_criteria(round1)
    data = {
        "name": "First interview",
        "min_panel_size": "2",
        "criteria-TOTAL_FORMS": str(len(criteria) + 1),
        "criteria-INITIAL_FORMS": str(len(criteria)),
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "20",
    }
    for n, c in enumerate(criteria):
        data |= {
            f"criteria-{n}-id": str(c.pk),
            f"criteria-{n}-name": c.name,
            f"criteria-{n}-description": c.description,
            f"criteria-{n}-weight": str(c.weight),
            **{f"criteria-{n}-anchor_{p}": getattr(c, f"anchor_{p}") for p in range(1, 6)},
        }
    data["criteria-3-DELETE"] = "on"
    data["criteria-4-weight"] = "25"  # the blank extra form, untouched
    response = hr_client.post(reverse("hr-round-setup", args=[round1.pk]), data)
    assert response.status_code == 302
    assert [c.name for c in _fresh(round1)] == [
        "Technical knowledge",
        "Communication",
        "Motivation and fit",
    ]
    data["criteria-0-anchor_2"] = ""
    response = hr_client.post(reverse("hr-round-setup", args=[round1.pk]), data)
    assert response.status_code == 400


def test_tab_opens_the_first_round(hr_client, job):
    response = hr_client.get(reverse("hr-job-interviews", args=[job.pk]))
    first = InterviewRound.objects.get(stage__job=job, name="Interview round 1")
    assert response["Location"] == reverse("hr-round", args=[first.pk])


def test_tab_of_a_job_without_interview_stages_says_so(hr_client):
    job = make_job(pipeline=services_template_without_interviews())
    response = hr_client.get(reverse("hr-job-interviews", args=[job.pk]))
    assert response.status_code == 200
    assert "has no interview stage" in response.content.decode()


def test_the_job_tab_strip_links_the_interviews(hr_client, job):
    html = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    assert reverse("hr-job-interviews", args=[job.pk]) in html
