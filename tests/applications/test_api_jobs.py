"""The API of job questions and postings (applications/api/jobs.py)."""

import datetime as dt

import pytest
from django.urls import include, path, reverse

from applications import services
from applications.models import (
    Posting,
)
from tests.applications.job_support import choice, snapshot, yes_no
from tests.factories import channel, make_job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]


def test_api_questions_get_in_order(hr_api, hr_user):
    job = make_job()
    services.job_questions_replace(job=job, actor=hr_user, questions=[yes_no(), choice()])
    response = hr_api.get(reverse("job-questions", args=[job.pk]))
    assert response.status_code == 200
    assert [(q["label"], q["kind"], q["position"]) for q in response.json()] == [
        ("Can you start in March?", "yes_no", 0),
        ("Highest degree", "single_choice", 1),
    ]


def test_api_questions_put_replaces_the_set(hr_api, hr_user):
    job = make_job()
    (kept, _dropped) = services.job_questions_replace(
        job=job, actor=hr_user, questions=[yes_no(), yes_no("Dropped?")]
    )
    body = {
        "questions": [
            choice(is_knockout=True, knockout_answer="Doctorate"),
            {"id": kept.pk, "label": "Can you start on 1 March?", "kind": "yes_no"},
        ]
    }
    response = hr_api.put(reverse("job-questions", args=[job.pk]), body)
    assert response.status_code == 200, response.content
    assert [q["label"] for q in response.json()] == ["Highest degree", "Can you start on 1 March?"]
    assert response.json()[1]["id"] == kept.pk
    assert list(job.questions.order_by("position").values_list("label", flat=True)) == [
        "Highest degree",
        "Can you start on 1 March?",
    ]


def test_api_questions_put_refused_is_400_keyed_by_row_and_field(hr_api, hr_user):
    job = make_job()
    services.job_questions_replace(job=job, actor=hr_user, questions=[yes_no()])
    before = snapshot(job)
    body = {"questions": [yes_no(label="Changed"), choice(choices=["Master"])]}
    response = hr_api.put(reverse("job-questions", args=[job.pk]), body)
    assert response.status_code == 400
    assert response.json() == {
        "questions.1.choices": ["A single-choice question needs at least two choices."]
    }
    assert snapshot(job) == before


def test_api_questions_put_bad_types_keyed_the_same_way(hr_api):
    job = make_job()
    body = {"questions": [yes_no(), {"label": "Why?", "kind": "essay", "choices": "a,b"}]}
    response = hr_api.put(reverse("job-questions", args=[job.pk]), body)
    assert response.status_code == 400
    assert set(response.json()) == {"questions.1.kind", "questions.1.choices"}
    assert "not a valid choice" in response.json()["questions.1.kind"][0]
    response = hr_api.put(reverse("job-questions", args=[job.pk]), {})
    assert response.status_code == 400
    assert list(response.json()) == ["questions"]
    assert not job.questions.exists()


