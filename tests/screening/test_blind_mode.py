"""Blind screening: the page, the CV view and the API show no name, e-mail or phone."""

import pytest
from django.test import Client
from django.urls import reverse

from screening import services
from tests.factories import CandidateFactory, UserFactory, make_job
from tests.screening.support import make_cv, screening_application

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Ngozi Okafor", "ngozi.okafor@example.org", "+234 803 555 0199"
CV_TEXT = f"""{NAME}
{EMAIL} | {PHONE} | linkedin.com/in/ngoziokafor
Date of birth: 04/07/1988 | Gender: female | Nationality: Nigerian
Education
MSc Environmental Management, University of Lagos, 2013
Experience
Programme officer, 2014 - present
Skills: GIS, Grant writing"""


@pytest.fixture
def blind(hr_user):
    job = make_job()
    services.criteria_save(
        job=job, actor=hr_user, blind=True, min_degree="master", desired_skills=["GIS"]
    )
    candidate = CandidateFactory(full_name=NAME, email=EMAIL, phone=PHONE, nationality="NG")
    application = screening_application(hr_user, job=job, candidate=candidate)
    make_cv(
        application,
        degree="master",
        degree_source=f"page 1: {NAME} — MSc Environmental Management, 2013",
        skills=["GIS"],
        text=CV_TEXT,
    )
    services.evaluations_run_for_job(job_id=job.pk)
    return job, application


def secrets_in(text: str) -> list[str]:
    found = [s for s in (NAME, "Ngozi", "Okafor", "ngozi", "okafor", EMAIL, PHONE) if s in text]
    digits = "".join(c for c in text if c.isdigit())
    if "2348035550199" in digits or "8035550199" in digits:
        found.append("phone digits")
    return found


def test_the_screening_page_hides_name_email_and_phone(hr_client, blind):
    job, application = blind
    response = hr_client.get(reverse("hr-screening-application", args=[job.pk, application.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert secrets_in(page) == []
    assert f"Applicant #A-{application.pk:04d}" in page
    # The CV is its masked text, not the PDF.
    assert "MSc Environmental Management, University of Lagos, 2013" in page
    assert reverse("hr-application-cv", args=[application.pk]) not in page
    assert "1988" not in page and "female" not in page and "Nigeria" not in page


def test_the_queue_list_hides_every_name(hr_client, blind):
    job, _application = blind
    assert secrets_in(hr_client.get(reverse("hr-screening", args=[job.pk])).content.decode()) == []


def test_the_api_hides_name_email_and_phone(hr_api, blind, hr_user):
    job, application = blind
    services.decision_record(
        application=application, actor=UserFactory(groups=["hr"]), decision="hold"
    )
    for url in (
        f"/api/screening/evaluations/?job={job.pk}",
        f"/api/screening/evaluations/{application.screening_evaluation.pk}/",
        f"/api/screening/decisions/?job={job.pk}",
    ):
        response = hr_api.get(url)
        assert response.status_code == 200, url
        assert secrets_in(response.content.decode()) == [], url
    data = hr_api.get(f"/api/screening/evaluations/?job={job.pk}").json()["results"][0]
    assert data["applicant"] == {
        "application": application.pk,
        "reference": f"A-{application.pk:04d}",
        "hidden": True,
        "name": None,
        "email": None,
        "phone": None,
        "nationality": None,
    }


def test_revealed_to_a_reviewer_after_their_decision(hr_client, hr_api, blind, hr_user):
    job, application = blind
    services.decision_record(application=application, actor=hr_user, decision="pass")
    page = hr_client.get(reverse("hr-screening-application", args=[job.pk, application.pk]))
    assert NAME in page.content.decode()
    assert reverse("hr-application-cv", args=[application.pk]) in page.content.decode()
    data = hr_api.get(f"/api/screening/evaluations/?job={job.pk}").json()["results"][0]
    assert data["applicant"]["name"] == NAME


def test_a_hold_keeps_it_hidden(hr_client, blind, hr_user):
    job, application = blind
    services.decision_record(application=application, actor=hr_user, decision="hold")
    page = hr_client.get(reverse("hr-screening-application", args=[job.pk, application.pk]))
    assert secrets_in(page.content.decode()) == []


def test_another_reviewer_still_sees_it_blind(blind, hr_user):
    job, application = blind
    services.decision_record(application=application, actor=hr_user, decision="pass")
    other = Client()
    other.force_login(UserFactory(groups=["hr"]))
    page = other.get(reverse("hr-screening-application", args=[job.pk, application.pk]))
    assert secrets_in(page.content.decode()) == []


def test_a_nationality_rule_shows_the_nationality_only(hr_client, hr_api, blind, hr_user):
    job, application = blind
    services.criteria_save(job=job, actor=hr_user, nationality_rule="not_host", host_country="CN")
    services.evaluations_run_for_job(job_id=job.pk)
    page = hr_client.get(reverse("hr-screening-application", args=[job.pk, application.pk]))
    text = page.content.decode()
    assert "Nigeria" in text and secrets_in(text) == []
    data = hr_api.get(f"/api/screening/evaluations/?job={job.pk}").json()["results"][0]
    assert data["applicant"]["nationality"] == "NG" and data["applicant"]["name"] is None


def test_without_blind_screening_everything_is_shown(hr_client, hr_user):
    job = make_job()
    candidate = CandidateFactory(full_name=NAME, email=EMAIL, phone=PHONE)
    application = screening_application(hr_user, job=job, candidate=candidate)
    page = hr_client.get(reverse("hr-screening-application", args=[job.pk, application.pk]))
    assert NAME in page.content.decode() and EMAIL in page.content.decode()
