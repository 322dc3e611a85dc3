"""The reports page: HR only, the filter and its errors, charts with their tables, CSV."""

import csv
import io
import re

import pytest
from django.urls import reverse

from tests.factories import make_application, make_job
from tests.reports.conftest import T0, YEAR_2019

pytestmark = pytest.mark.django_db
URL = "/hr/reports/"


def test_reports_page_is_for_hr_only(client, interviewer):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(interviewer)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("hr-report-csv", args=["channels"])).status_code == 403


def test_hr_navigation_links_the_reports(hr_client):
    assert 'href="/hr/reports/"' in hr_client.get(reverse("hr-jobs")).content.decode()


def test_job_page_links_its_reports(hr_client, two_jobs):
    job = two_jobs[0]
    page = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    assert f'href="/hr/reports/?job={job.pk}"' in page
    # Named by the job only, the range starts when the job opened.
    response = hr_client.get(URL, {"job": job.pk})
    assert response.context["scope"].date_from == job.opens_on
    assert response.context["scope"].job == job


def test_default_range_is_the_last_twelve_months(hr_client):
    response = hr_client.get(URL)
    assert response.status_code == 200
    scope = response.context["scope"]
    assert (scope.date_to - scope.date_from).days in range(334, 366)
    assert response.context["form"]["from"].value() == scope.date_from.isoformat()


def test_page_shows_each_section_with_a_chart_and_a_table(hr_client, two_jobs):
    page = hr_client.get(URL, YEAR_2019).content.decode()
    svgs = re.findall(r"<svg .*?</svg>", page, flags=re.S)
    assert len(svgs) == 7
    for svg in svgs:
        assert 'role="img"' in svg and "aria-labelledby=" in svg
        assert "<title id=" in svg and "<desc id=" in svg
    assert page.count("<table>") >= 7 and page.count("<caption>") >= 7
    assert '<th scope="row">Careers page</th><td class="num">4</td>' in page
    assert '<h2 id="sec-funnel">' in page


def test_labels_are_escaped_in_charts_and_tables(hr_client, hr_decides_gates):
    job = make_job(reference="<b>X</b>", department='R&D "<lab>"')
    make_application(job=job, submitted_at=T0)
    page = hr_client.get(URL, YEAR_2019).content.decode()
    assert "<b>X</b>" not in page
    assert "&lt;b&gt;X&lt;/b&gt;" in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"from": "2019-05-01", "to": "2019-04-01"}, "to", "cannot be before its start"),
        ({"from": "bad", "to": "2019-04-01"}, "from", "valid date"),
        ({"from": "2000-01-01", "to": "2019-04-01"}, "to", "at most ten years"),
        ({"job": "999999"}, "job", "valid choice"),
    ],
)
def test_bad_filters_are_shown_on_their_field(hr_client, query, field, message):
    response = hr_client.get(URL, query)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "<svg" not in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_filters_narrow_the_figures(hr_client, two_jobs):
    response = hr_client.get(URL, {**YEAR_2019, "department": "Science"})
    assert {row.kind: row.reached for row in response.context["funnel"]}["applied"] == 2
    response = hr_client.get(URL, {**YEAR_2019, "channel": "linkedin"})
    assert [c.slug for c in response.context["channels"]] == ["linkedin"]


def _csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_csv_of_each_section(hr_client, two_jobs):
    rows = _csv(hr_client.get(reverse("hr-report-csv", args=["channels"]), YEAR_2019))
    assert rows[0] == ["channel", "name", "applied", "screened", "interviewed", "offered", "hired"]
    assert ["careers", "Careers page", "4", "2", "0", "1", "1"] in rows
    assert ["linkedin", "LinkedIn", "2", "1", "0", "0", "0"] in rows
    funnel = _csv(hr_client.get(reverse("hr-report-csv", args=["funnel"]), YEAR_2019))
    assert [r[2] for r in funnel[1:]] == ["6", "4", "2", "1", "1", "1"]
    offers = _csv(hr_client.get(reverse("hr-report-csv", args=["offers"]), YEAR_2019))
    assert offers[1][:2] == ["1", "1"] and offers[1][-1] == "1.0"
    fill = _csv(hr_client.get(reverse("hr-report-csv", args=["time-to-fill"]), YEAR_2019))
    assert fill[1][0] == two_jobs[0].reference and fill[1][3] == "1"
    months = _csv(hr_client.get(reverse("hr-report-csv", args=["time-to-hire"]), YEAR_2019))
    assert months[1][:2] == ["2019-01", "1"] and months[1][3] == "30.0"
    heads = _csv(hr_client.get(reverse("hr-report-csv", args=["headcount"]), YEAR_2019))
    assert sorted(r[4] for r in heads[1:]) == ["0", "1"]
    response = hr_client.get(reverse("hr-report-csv", args=["interviewers"]), YEAR_2019)
    assert _csv(response) == [
        ["interviewer", "interviews", "scorecards_submitted", "median_hours_to_scorecard"]
    ]
    assert 'filename="interviewers-2019-01-01-2019-12-31.csv"' in response["Content-Disposition"]


def test_csv_of_unknown_section_or_bad_range(hr_client):
    assert hr_client.get("/hr/reports/nothing.csv").status_code == 404
    bad = hr_client.get(reverse("hr-report-csv", args=["funnel"]), {"from": "bad"})
    assert bad.status_code == 400 and "valid date" in bad.content.decode()


def test_adverse_impact_link_appears_when_its_url_exists(hr_client, settings):
    page = hr_client.get(URL).content.decode()
    assert f'href="{reverse("diversity-report")}">Adverse impact</a>' in page
    settings.ROOT_URLCONF = "tests.reports.urls_without_diversity"
    response = hr_client.get(URL)
    assert response.status_code == 200
    assert "Adverse impact" not in response.content.decode()
