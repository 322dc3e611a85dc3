"""The reports API: HR only, the page's filters as query parameters, 400 with field messages."""

import pytest

from tests.reports.conftest import YEAR_2019

pytestmark = pytest.mark.django_db
ENDPOINTS = ["funnel", "channels", "time-to-hire", "offers", "headcount", "interviewers"]


@pytest.mark.parametrize("name", ENDPOINTS)
def test_every_report_is_for_hr_only(name, hr_api, interviewer_api, anon_api):
    url = f"/api/reports/{name}/"
    assert hr_api.get(url).status_code == 200
    assert interviewer_api.get(url).status_code == 403
    assert anon_api.get(url).status_code == 401


def test_interviewers_report_is_refused_to_interviewers(interviewer_api):
    response = interviewer_api.get("/api/reports/interviewers/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("name", ENDPOINTS)
def test_bad_dates_are_400_with_field_messages(name, hr_api):
    response = hr_api.get(f"/api/reports/{name}/", {"from": "bad"})
    assert response.status_code == 400
    assert list(response.json()) == ["from"]
    backwards = hr_api.get(f"/api/reports/{name}/", {"from": "2019-05-01", "to": "2019-04-01"})
    assert backwards.status_code == 400
    assert backwards.json() == {"to": ["The end of the range cannot be before its start."]}


def test_unknown_job_or_channel_is_400(hr_api):
    assert list(hr_api.get("/api/reports/funnel/", {"job": 999999}).json()) == ["job"]
    assert list(hr_api.get("/api/reports/funnel/", {"job": 2**70}).json()) == ["job"]
    assert list(hr_api.get("/api/reports/funnel/", {"channel": "nowhere"}).json()) == ["channel"]


def test_channels(hr_api, two_jobs):
    body = hr_api.get("/api/reports/channels/", YEAR_2019).json()
    assert (body["from"], body["to"]) == ("2019-01-01", "2019-12-31")
    assert body["rows"][0] == {
        "channel": "careers",
        "name": "Careers page",
        "applied": 4,
        "screened": 2,
        "interviewed": 0,
        "offered": 1,
        "hired": 1,
    }


def test_funnel_filtered_by_job(hr_api, two_jobs):
    job = two_jobs[1]
    body = hr_api.get("/api/reports/funnel/", {**YEAR_2019, "job": job.pk}).json()
    assert [row["reached"] for row in body["rows"]] == [2, 1, 0, 0, 0, 0]
    assert body["rows"][1]["conversion"] == 0.5


def test_time_to_hire_offers_headcount(hr_api, two_jobs):
    times = hr_api.get("/api/reports/time-to-hire/", YEAR_2019).json()
    assert times["hires"] == 1 and times["median_days_to_hire"] == pytest.approx(30)
    assert times["months"][0]["month"] == "2019-01-01"
    assert times["jobs"][0]["reference"] == two_jobs[0].reference
    offers = hr_api.get("/api/reports/offers/", YEAR_2019).json()
    assert (offers["made"], offers["accepted"], offers["acceptance_rate"]) == (1, 1, 1.0)
    heads = hr_api.get("/api/reports/headcount/", {**YEAR_2019, "department": "Science"})
    assert [(r["reference"], r["hired"]) for r in heads.json()["rows"]] == [
        (two_jobs[1].reference, 0)
    ]


def test_schema_documents_the_reports(hr_api):
    schema = hr_api.get("/api/schema/", {"format": "json"}).json()
    for name in ENDPOINTS:
        operation = schema["paths"][f"/api/reports/{name}/"]["get"]
        params = {p["name"] for p in operation["parameters"]}
        assert {"from", "to", "department", "job", "channel"} <= params, name
        assert {"200", "400", "401", "403"} <= set(operation["responses"]), name