def test_api_postings_create_list_filter_and_delete(hr_api, settings):
    settings.SITE_URL = "https://jobs.example.org"
    job = make_job(reference="FE-2018-09")
    other = make_job()
    response = hr_api.post(
        reverse("posting-list"),
        {
            "job": job.pk,
            "channel": "linkedin",
            "posted_on": "2018-09-03",
            "url": "https://www.linkedin.com/jobs/view/1",
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["channel"] == "linkedin"
    assert created["job_reference"] == "FE-2018-09"
    assert created["apply_url"] == "https://jobs.example.org/careers/FE-2018-09/?source=linkedin"
    hr_api.post(
        reverse("posting-list"), {"job": other.pk, "channel": "careers", "posted_on": "2018-09-04"}
    )

    def ids(**params):
        return [row["id"] for row in hr_api.get(reverse("posting-list"), params).json()["results"]]

    assert len(ids()) == 2
    assert ids(job=job.pk) == [created["id"]]
    assert ids(channel="linkedin") == [created["id"]]
    assert ids(channel="careers", job=job.pk) == []
    listed = hr_api.get(reverse("posting-list"), {"job": job.pk}).json()["results"][0]
    assert listed["apply_url"].endswith("?source=linkedin")

    response = hr_api.delete(reverse("posting-detail", args=[created["id"]]))
    assert response.status_code == 204
    assert not Posting.objects.filter(pk=created["id"]).exists()
    assert hr_api.delete(reverse("posting-detail", args=[created["id"]])).status_code == 404


def test_api_duplicate_posting_is_400_not_a_crash(hr_api):
    job = make_job()
    body = {"job": job.pk, "channel": "linkedin", "posted_on": "2018-09-03"}
    assert hr_api.post(reverse("posting-list"), body).status_code == 201
    response = hr_api.post(reverse("posting-list"), body)
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate_posting"
    assert "already posted on LinkedIn" in response.json()["posted_on"][0]
    assert Posting.objects.filter(job=job).count() == 1


def test_api_posting_bad_input_is_400_with_field_messages(hr_api):
    job = make_job()
    response = hr_api.post(
        reverse("posting-list"),
        {"job": job.pk, "channel": "myspace", "posted_on": "someday", "url": "not a link"},
    )
    assert response.status_code == 400
    assert set(response.json()) == {"channel", "posted_on", "url"}
    assert not Posting.objects.exists()


def _api_endpoints(job, posting) -> list[tuple[str, str, dict]]:
    return [
        ("get", reverse("job-questions", args=[job.pk]), {}),
        ("put", reverse("job-questions", args=[job.pk]), {"questions": [yes_no()]}),
        ("get", reverse("posting-list"), {}),
        (
            "post",
            reverse("posting-list"),
            {"job": job.pk, "channel": "linkedin", "posted_on": "2018-09-03"},
        ),
        ("get", reverse("posting-detail", args=[posting.pk]), {}),
        ("delete", reverse("posting-detail", args=[posting.pk]), {}),
    ]


@pytest.mark.parametrize(
    ("client_fixture", "expected"),
    [("anon_api", {401}), ("interviewer_api", {403}), ("hr_api", {200, 201, 204})],
)
def test_api_role_matrix(request, hr_user, client_fixture, expected):
    api = request.getfixturevalue(client_fixture)
    job = make_job()
    posting = services.posting_add(
        job=job, actor=hr_user, channel=channel("careers"), posted_on=dt.date(2018, 12, 3)
    )
    for method, url, body in _api_endpoints(job, posting):
        response = getattr(api, method)(url, body, format="json")
        assert response.status_code in expected, (method, url, response.status_code)
    if client_fixture != "hr_api":
        assert Posting.objects.filter(job=job).count() == 1
        assert not job.questions.exists()


@pytest.mark.parametrize("size", [2, 30])
def test_api_postings_list_query_count_is_constant(
    hr_api, hr_user, size, django_assert_max_num_queries
):
    job = make_job()
    for i in range(size):
        services.posting_add(
            job=job,
            actor=hr_user,
            channel=channel(["linkedin", "careers", "email"][i % 3]),
            posted_on=dt.date(2018, 9, 1) + dt.timedelta(days=i),
        )
    with django_assert_max_num_queries(3):
        response = hr_api.get(reverse("posting-list"), {"page_size": 100})
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [2, 30])
def test_api_questions_query_count_is_constant(
    hr_api, hr_user, size, django_assert_max_num_queries
):
    job = make_job()
    services.job_questions_replace(
        job=job, actor=hr_user, questions=[yes_no(f"Question {i}?") for i in range(size)]
    )
    with django_assert_max_num_queries(4):
        response = hr_api.get(reverse("job-questions", args=[job.pk]))
    assert len(response.json()) == size


def test_api_schema_documents_the_new_endpoints_without_new_warnings(capsys):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema
    from rest_framework.routers import DefaultRouter

    from applications import api

    router = DefaultRouter()
    router.register("jobs", api.JobViewSet, basename="job")
    router.register("postings", api.PostingViewSet, basename="posting")
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/", include(router.urls))])
    schema = generator.get_schema(request=None, public=True)
    validate_schema(schema)
    assert not GENERATOR_STATS, capsys.readouterr().err
    questions = schema["paths"]["/api/jobs/{id}/questions/"]
    assert set(questions) == {"get", "put"}
    assert questions["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/JobQuestion"},
    }
    assert "400" in questions["put"]["responses"]
    assert set(schema["paths"]["/api/postings/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/postings/{id}/"]) == {"get", "delete"}
    assert "apply_url" in schema["components"]["schemas"]["Posting"]["properties"]


def test_full_api_schema_still_generates(hr_client):
    response = hr_client.get(reverse("api-schema"))
    assert response.status_code == 200
    assert b"/api/jobs/{id}/questions/" in response.content
    assert b"/api/postings/{id}/" in response.content
