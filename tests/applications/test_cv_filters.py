"""Filtering applications by what their CVs say, in the API and on the board
(applications/selectors/cvs.py), with their query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications import services
from applications.models import CVDocument
from tests.applications.cv_support import PDF, field, make_cv
from tests.factories import make_application, make_job

pytestmark = pytest.mark.usefixtures("private_media")


@pytest.fixture
def pool(db):
    """Four applications to one job: three CVs of different strength and one without."""
    job = make_job()
    people = {name: make_application(job=job) for name in ("ana", "ben", "chen", "dee")}
    make_cv(
        people["ana"],
        degree="phd",
        years="10",
        languages=("english", "french"),
        text="Ecologist. Remote sensing with Python.",
    )
    make_cv(
        people["ben"],
        degree="master",
        years="3",
        languages=("english",),
        text="Project management, Drupal, event planning.",
    )
    make_cv(
        people["chen"],
        degree="bachelor",
        years="1",
        languages=("chinese",),
        text="Translator; French-Chinese literature.",
    )
    return job, {application.pk: name for name, application in people.items()}


FILTER_CASES = [
    ({"degree": "bachelor"}, {"ana", "ben", "chen"}),
    ({"degree": "master"}, {"ana", "ben"}),
    ({"degree": "phd"}, {"ana"}),
    ({"min_years": "3"}, {"ana", "ben"}),
    ({"min_years": "3.5"}, {"ana"}),
    ({"language": "french"}, {"ana"}),
    ({"language": "English"}, {"ana", "ben"}),
    ({"language": "fren"}, set()),
    ({"language": "english, french"}, {"ana"}),
    ({"cv_text": "remote sensing"}, {"ana"}),
    ({"cv_text": "DRUPAL"}, {"ben"}),
    ({"cv_text": "python drupal"}, set()),
    ({"degree": "master", "language": "english", "min_years": "2"}, {"ana", "ben"}),
    ({}, {"ana", "ben", "chen", "dee"}),
]


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_api_filters_by_cv(hr_api, pool, params, expected):
    job, names = pool
    response = hr_api.get(reverse("application-list"), {"job": job.pk, **params})
    assert response.status_code == 200
    assert {names[row["id"]] for row in response.json()["results"]} == expected


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_pipeline_page_filters_by_cv(hr_client, pool, params, expected):
    job, names = pool
    response = hr_client.get(reverse("hr-job", args=[job.pk]), params)
    assert response.status_code == 200
    shown = {names[app.pk] for column in response.context["columns"] for app in column.applications}
    assert shown == expected


def test_filters_use_corrected_values(hr_api, hr_user, pool):
    job, names = pool
    chen = next(pk for pk, name in names.items() if name == "chen")
    services.cv_correct(
        cv=CVDocument.objects.get(application_id=chen),
        actor=hr_user,
        field="highest_degree",
        value="phd",
    )
    response = hr_api.get(reverse("application-list"), {"job": job.pk, "degree": "phd"})
    assert {names[row["id"]] for row in response.json()["results"]} == {"ana", "chen"}


@pytest.mark.parametrize("params", [{"degree": "doctor"}, {"min_years": "many"}])
def test_api_refuses_bad_filter_values(hr_api, pool, params):
    response = hr_api.get(reverse("application-list"), params)
    assert response.status_code == 400
    assert next(iter(params)) in response.json()


def test_pipeline_page_shows_a_bad_filter_value_and_ignores_it(hr_client, pool):
    job, names = pool
    response = hr_client.get(reverse("hr-job", args=[job.pk]), {"min_years": "many"})
    assert response.status_code == 200
    assert response.context["cv_filter_form"].errors["min_years"]
    assert sum(len(c.applications) for c in response.context["columns"]) == len(names)


def test_pipeline_cards_show_degree_and_years(hr_client, pool):
    job, _names = pool
    html = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    assert "Doctorate · 10 years" in html
    assert "Bachelor · 1 year<" in html


def _with_cvs(size: int):
    """`size` applications to one job, every other one with a parsed CV."""
    job = make_job()
    applications = [make_application(job=job) for _ in range(size)]
    CVDocument.objects.bulk_create(
        CVDocument(
            application=application,
            file=f"cvs/test/{application.pk}",
            original_name="cv.pdf",
            content_type=PDF,
            size=1000,
            sha256="0" * 64,
            parse_status=CVDocument.ParseStatus.PARSED,
            parsed={"name": field("Someone")},
            text="Ecology " * 500,
            highest_degree="master",
            degree_rank=2,
            years_experience=Decimal("5.0"),
            languages=",english,",
        )
        for application in applications[::2]
    )
    return job


@pytest.mark.parametrize("size", [10, 200])
def test_application_list_with_cvs_query_count_is_constant(
    hr_api, size, django_assert_max_num_queries
):
    _with_cvs(size)
    with django_assert_max_num_queries(3):
        response = hr_api.get(reverse("application-list"), {"page_size": 500, "degree": "bachelor"})
    assert len(response.json()["results"]) == size // 2


@pytest.mark.parametrize("size", [10, 200])
def test_pipeline_page_with_cvs_query_count_is_constant(
    hr_client, size, django_assert_max_num_queries
):
    job = _with_cvs(size)
    with django_assert_max_num_queries(15):
        response = hr_client.get(
            reverse("hr-job", args=[job.pk]), {"language": "english", "cv_text": "ecology"}
        )
    assert sum(c.total for c in response.context["columns"]) == size // 2
