"""Query counts stay the same from 10 to 300 applications on the queue, the grid and the lists."""

import pytest
from django.urls import reverse

from ats.paging import LIST_PAGE_SIZE
from screening import services
from screening.models import SectionScore
from tests.factories import make_job
from tests.screening.support import bulk_screening, bulk_sittings, exam_for, make_cv

pytestmark = pytest.mark.django_db

SIZES = [10, 300]


@pytest.fixture
def blind_job(hr_user):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, blind=True, min_degree="master")
    return job


@pytest.mark.parametrize("size", SIZES)
def test_screening_queue(hr_client, hr_user, blind_job, size, django_assert_max_num_queries):
    applications = bulk_screening(blind_job, size, hr_user)
    make_cv(applications[0], degree="master", text="Bulk Person\nMSc Physics")
    with django_assert_max_num_queries(9):
        response = hr_client.get(reverse("hr-screening", args=[blind_job.pk]))
    assert response.status_code == 200
    assert len(response.context["rows"]) == size
    assert response.context["current"].hidden


@pytest.mark.parametrize("size", SIZES)
def test_exam_grid(hr_client, hr_user, size, django_assert_max_num_queries):
    exam = exam_for(make_job(), hr_user, double_marking=True)
    bulk_sittings(exam, size)
    with django_assert_max_num_queries(9):
        response = hr_client.get(reverse("hr-exam-marks", args=[exam.job.pk]))
    assert len(response.context["grid"]) == min(size, LIST_PAGE_SIZE)
    assert response.context["page"].paginator.count == size


def test_the_exam_grid_is_paged_and_a_save_keeps_the_other_pages(hr_client, hr_user):
    exam = exam_for(make_job(), hr_user)
    sittings = bulk_sittings(exam, LIST_PAGE_SIZE + 5)
    url = reverse("hr-exam-marks", args=[exam.job.pk])
    second = hr_client.get(url, {"page": 2})
    grid = second.context["grid"]
    assert len(grid) == 5
    assert "Page 2 of 2" in second.content.decode()
    numbers = [line["row"].sitting.candidate_number for line in grid]
    first_numbers = [
        line["row"].sitting.candidate_number for line in hr_client.get(url).context["grid"]
    ]
    assert not set(numbers) & set(first_numbers)
    # Change one mark on page 2: only its boxes are sent, the page comes back, no other mark
    # changes.
    box = grid[0]["cells"][0]["inputs"][0]
    before = list(SectionScore.objects.order_by("pk").values_list("pk", "points"))
    response = hr_client.post(
        url + "?page=2", {f"o-{box['name']}": box["original"], box["name"]: "1"}
    )
    assert response.status_code == 302 and response["Location"] == url + "?page=2"
    after = list(SectionScore.objects.order_by("pk").values_list("pk", "points"))
    changed = [b for b, a in zip(before, after, strict=False) if a != b]
    assert len(changed) == 1 and len(after) == len(before) == len(sittings) * exam.sections.count()


@pytest.mark.parametrize("size", SIZES)
def test_exam_results(hr_client, hr_user, size, django_assert_max_num_queries):
    exam = exam_for(make_job(), hr_user)
    bulk_sittings(exam, size)
    with django_assert_max_num_queries(9):
        response = hr_client.get(reverse("hr-exam-results", args=[exam.job.pk]))
    assert response.context["counts"]["invited"] == size


@pytest.mark.parametrize("size", SIZES)
def test_exam_setup_page(hr_client, hr_user, size, django_assert_max_num_queries):
    exam = exam_for(make_job(), hr_user)
    bulk_sittings(exam, size)
    with django_assert_max_num_queries(10):
        response = hr_client.get(reverse("hr-exam", args=[exam.job.pk]))
    assert len(response.context["sittings"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_api_lists(hr_api, hr_user, blind_job, size, django_assert_max_num_queries):
    bulk_screening(blind_job, size, hr_user)
    for url, bound in (
        (f"/api/screening/evaluations/?job={blind_job.pk}&page_size=500", 3),
        (f"/api/screening/decisions/?job={blind_job.pk}&page_size=500", 3),
    ):
        with django_assert_max_num_queries(bound):
            response = hr_api.get(url)
        assert response.status_code == 200
        assert response.json()["count"] in (size, (size + 1) // 2)


@pytest.mark.parametrize("size", SIZES)
def test_api_sittings(hr_api, hr_user, size, django_assert_max_num_queries):
    exam = exam_for(make_job(), hr_user)
    bulk_sittings(exam, size)
    with django_assert_max_num_queries(5):
        response = hr_api.get(f"/api/screening/sittings/?exam={exam.pk}&page_size=500")
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", SIZES)
def test_application_panel(hr_client, hr_user, size, django_assert_max_num_queries):
    exam = exam_for(make_job(), hr_user)
    sittings = bulk_sittings(exam, size)
    with django_assert_max_num_queries(12):
        response = hr_client.get(
            reverse("hr-application-screening", args=[sittings[0].application_id])
        )
    assert response.context["exam_row"].sitting == sittings[0]
