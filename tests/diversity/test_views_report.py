"""The adverse-impact report: the four-fifths flag, small groups hidden, the filters, the CSV,
who may see it, and its query count."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from diversity import selectors
from diversity.options import PREFER_NOT_TO_SAY
from tests.factories import make_job

pytestmark = pytest.mark.django_db

REPORT = reverse("diversity-report")


@pytest.fixture
def screened(monitoring_on, reached):
    """One job's applicants by made-up group, and how many of each reached screening:
    Orchidvale 6 of 10 (60 %), Fernhollow 3 of 10 (30 %: ratio 0.5, flagged),
    Mossbright 4 of 4 (only 4 people: hidden), "Prefer not to say" 1 of 5."""
    job = make_job()
    for gender, total, passed in (
        ("zq-orchid", 10, 6),
        ("zq-fern", 10, 3),
        ("zq-moss", 4, 4),
        (PREFER_NOT_TO_SAY, 5, 1),
    ):
        for number in range(total):
            reached(job, 1 if number < passed else 0, gender=gender, age_band="25-34")
    return job


def _row(html, label):
    """The cells of the report's row of this group in the first (gender) table's first stage."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', html, re.S)
    assert match, label
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_made_up_groups_flag_the_one_under_80_percent_and_hide_those_under_5(hr_client, screened):
    report = selectors.adverse_impact_report(
        start=timezone.localdate() - dt.timedelta(days=1), end=timezone.localdate()
    )
    gender = report.dimensions[0]
    screening = gender.stages[0]
    assert screening.kind == "screening"
    groups = {row.result.group: row.result for row in screening.groups}
    assert groups["zq-orchid"].highest and groups["zq-orchid"].rate == pytest.approx(0.6)
    assert groups["zq-fern"].flagged and groups["zq-fern"].ratio == pytest.approx(0.5)
    assert groups["zq-moss"].hidden and groups["zq-moss"].rate is None
    assert not groups[PREFER_NOT_TO_SAY].flagged and groups[PREFER_NOT_TO_SAY].base == 5

    html = hr_client.get(REPORT).content.decode()
    assert "Below four-fifths" in _row(html, "Fernhollow")
    assert "10 3 30.0 % 0.50" in _row(html, "Fernhollow")
    assert _row(html, "Orchidvale") == "10 6 60.0 % highest 1.00 within four-fifths"
    assert _row(html, "Mossbright") == "fewer than 5 — not shown"
    assert "not compared" in _row(html, "Prefer not to say")
    assert "is not used as the highest group either" in html


def test_the_csv_carries_the_same_figures_and_no_hidden_ones(hr_client, screened):
    response = hr_client.get(REPORT, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    screening = {
        r["group"]: r for r in rows if r["question"] == "gender" and r["stage"] == "screening"
    }
    assert screening["Fernhollow"]["below_four_fifths"] == "yes"
    assert screening["Fernhollow"]["impact_ratio"] == "0.50"
    assert screening["Orchidvale"]["selection_rate_percent"] == "60.0"
    moss = screening["Mossbright"]
    assert moss["reached_stage_before"] == "fewer than 5 — not shown" and moss["selected"] == ""
    assert screening["Prefer not to say"]["below_four_fifths"] == ""


def test_the_period_and_the_job_filter_the_applications(hr_client, screened, reached):
    other = make_job()
    reached(other, 0, gender="zq-orchid", submitted_at=timezone.now() - dt.timedelta(days=400))
    reached(other, 0, gender="zq-fern")
    report = selectors.adverse_impact_report(
        start=timezone.localdate() - dt.timedelta(days=30), end=timezone.localdate()
    )
    assert report.applications == 30
    only = selectors.adverse_impact_report(
        start=timezone.localdate() - dt.timedelta(days=500), end=timezone.localdate(), job=other
    )
    assert only.applications == 2
    page = hr_client.get(REPORT, {"job": other.pk})
    assert page.status_code == 200 and "1 application submitted" in page.content.decode()


def test_a_period_that_ends_before_it_starts_is_refused(hr_client, monitoring_on):
    page = hr_client.get(REPORT, {"start": "2026-05-01", "end": "2026-04-01"})
    assert page.status_code == 400
    assert "comes before its start" in page.content.decode()


def test_no_answers_at_all_shows_every_group_as_small(hr_client, reached, monitoring_on):
    job = make_job()
    for _ in range(3):
        reached(job, 1)
    html = hr_client.get(REPORT).content.decode()
    assert _row(html, "Orchidvale") == "fewer than 5 — not shown"
    assert "no group large enough to compare" in html


@pytest.mark.parametrize("url", [REPORT, reverse("diversity-settings")])
def test_only_hr_may_see_the_report_and_settings(client, interviewer, django_user_model, url):
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(interviewer)
    assert client.get(url).status_code == 403
    client.force_login(django_user_model.objects.create_user("rita", password="pw-rita"))
    assert client.get(url).status_code == 403
    assert client.post(url, {"enabled": "on"}).status_code == 403
    assert selectors.monitoring_settings().enabled is False


def test_the_report_links_the_settings_and_the_reports_page_links_the_report(
    hr_client, monitoring_on
):
    html = hr_client.get(REPORT).content.decode()
    assert reverse("diversity-settings") in html
    assert f'href="{REPORT}"' in hr_client.get(reverse("hr-reports")).content.decode()


# The session, the user, their groups; the settings, the aggregate, the pipelines; the jobs of
# the filter's choice (the page only).
QUERIES = 7


@pytest.mark.parametrize("jobs", [1, 4])
def test_report_query_count_does_not_grow(
    hr_client, reached, monitoring_on, jobs, django_assert_max_num_queries
):
    for _ in range(jobs):
        job = make_job()
        for index, gender in enumerate(["zq-orchid", "zq-fern", PREFER_NOT_TO_SAY, ""] * jobs):
            reached(job, index % 4, gender=gender, age_band="35-44" if index % 2 else "")
    with django_assert_max_num_queries(QUERIES):
        assert hr_client.get(REPORT).status_code == 200
    with django_assert_max_num_queries(QUERIES - 1):
        assert hr_client.get(REPORT, {"format": "csv"}).status_code == 200
