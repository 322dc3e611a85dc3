"""The screening and exam API: roles, criteria, evaluations, decisions, exams, sittings, scores."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from screening import services
from screening.models import ScreeningCriteria, ScreeningDecision, SectionScore
from tests.factories import make_application, make_job
from tests.screening.support import (
    exam_for,
    expert_job,
    in_stage,
    invited,
    make_cv,
    screening_application,
)

pytestmark = pytest.mark.django_db

API = "/api/screening/"


@pytest.fixture
def world(hr_user):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, min_degree="master")
    application = screening_application(hr_user, job=job)
    make_cv(application, degree="phd")
    services.evaluations_run_for_job(job_id=job.pk)
    decision = services.decision_record(application=application, actor=hr_user, decision="hold")
    exam = exam_for(job, hr_user)
    (sitting,) = invited(exam, hr_user)
    return {
        "job": job,
        "application": application,
        "evaluation": application.screening_evaluation,
        "decision": decision,
        "exam": exam,
        "sitting": sitting,
        "section": exam.sections.order_by("position").first(),
    }


def endpoints(w) -> list[tuple[str, str]]:
    return [
        ("get", f"{API}criteria/"),
        ("get", f"{API}criteria/{w['job'].pk}/"),
        ("post", f"{API}criteria/"),
        ("patch", f"{API}criteria/{w['job'].pk}/"),
        ("put", f"{API}criteria/{w['job'].pk}/"),
        ("get", f"{API}evaluations/"),
        ("get", f"{API}evaluations/{w['evaluation'].pk}/"),
        ("post", f"{API}evaluations/{w['evaluation'].pk}/rerun/"),
        ("post", f"{API}evaluations/run/"),
        ("get", f"{API}decisions/"),
        ("get", f"{API}decisions/{w['decision'].pk}/"),
        ("post", f"{API}decisions/"),
        ("post", f"{API}decisions/pass-recommended/"),
        ("get", f"{API}exams/"),
        ("get", f"{API}exams/{w['exam'].pk}/"),
        ("post", f"{API}exams/"),
        ("patch", f"{API}exams/{w['exam'].pk}/"),
        ("put", f"{API}exams/{w['exam'].pk}/"),
        ("post", f"{API}exams/{w['exam'].pk}/invite/"),
        ("post", f"{API}exams/{w['exam'].pk}/import-scores/"),
        ("get", f"{API}sections/"),
        ("get", f"{API}sections/{w['section'].pk}/"),
        ("get", f"{API}sittings/"),
        ("get", f"{API}sittings/{w['sitting'].pk}/"),
        ("post", f"{API}sittings/{w['sitting'].pk}/attendance/"),
        ("get", f"{API}scores/"),
        ("post", f"{API}scores/bulk/"),
    ]


def test_anonymous_gets_401_everywhere(anon_api, world):
    for method, url in endpoints(world):
        assert getattr(anon_api, method)(url, {}).status_code == 401, url


def test_interviewer_gets_403_everywhere(interviewer_api, world):
    for method, url in endpoints(world):
        assert getattr(interviewer_api, method)(url, {}).status_code == 403, url
    assert ScreeningDecision.objects.count() == 1


def test_hr_reaches_every_endpoint(hr_api, world):
    for method, url in endpoints(world):
        response = getattr(hr_api, method)(url, {})
        # Empty bodies: reads answer, writes say what is missing; the invitation has no one
        # new to invite (200), the evaluation re-runs (200), a PATCH with nothing is fine.
        expected = {"get": {200}, "post": {200, 400}, "patch": {200}, "put": {400}}[method]
        assert response.status_code in expected, (url, response.status_code, response.content)


# --- criteria ------------------------------------------------------------------------------


def test_criteria_create_and_update_bump_the_version(hr_api, hr_user):
    job = make_job()
    response = hr_api.post(
        f"{API}criteria/",
        {"job": job.pk, "min_degree": "master", "required_languages": ["english"], "blind": True},
    )
    assert response.status_code == 201, response.content
    assert response.json()["required_languages"] == ["English"]
    assert response.json()["version"] == 1
    response = hr_api.patch(f"{API}criteria/{job.pk}/", {"min_years_experience": "2.5"})
    assert response.json()["version"] == 2 and response.json()["min_degree"] == "master"


def test_criteria_bad_input_is_400_with_field_errors(hr_api):
    job = make_job()
    response = hr_api.post(
        f"{API}criteria/",
        {"job": job.pk, "nationality_rule": "one_of", "countries": ["XX"]},
    )
    assert response.status_code == 400 and "countries" in response.json()
    response = hr_api.post(f"{API}criteria/", {"job": job.pk, "min_degree": "wizard"})
    assert response.status_code == 400 and "min_degree" in response.json()


# --- evaluations ---------------------------------------------------------------------------


def test_evaluations_filter_by_recommendation_and_score(hr_api, hr_user):
    job = make_job()
    services.criteria_save(
        job=job, actor=hr_user, min_degree="master", desired_skills=["GIS", "Stata"]
    )
    strong, fair, weak = (screening_application(hr_user, job=job) for _ in range(3))
    make_cv(strong, degree="phd", skills=["GIS", "Stata"])
    make_cv(fair, degree="master", skills=["GIS"])
    make_cv(weak, degree="bachelor")
    services.evaluations_run_for_job(job_id=job.pk)

    def ids(query):
        return {
            r["application"]
            for r in hr_api.get(f"{API}evaluations/?job={job.pk}&{query}").json()["results"]
        }

    assert ids("recommendation=pass") == {strong.pk, fair.pk}
    assert ids("recommendation=fail") == {weak.pk}
    assert ids("score_min=50&score_max=60") == {fair.pk}
    assert ids("score_min=100") == {strong.pk}
    services.decision_record(application=fair, actor=hr_user, decision="pass")
    assert ids("decision=pass") == {fair.pk}
    assert hr_api.get(f"{API}evaluations/?recommendation=maybe").status_code == 400


def test_evaluation_shows_results_with_evidence(hr_api, world):
    data = hr_api.get(f"{API}evaluations/{world['evaluation'].pk}/").json()
    (degree,) = data["results"]
    assert degree["label"] == "Degree: Master or higher"
    assert (degree["outcome"], degree["source"]) == ("met", "cv")
    assert "Peking University" in degree["evidence"]
    assert data["recommendation"] == "pass" and data["stale"] is False


def test_rerun_and_run_a_job(hr_api, world, hr_user, django_capture_on_commit_callbacks):
    ScreeningCriteria.objects.filter(job=world["job"]).update(min_degree="phd", version=5)
    response = hr_api.post(f"{API}evaluations/{world['evaluation'].pk}/rerun/")
    assert response.json()["criteria_version"] == 5
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_api.post(f"{API}evaluations/run/", {"job": world["job"].pk})
    assert response.status_code == 202


# --- decisions -----------------------------------------------------------------------------


def test_record_a_decision(hr_api, world, hr_user):
    response = hr_api.post(
        f"{API}decisions/",
        {"application": world["application"].pk, "decision": "pass", "note": "Good fit"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["reviewer"] == hr_user.username
    assert hr_api.get(f"{API}decisions/?decision=pass").json()["count"] == 1
    assert hr_api.get(f"{API}decisions/?decision=hold").json()["count"] == 1


def test_decision_outside_screening_is_400(hr_api, world):
    response = hr_api.post(
        f"{API}decisions/", {"application": world["sitting"].application_id, "decision": "pass"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "not_in_screening"


def test_pass_recommended_reports_per_application(hr_api, world):
    response = hr_api.post(f"{API}decisions/pass-recommended/", {"job": world["job"].pk})
    assert response.status_code == 200
    assert response.json() == [
        {
            "application": world["application"].pk,
            "reference": f"A-{world['application'].pk:04d}",
            "recorded": True,
            "message": "pass recorded",
        }
    ]


# --- exams, sittings, scores ---------------------------------------------------------------


def test_create_an_exam_in_venue_time(hr_api):
    job = make_job()
    response = hr_api.post(
        f"{API}exams/",
        {
            "job": job.pk,
            "title": "Written examination",
            "starts_at": "2031-01-26T09:00:00",
            "time_zone": "Europe/Berlin",
            "duration_minutes": 120,
            "online_link": "https://meet.example.org/exam",
            "pass_mark": "50",
            "sections": [
                {"name": "Knowledge", "max_points": "40"},
                {"name": "Essay", "max_points": "60"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["starts_at"].startswith(
        "2031-01-26T16:00:00+08:00"
    )  # 09:00 Berlin, shown in Beijing
    assert data["local_start"] == "2031-01-26T09:00:00+01:00"
    assert data["total"] == "100.00" and len(data["sections"]) == 2
    again = hr_api.post(f"{API}exams/", {**response.json(), "job": job.pk}, format="json")
    assert again.status_code == 400


def test_exam_without_an_exam_stage_is_400(hr_api):
    response = hr_api.post(
        f"{API}exams/",
        {
            "job": expert_job().pk,
            "title": "x",
            "starts_at": "2031-01-26T09:00:00Z",
            "duration_minutes": 60,
            "venue": "Room",
            "pass_mark": "1",
            "sections": [{"name": "A", "max_points": "10"}],
        },
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "no_exam_stage"


def test_moving_an_exam_with_invitations_into_the_past_is_400(hr_api, hr_user):
    exam = exam_for(make_job(), hr_user)
    invited(exam, hr_user)
    response = hr_api.patch(
        f"{API}exams/{exam.pk}/", {"starts_at": "2020-05-09T09:00:00"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "exam_in_past" and "time that has passed" in body["starts_at"][0]


def test_sittings_filter_by_passed_and_score(hr_api, hr_user):
    exam = exam_for(make_job(), hr_user)
    high, low, absent = invited(exam, hr_user, count=3)
    a, b = exam.sections.order_by("position")
    services.marks_save(
        exam=exam,
        actor=hr_user,
        entries=[
            services.ScoreEntry(high, a, "first", Decimal(40)),
            services.ScoreEntry(high, b, "first", Decimal(50)),
            services.ScoreEntry(low, a, "first", Decimal(10)),
            services.ScoreEntry(low, b, "first", Decimal(30)),
        ],
        attendance={absent.pk: "absent"},
    )

    def ids(query):
        return {
            r["id"] for r in hr_api.get(f"{API}sittings/?exam={exam.pk}&{query}").json()["results"]
        }

    assert ids("passed=true") == {high.pk}
    assert ids("passed=false") == {low.pk, absent.pk}
    assert ids("score_min=30&score_max=60") == {low.pk}
    assert ids("attendance=absent") == {absent.pk}
    row = hr_api.get(f"{API}sittings/{low.pk}/").json()
    assert (row["total"], row["rank"], row["status"]) == ("40.00", 2, "below_pass_mark")
    assert row["refusal"] == "scored 40 of 100, below the pass mark of 60"
    assert hr_api.get(f"{API}sittings/?score_min=lots").status_code == 400


def test_attendance_endpoint(hr_api, world):
    response = hr_api.post(
        f"{API}sittings/{world['sitting'].pk}/attendance/", {"attendance": "excused"}
    )
    assert response.status_code == 200 and response.json()["status"] == "excused"
    bad = hr_api.post(f"{API}sittings/{world['sitting'].pk}/attendance/", {"attendance": "asleep"})
    assert bad.status_code == 400


def test_bulk_scores_all_or_nothing(hr_api, world):
    sitting, section = world["sitting"], world["section"]
    response = hr_api.post(
        f"{API}scores/bulk/",
        [
            {"sitting": sitting.pk, "section": section.pk, "points": "30"},
            {"sitting": sitting.pk, "section": section.pk, "marker": "second", "points": "45"},
        ],
        format="json",
    )
    assert response.status_code == 400
    assert "above the maximum of 40" in response.json()[sitting.candidate_number][0]
    assert not SectionScore.objects.exists()
    response = hr_api.post(
        f"{API}scores/bulk/",
        [{"sitting": sitting.pk, "section": section.pk, "points": "30"}],
        format="json",
    )
    assert response.status_code == 200 and response.json()["created"] == 1
    assert (
        hr_api.get(f"{API}scores/?sitting={sitting.pk}").json()["results"][0]["points"] == "30.00"
    )


def test_import_scores_endpoint(hr_api, world):
    sitting = world["sitting"]
    upload = SimpleUploadedFile(
        "marks.csv",
        f"candidate_number,Section A,Section B\n{sitting.candidate_number},30,x\n".encode(),
    )
    response = hr_api.post(
        f"{API}exams/{world['exam'].pk}/import-scores/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["line"] == 2
    assert not SectionScore.objects.exists()


def test_invite_endpoint(hr_api, world, hr_user, django_capture_on_commit_callbacks):
    in_stage(make_application(job=world["job"]), "exam", hr_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_api.post(f"{API}exams/{world['exam'].pk}/invite/")
    assert response.status_code == 200 and response.json()["invited"] == 1


@pytest.mark.parametrize(
    ("data", "line"),
    [(b"candidate_number,Section A\n1,3\x000\n", 2), (bytes(range(256)) * 4, 1)],
    ids=["nul-bytes", "binary"],
)
def test_import_of_a_file_that_is_not_text_is_400_naming_the_line(hr_api, world, data, line):
    upload = SimpleUploadedFile("marks.csv", data)
    response = hr_api.post(
        f"{API}exams/{world['exam'].pk}/import-scores/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["file_errors"] == [
        f"Line {line} is not text (it contains a NUL byte): is this a CSV file?"
    ]


def test_import_reads_bare_carriage_returns_and_windows_1252(hr_api, world):
    sitting = world["sitting"]
    data = f"candidate_number,Section A\r{sitting.candidate_number},x\xc4\r".encode("cp1252")
    response = hr_api.post(
        f"{API}exams/{world['exam'].pk}/import-scores/",
        {"file": SimpleUploadedFile("marks.csv", data)},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["line"] == 2
    assert "xÄ" in response.json()["errors"][0]["messages"][0]
