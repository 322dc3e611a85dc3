"""The API's searches and pages are answered by indexes on PostgreSQL (EXPLAIN says which), and
the name search matches the way the indexes store names and addresses."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application, Candidate, CVDocument, fold_name
from screening import services as screening_services
from tests.factories import CandidateFactory, channel, make_application, make_job, stages
from tests.screening.support import make_cv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the indexes are PostgreSQL's"
)


def _ids(api, **params) -> set[int]:
    response = api.get(reverse("application-list"), params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_name_search_ignores_case_and_accents_and_finds_the_email(hr_api):
    job = make_job()
    muller = make_application(
        job=job, candidate=CandidateFactory(full_name="Jörg Müller", email="J.Mueller@Example.org")
    )
    make_application(job=job, candidate=CandidateFactory(full_name="Ana Silva"))
    assert _ids(hr_api, job=job.pk, q="muller") == {muller.pk}
    assert _ids(hr_api, job=job.pk, q="MÜLLER jörg") == {muller.pk}
    assert _ids(hr_api, job=job.pk, q="j.MUELLER@example") == {muller.pk}
    assert _ids(hr_api, job=job.pk, q="muller silva") == set()


def _list_query(api, params) -> str:
    """The SQL of the API list's page query (the last query that reads applications)."""
    with CaptureQueriesContext(connection) as queries:
        response = api.get(reverse("application-list"), params)
    assert response.status_code == 200, response.content
    pages = [q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"]]
    return pages[-1]


def _plan(sql: str, *, analyze: bool = False) -> str:
    with connection.cursor() as cursor:
        # A handful of test rows: make the planner show what it would do with many.
        cursor.execute("ANALYZE applications_application, applications_candidate")
        cursor.execute("ANALYZE applications_cvdocument")
        # What autovacuum does in the background: rows inserted into a GIN index wait in its
        # pending list, which the planner counts as a cost until they are merged.
        for index in ("candidate_name_key_trgm", "candidate_email_trgm", "cv_text_search"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {'(ANALYZE, COSTS OFF) ' if analyze else ''}{sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def crowded_job():
    """A job with enough applications that an index beats reading them all (bulk: no events)."""
    job = make_job()
    people = Candidate.objects.bulk_create(
        Candidate(
            full_name=f"Person Number{i}",
            name_key=fold_name(f"Person Number{i}"),
            email=f"person{i}@example.org",
            email_normalised=f"person{i}@example.org",
        )
        for i in range(3000)
    )
    first, careers = stages(job)[0], channel("careers")
    Application.objects.bulk_create(
        Application(candidate=person, job=job, stage=first, source=careers) for person in people
    )
    make_application(job=job, candidate=CandidateFactory(full_name="Ngozi Okafor"))
    return job


@postgres_only
def test_the_name_search_uses_the_trigram_indexes(hr_api, crowded_job):
    plan = _plan(_list_query(hr_api, {"job": crowded_job.pk, "q": "okafor"}))
    assert "candidate_name_key_trgm" in plan, plan
    assert "candidate_email_trgm" in plan, plan


@postgres_only
def test_the_page_after_a_cursor_starts_in_the_job_index(hr_api, crowded_job):
    first = hr_api.get(reverse("application-list"), {"job": crowded_job.pk, "page_size": 10})
    next_link = first.json()["next"]
    with CaptureQueriesContext(connection) as queries:
        assert hr_api.get(next_link).status_code == 200
    sql = next(q["sql"] for q in reversed(queries.captured_queries) if "LIMIT" in q["sql"])
    plan = _plan(sql)
    assert "application_job_newest" in plan, plan
    assert "Sort" not in plan, plan  # the index gives the order: no sort of the whole job


@postgres_only
def test_the_cv_text_search_uses_the_full_text_index(hr_api, crowded_job):
    CVDocument.objects.bulk_create(
        CVDocument(
            application=application,
            file=f"cvs/{application.pk}.pdf",
            original_name="cv.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            text=f"Person {application.pk}\nSkills: accounting, Excel",
        )
        for application in crowded_job.applications.exclude(candidate__full_name="Ngozi Okafor")
    )
    application = crowded_job.applications.get(candidate__full_name="Ngozi Okafor")
    make_cv(application, text="Ngozi Okafor\nSkills: hydrology, GIS")
    plan = _plan(_list_query(hr_api, {"job": crowded_job.pk, "cv_text": "hydrology"}))
    assert "cv_text_search" in plan, plan


@postgres_only
def test_no_blind_job_no_identity_subquery_per_row(hr_api, hr_user, crowded_job):
    plan = _plan(_list_query(hr_api, {"job": crowded_job.pk}), analyze=True)
    # The mask's subquery is planned but never run: no job is screened blind.
    assert "SubPlan" in plan and "never executed" in plan, plan
    screening_services.criteria_save(job=make_job(), actor=hr_user, blind=True)
    plan = _plan(_list_query(hr_api, {"job": crowded_job.pk}), analyze=True)
    subplan = plan.split("SubPlan", 1)[1].splitlines()[1]
    assert "never executed" not in subplan and "loops=" in subplan, plan


@postgres_only
def test_the_board_reads_a_page_per_column_from_the_board_index(hr_client, crowded_job):
    """Each column's first cards are one LIMIT on (stage, stage_entered_at, id), not a window
    numbering every card of the job."""
    with CaptureQueriesContext(connection) as queries:
        assert hr_client.get(reverse("hr-job", args=[crowded_job.pk])).status_code == 200
    sql = next(q["sql"] for q in queries.captured_queries if "UNION ALL" in q["sql"])
    plan = _plan(sql, analyze=True)
    assert "application_board_order" in plan, plan
    assert "WindowAgg" not in plan, plan
    # The first column holds 3,001 cards; the scan of its index stops after the page.
    scanned = [line for line in plan.splitlines() if "application_board_order" in line]
    assert all("rows=50 " in line or "rows=0 " in line for line in scanned), plan


@postgres_only
def test_cv_matches_and_ranks_read_the_stored_vector(hr_client, crowded_job):
    """The candidates search matches and ranks CVs on the stored column: no statement parses a
    CV's text again (`to_tsvector` of the text)."""
    application = crowded_job.applications.get(candidate__full_name="Ngozi Okafor")
    make_cv(application, text="Ngozi Okafor\nSkills: hydrology, GIS")
    with CaptureQueriesContext(connection) as queries:
        response = hr_client.get(reverse("hr-candidates"), {"q": "hydrology"})
    assert response.status_code == 200
    assert "Ngozi Okafor" in response.content.decode()
    searched = [q["sql"] for q in queries.captured_queries if "text_search" in q["sql"]]
    assert searched, "no statement read the stored vector"
    assert not any("to_tsvector" in q["sql"] for q in queries.captured_queries)
