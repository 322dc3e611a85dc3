"""The API's long lists page by cursor: every row once, the last page as cheap as the first."""

import base64
import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import workflow
from applications.models import Application, StageEvent
from tests.factories import make_application, make_job, stages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]


@pytest.fixture
def job_with_ties():
    """130 applications, ten at each of 13 moments (ties on submitted_at)."""
    job = make_job()
    start = timezone.now().replace(microsecond=0) - dt.timedelta(days=30)
    for i in range(130):
        make_application(job=job, submitted_at=start + dt.timedelta(hours=i % 13))
    return job


def _walk(api, url, params, link="next"):
    """Every page from `url` on, following the `link` links; each page's ids."""
    pages, response = [], api.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {"next", "previous", "results"}
        pages.append([row["id"] for row in body["results"]])
        if body[link] is None:
            return pages, body
        response = api.get(body[link])


def test_walking_every_page_returns_each_application_once_in_order(hr_api, job_with_ties):
    pages, _last = _walk(
        hr_api, reverse("application-list"), {"job": job_with_ties.pk, "page_size": 20}
    )
    ids = [pk for page in pages for pk in page]
    expected = list(
        Application.objects.filter(job=job_with_ties)
        .order_by("-submitted_at", "-id")
        .values_list("pk", flat=True)
    )
    assert ids == expected
    assert len(set(ids)) == 130
    assert [len(page) for page in pages] == [20] * 6 + [10]


def test_walking_back_from_the_last_page_gives_the_same_pages(hr_api, job_with_ties):
    params = {"job": job_with_ties.pk, "page_size": 20}
    forward, last = _walk(hr_api, reverse("application-list"), params)
    assert last["previous"] is not None
    backward, first = _walk(hr_api, last["previous"], {}, link="previous")
    assert backward == list(reversed(forward[:-1]))
    assert first["previous"] is None


def test_a_chosen_ordering_pages_with_the_id_as_tie_breaker(hr_api, hr_user, job_with_ties):
    moved = list(Application.objects.filter(job=job_with_ties).order_by("pk")[:40])
    for application in moved:
        workflow.move(application, to_stage=stages(job_with_ties)[1], actor=hr_user, notify=False)
    # Ties on the stage's position: 90 at the first stage, 40 at the second.
    params = {"job": job_with_ties.pk, "page_size": 25, "ordering": "-stage__position"}
    pages, _last = _walk(hr_api, reverse("application-list"), params)
    ids = [pk for page in pages for pk in page]
    expected = list(
        Application.objects.filter(job=job_with_ties)
        .order_by("-stage__position", "-id")
        .values_list("pk", flat=True)
    )
    assert ids == expected


def test_the_last_page_costs_the_queries_of_the_first(hr_api, job_with_ties):
    url, params = reverse("application-list"), {"job": job_with_ties.pk, "page_size": 20}
    with CaptureQueriesContext(connection) as first:
        body = hr_api.get(url, params).json()
    while body["next"] is not None:
        link = body["next"]
        body = hr_api.get(link).json()
    with CaptureQueriesContext(connection) as last:
        again = hr_api.get(link).json()
    assert again == body and len(body["results"]) == 10
    assert len(last.captured_queries) == len(first.captured_queries)
    # No OFFSET: the page after a cursor starts at its position.
    assert "OFFSET" not in last.captured_queries[-1]["sql"].upper()


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        base64.urlsafe_b64encode(b"[1, 2]").decode(),
        base64.urlsafe_b64encode(json.dumps({"v": ["x", 1], "b": False}).encode()).decode(),
        base64.urlsafe_b64encode(json.dumps({"v": [None, 1], "b": False}).encode()).decode(),
        base64.urlsafe_b64encode(
            json.dumps({"v": ["2020-01-01T00:00:00+00:00", 2**70], "b": False}).encode()
        ).decode(),
        base64.urlsafe_b64encode(
            json.dumps({"v": ["2020-01-01T00:00:00", 1], "b": False}).encode()
        ).decode(),
    ],
)
def test_a_cursor_that_is_not_ours_is_a_400_naming_the_cursor(hr_api, cursor):
    make_application()
    response = hr_api.get(reverse("application-list"), {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_the_stage_event_log_pages_by_cursor(hr_api, hr_user):
    job = make_job()
    for _ in range(7):
        application = make_application(job=job)
        workflow.move(application, to_stage=stages(job)[1], actor=hr_user, notify=False)
    pages, _last = _walk(hr_api, reverse("stage-event-list"), {"page_size": 3})
    ids = [pk for page in pages for pk in page]
    assert ids == list(StageEvent.objects.order_by("at", "id").values_list("pk", flat=True))
    assert len(pages) > 2
