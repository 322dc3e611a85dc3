"""The candidates API's part of the candidates database: `q` search, filters, tags, notes."""

import pytest
from django.urls import reverse

from applications import services
from applications.models import CandidateNote, CandidateTag
from tests.applications.cv_support import make_cv
from tests.factories import CandidateFactory, make_application, make_job

pytestmark = pytest.mark.django_db

LIST = reverse("candidate-list")


@pytest.fixture
def ngozi():
    candidate = CandidateFactory(full_name="Ngozi Okafor", email="ngozi@example.org")
    make_cv(make_application(job=make_job(), candidate=candidate), text="Lichenology")
    make_application(job=make_job(), candidate=candidate)
    CandidateFactory(full_name="Tomás Müller", email="tomas@example.org")
    return candidate


def names(response) -> list[str]:
    return [row["full_name"] for row in response.json()["results"]]


@pytest.mark.parametrize("query", ["Okafor", "lichenology", "ngozi@example"])
def test_q_searches_like_the_candidates_page(hr_api, ngozi, query):
    assert names(hr_api.get(LIST, {"q": query})) == ["Ngozi Okafor"]


def test_filters_and_tags_in_the_list(hr_api, hr_user, ngozi):
    services.candidate_tag_add(candidate=ngozi, actor=hr_user, name="GIS")
    response = hr_api.get(LIST, {"tag": "gis"})
    assert names(response) == ["Ngozi Okafor"]
    assert response.json()["results"][0]["tags"] == ["GIS"]
    assert response.json()["results"][0]["application_count"] == 2
    assert hr_api.get(LIST, {"min_years": "many"}).status_code == 400


def test_tag_and_untag(hr_api, ngozi):
    added = hr_api.post(reverse("candidate-tags", args=[ngozi.pk]), {"tag": "Spring"})
    assert added.status_code == 201
    assert added.json()["tags"] == ["Spring"]
    assert hr_api.post(reverse("candidate-tags", args=[ngozi.pk]), {"tag": " "}).status_code == 400
    removed = hr_api.post(reverse("candidate-untag", args=[ngozi.pk]), {"tag": "spring"})
    assert removed.json()["tags"] == []
    assert not CandidateTag.objects.exists()


def test_notes_list_and_add(hr_api, hr_user, ngozi):
    url = reverse("candidate-notes", args=[ngozi.pk])
    assert hr_api.post(url, {"body": "Called."}).status_code == 201
    assert hr_api.post(url, {"body": ""}).status_code == 400
    listed = hr_api.get(url).json()
    assert [(n["body"], n["author"]) for n in listed] == [("Called.", hr_user.username)]
    assert CandidateNote.objects.count() == 1


def test_interviewers_may_not_tag_or_read_notes(interviewer_api, ngozi):
    assert interviewer_api.get(reverse("candidate-notes", args=[ngozi.pk])).status_code == 403
    response = interviewer_api.post(reverse("candidate-tags", args=[ngozi.pk]), {"tag": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count_is_constant_with_tags(
    hr_api, hr_user, size, django_assert_max_num_queries
):
    for _n in range(size):
        candidate = CandidateFactory()
        make_application(candidate=candidate)
        services.candidate_tag_add(candidate=candidate, actor=hr_user, name="x")
    with django_assert_max_num_queries(5):
        response = hr_api.get(LIST, {"q": "example", "page_size": 100})
    assert response.json()["count"] == size
