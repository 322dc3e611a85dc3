"""The reports on the demo's 2018 story: the LinkedIn call's 102 applications and 2 hires."""

import pytest

from applications import selectors as app_selectors
from applications.demo import EXPERT_REF, STAFF_REF
from applications.models import JobOpening

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]
YEAR_2018 = {"from": "2018-01-01", "to": "2018-12-31"}


def test_linkedin_102_applied_2_hired_in_2018(demo, hr_api):
    response = hr_api.get("/api/reports/channels/", YEAR_2018)
    assert response.status_code == 200
    linkedin = next(row for row in response.json()["rows"] if row["channel"] == "linkedin")
    assert linkedin["applied"] == 102
    assert linkedin["screened"] == 102  # every application entered screening
    assert linkedin["hired"] == 2
    assert linkedin["offered"] >= 2


@pytest.mark.parametrize("reference", [EXPERT_REF, STAFF_REF])
def test_each_story_jobs_funnel_equals_its_own(demo, hr_api, reference):
    job = JobOpening.objects.get(reference=reference)
    response = hr_api.get(
        "/api/reports/funnel/", {"from": "2018-01-01", "to": "2019-12-31", "job": job.pk}
    )
    org = {row["kind"]: row["reached"] for row in response.json()["rows"]}
    own = app_selectors.job_funnel(job)
    kinds = list(org)
    for kind, reached in org.items():
        # A kind the job has no stage of counts those who reached a later kind (a skip).
        later = kinds[kinds.index(kind) :]
        first = next(row for row in own if row.stage.kind in later)
        assert reached == first.reached, kind
    assert org["hired"] == job.applications.filter(status="hired").count()


def test_reports_page_on_the_demo(demo, hr_client):
    response = hr_client.get("/hr/reports/", {"from": "2018-09-01", "to": "2019-12-31"})
    assert response.status_code == 200
    assert response.context["times"].hires == 6  # 2 experts and 4 staff joined in 2019
    assert response.context["offers"].acceptance_rate is not None
    assert response.context["load"].rows  # the story's interviewers
