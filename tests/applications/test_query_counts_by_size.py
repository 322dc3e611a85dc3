"""The statements of the board, the funnel and the API lists do not depend on the job's size:
the same number for a job of 4 applications as for one of 150 (issue 16)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import workflow
from applications.models import Application
from tests.factories import make_application, make_job, rejection_reason, stages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]


def _job(size: int, hr_user):
    """A job of `size` applications spread over three stages, some rejected, one hired."""
    job = make_job()
    first, second, *_rest, last = stages(job)
    ids = [make_application(job=job).pk for _ in range(size)]
    workflow.move_many(ids[: size // 2], actor=hr_user, job_id=job.pk)
    workflow.move_many(ids[: size // 4], actor=hr_user, job_id=job.pk)
    workflow.reject_many(
        ids[size // 2 : size // 2 + size // 5],
        actor=hr_user,
        rejection_reason=rejection_reason(),
        notify=False,
    )
    workflow.move(
        Application.objects.get(pk=ids[0]),
        to_stage=last,
        actor=hr_user,
        override=True,
        reason="Known to us",
        notify=False,
    )
    occupied = set(job.applications.values_list("stage", flat=True))
    assert {first.pk, second.pk, last.pk} <= occupied
    return job


def _statements(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:300]
    return len(queries.captured_queries)


@pytest.mark.parametrize(
    ("name", "client_name", "params", "most"),
    [
        ("hr-job", "hr_client", {}, 11),
        ("hr-job", "hr_client", {"closed": "1"}, 12),
        ("hr-job", "hr_client", {"min_years": "1"}, 12),
        ("job-funnel", "hr_api", {}, 2),
        ("application-list", "hr_api", {"page_size": 20}, 2),
        ("stage-event-list", "hr_api", {"page_size": 20}, 2),
    ],
)
def test_the_statements_are_the_same_for_a_small_and_a_large_job(
    request, hr_user, name, client_name, params, most
):
    client = request.getfixturevalue(client_name)
    counts = []
    for size in (4, 150):
        job = _job(size, hr_user)
        if name in ("hr-job", "job-funnel"):
            url = reverse(name, args=[job.pk])
        else:
            url, params = reverse(name), params | {"job": job.pk}
        _statements(client, url, params)  # the first request warms what is kept per process
        counts.append(_statements(client, url, params))
    assert counts[0] == counts[1] <= most, counts
