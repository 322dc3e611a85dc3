"""The parsed CV in the API: summaries, details, corrections, re-reading
(applications/api/applications.py)."""

import pytest
from django.urls import reverse

from applications import services
from applications.models import CVDocument
from tests.factories import make_application

pytestmark = pytest.mark.usefixtures("private_media")


def test_application_list_carries_the_cv_summary(hr_api, cv):
    make_application(job=cv.application.job)  # one without a CV
    rows = hr_api.get(reverse("application-list"), {"job": cv.application.job_id}).json()
    by_id = {row["id"]: row["cv"] for row in rows["results"]}
    summary = by_id.pop(cv.application_id)
    assert list(by_id.values()) == [None]
    assert summary["parse_status"] == "parsed"
    assert summary["highest_degree"] == "master"
    assert summary["years_experience"] == "4.5"
    assert summary["languages"] == ["english", "french"]
    assert summary["url"].endswith(reverse("hr-application-cv", args=[cv.application_id]))


def test_api_cv_detail_marks_corrections(hr_api, hr_user, cv):
    services.cv_correct(cv=cv, actor=hr_user, field="years_experience", value="6")
    body = hr_api.get(reverse("application-cv", args=[cv.application_id])).json()
    years, name = body["fields"]["years_experience"], body["fields"]["name"]
    assert (years["value"], years["parsed_value"], years["corrected"]) == (6.0, 4.5, True)
    assert years["corrected_at"]
    assert name["corrected"] is False
    assert name["confidence"] == 0.97
    assert body["parse_status"] == "parsed"


def test_api_correct_and_reparse(hr_api, cv, django_capture_on_commit_callbacks):
    url = reverse("application-cv-correct", args=[cv.application_id])
    response = hr_api.post(url, {"field": "languages", "value": "German, Spanish"})
    assert response.status_code == 200
    assert response.json()["languages"] == ["german", "spanish"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = hr_api.post(reverse("application-cv-reparse", args=[cv.application_id]))
    assert response.status_code == 202
    assert response.json()["parse_status"] == "pending"
    assert len(callbacks) == 1


def test_api_cv_endpoints_are_404_without_a_cv(hr_api, db):
    application = make_application()
    assert hr_api.get(reverse("application-cv", args=[application.pk])).status_code == 404
    url = reverse("application-cv-correct", args=[application.pk])
    assert hr_api.post(url, {"field": "name", "value": "X"}).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("application-cv", "get"),
        ("application-cv-correct", "post"),
        ("application-cv-clear", "post"),
        ("application-cv-reparse", "post"),
    ],
)
def test_api_cv_endpoints_are_hr_only(interviewer_api, anon_api, cv, name, method):
    url = reverse(name, args=[cv.application_id])
    assert getattr(interviewer_api, method)(url).status_code == 403
    assert getattr(anon_api, method)(url).status_code == 401
    assert not CVDocument.objects.get(pk=cv.pk).corrections


EDUCATION = [
    {
        "degree": "PhD",
        "level": "phd",
        "field": "Ecology",
        "institution": "WSL",
        "year": 2016,
        "in_progress": False,
    }
]


def test_api_corrects_a_list_field_with_json(hr_api, hr_user, cv):
    url = reverse("application-cv-correct", args=[cv.application_id])
    response = hr_api.post(url, {"field": "education", "value": EDUCATION})
    assert response.status_code == 200
    body = response.json()
    education, degree = body["fields"]["education"], body["fields"]["highest_degree"]
    assert (education["value"], education["corrected"]) == (EDUCATION, True)
    assert education["corrected_by"] == hr_user.get_full_name()
    assert (degree["value"], degree["derived_from"], degree["corrected"]) == (
        "phd",
        "education",
        False,
    )
    assert body["highest_degree"] == "phd"


def test_api_takes_the_text_form_too(hr_api, cv):
    url = reverse("application-cv-correct", args=[cv.application_id])
    response = hr_api.post(url, {"field": "skills", "value": "GIS, Remote sensing"})
    assert response.status_code == 200
    assert response.json()["fields"]["skills"]["value"] == ["GIS", "Remote sensing"]


@pytest.mark.parametrize(
    ("field_name", "value", "message"),
    [
        ("links", ["https://a.org", "ftp://b.org"], "Entry 2: Only http and https"),
        ("work", [{"title": "Ecologist", "start": "2015"}, {"salary": 1}], "Entry 2: “salary”"),
        ("education", [{**EDUCATION[0], "level": "doctor"}], "Entry 1: The level is one of"),
        ("skills", "GIS\n" + "x" * 400, "Line 2: "),
        ("work", {"title": "Ecologist"}, "Give a text, a number or a list."),
        ("name", ["A", "B"], "Give a single value."),
        ("languages", [{"language": 3}], "Give the languages as names"),
    ],
)
def test_api_bad_list_correction_is_400_with_a_field_message(
    hr_api, cv, field_name, value, message
):
    before = CVDocument.objects.values().get(pk=cv.pk)
    url = reverse("application-cv-correct", args=[cv.application_id])
    response = hr_api.post(url, {"field": field_name, "value": value})
    assert response.status_code == 400
    assert message in response.json()["value"][0]
    assert CVDocument.objects.values().get(pk=cv.pk) == before


def test_api_clear_returns_to_the_parsers_value(hr_api, hr_user, cv):
    services.cv_correct(cv=cv, actor=hr_user, field="years_experience", value="6")
    response = hr_api.post(
        reverse("application-cv-clear", args=[cv.application_id]), {"field": "years_experience"}
    )
    assert response.status_code == 200
    years = response.json()["fields"]["years_experience"]
    assert (years["value"], years["corrected"]) == (4.5, False)
    assert response.json()["years_experience"] == "4.5"


def test_api_clear_of_an_unknown_field_is_400(hr_api, cv):
    response = hr_api.post(
        reverse("application-cv-clear", args=[cv.application_id]), {"field": "salary"}
    )
    assert response.status_code == 400
    assert response.json()["field"]


def test_interviewer_may_not_correct_a_list_field(interviewer_api, cv):
    url = reverse("application-cv-correct", args=[cv.application_id])
    response = interviewer_api.post(url, {"field": "skills", "value": ["GIS"]})
    assert response.status_code == 403
    assert not CVDocument.objects.get(pk=cv.pk).corrections
