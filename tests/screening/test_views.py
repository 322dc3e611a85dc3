"""HR pages of screening and the exam: access by role, the queue, criteria, set-up, marks."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import JobQuestion, PipelineTemplate
from applications.services import pipeline_template_save
from ats.actors import SYSTEM
from screening import services
from screening.models import ScreeningCriteria, ScreeningDecision, SectionScore
from tests.factories import make_application, make_job
from tests.screening.support import (
    EXAM_START,
    exam_for,
    expert_job,
    in_stage,
    invited,
    make_cv,
    screening_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(hr_user):
    """A job with criteria, one application in screening, and an exam with one invitation."""
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, min_degree="master")
    application = screening_application(hr_user, job=job)
    exam = exam_for(job, hr_user)
    (sitting,) = invited(exam, hr_user)
    return job, application, sitting


def pages(job, application) -> list[tuple[str, str]]:
    return [
        ("get", reverse("hr-screening", args=[job.pk])),
        ("get", reverse("hr-screening-application", args=[job.pk, application.pk])),
        ("post", reverse("hr-screening-decide", args=[job.pk, application.pk])),
        ("post", reverse("hr-screening-pass-recommended", args=[job.pk])),
        ("post", reverse("hr-screening-evaluate", args=[job.pk])),
        ("get", reverse("hr-screening-decided", args=[job.pk])),
        ("get", reverse("hr-screening-criteria", args=[job.pk])),
        ("post", reverse("hr-screening-criteria", args=[job.pk])),
        ("get", reverse("hr-exam", args=[job.pk])),
        ("post", reverse("hr-exam", args=[job.pk])),
        ("post", reverse("hr-exam-invite", args=[job.pk])),
        ("get", reverse("hr-exam-marks", args=[job.pk])),
        ("post", reverse("hr-exam-marks", args=[job.pk])),
        ("post", reverse("hr-exam-marks-import", args=[job.pk])),
        ("get", reverse("hr-exam-marks-csv", args=[job.pk])),
        ("get", reverse("hr-exam-results", args=[job.pk])),
        ("get", reverse("hr-application-screening", args=[application.pk])),
    ]


def test_anonymous_is_sent_to_login(client, setting):
    job, application, _sitting = setting
    for method, url in pages(job, application):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_interviewer_is_refused(client, interviewer, setting):
    job, application, _sitting = setting
    client.force_login(interviewer)
    for method, url in pages(job, application):
        assert getattr(client, method)(url).status_code == 403, url
    assert not ScreeningDecision.objects.exists()


def test_hr_reaches_every_page(hr_client, setting):
    job, application, _sitting = setting
    expected_post = {
        reverse("hr-screening-pass-recommended", args=[job.pk]): {200},
        reverse("hr-screening-evaluate", args=[job.pk]): {302},
        reverse("hr-exam-invite", args=[job.pk]): {302},
        # An empty grid changes nothing: saved as is.
        reverse("hr-exam-marks", args=[job.pk]): {302},
    }
    for method, url in pages(job, application):
        response = getattr(hr_client, method)(url)
        expected = {200} if method == "get" else expected_post.get(url, {400})
        assert response.status_code in expected, (url, response.status_code)


def test_tabs_link_the_screening_and_exam_pages(hr_client, setting):
    job, _application, _sitting = setting
    page = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    assert reverse("hr-screening", args=[job.pk]) in page
    assert reverse("hr-exam", args=[job.pk]) in page


def test_expert_call_has_no_exam_tab(hr_client, hr_user):
    job = expert_job()
    page = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    assert reverse("hr-screening", args=[job.pk]) in page
    assert reverse("hr-exam", args=[job.pk]) not in page


# --- the queue -----------------------------------------------------------------------------


def test_queue_shows_the_first_undecided_with_rules_and_evidence(hr_client, hr_user):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, min_degree="master")
    first = screening_application(
        hr_user, job=job, submitted_at=dt.datetime(2019, 1, 1, tzinfo=dt.UTC)
    )
    second = screening_application(
        hr_user, job=job, submitted_at=dt.datetime(2019, 1, 2, tzinfo=dt.UTC)
    )
    make_cv(second, degree="master", degree_source="page 1: MSc Ecology, Lund University, 2011")
    services.evaluations_run_for_job(job_id=job.pk)
    services.decision_record(application=first, actor=hr_user, decision="pass")

    response = hr_client.get(reverse("hr-screening", args=[job.pk]))

    assert response.context["current"].application.pk == second.pk
    page = response.content.decode()
    assert "MSc Ecology, Lund University, 2011" in page
    assert 'data-key="p"' in page and 'data-key="f"' in page and 'data-key="h"' in page
    assert "js/screening-queue.js" in page
    assert response.context["next_row"] is None
    assert response.context["previous_row"].application.pk == first.pk


def test_deciding_moves_on_to_the_next_undecided(hr_client, hr_user):
    job = make_job()
    one, two, three = (screening_application(hr_user, job=job) for _ in range(3))
    services.decision_record(application=two, actor=hr_user, decision="fail")

    response = hr_client.post(
        reverse("hr-screening-decide", args=[job.pk, one.pk]),
        {"decision": "pass", "note": "Strong"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("hr-screening-application", args=[job.pk, three.pk])
    decision = ScreeningDecision.objects.get(application=one)
    assert (decision.decision, decision.note, decision.reviewer) == ("pass", "Strong", hr_user)


def test_a_refused_decision_is_shown_on_the_page(hr_client, hr_user):
    job = make_job()
    application = screening_application(hr_user, job=job)
    response = hr_client.post(
        reverse("hr-screening-decide", args=[job.pk, application.pk]), {"decision": "maybe"}
    )
    assert response.status_code == 400
    assert response.context["decision_form"].errors
    assert not ScreeningDecision.objects.exists()


def test_deciding_on_another_jobs_application_is_not_found(hr_client, hr_user):
    job = make_job()
    other = screening_application(hr_user)
    response = hr_client.post(
        reverse("hr-screening-decide", args=[job.pk, other.pk]), {"decision": "pass"}
    )
    assert response.status_code == 404


def test_pass_every_recommended_from_the_page(hr_client, hr_user):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, min_degree="master")
    good, weak = screening_application(hr_user, job=job), screening_application(hr_user, job=job)
    make_cv(good, degree="phd")
    make_cv(weak, degree="bachelor")
    services.evaluations_run_for_job(job_id=job.pk)

    response = hr_client.post(reverse("hr-screening-pass-recommended", args=[job.pk]))

    assert response.status_code == 200
    assert [(o.application_id, o.recorded) for o in response.context["outcomes"]] == [
        (good.pk, True),
        (weak.pk, False),
    ]
    assert ScreeningDecision.objects.get().application == good


def test_passed_applications_can_be_moved_on_from_the_queue(hr_client, hr_user):
    job = make_job()
    application = screening_application(hr_user, job=job)
    services.decision_record(application=application, actor=hr_user, decision="pass")
    page = hr_client.get(reverse("hr-screening", args=[job.pk]))
    assert page.context["gate_open"] == [application.pk]
    response = hr_client.post(
        reverse("hr-job-bulk-move", args=[job.pk]),
        {"applications": [application.pk], "to_stage": page.context["next_stage"].pk},
    )
    assert "1 application moved." in response.content.decode()
    application.refresh_from_db()
    assert application.stage.kind == "exam"


# --- criteria ------------------------------------------------------------------------------


def test_criteria_form_saves_and_shows_knockouts(hr_client, hr_user):
    job = make_job()
    JobQuestion.objects.create(
        job=job,
        label="Can you start by March?",
        kind="yes_no",
        is_knockout=True,
        knockout_answer="yes",
    )
    page = hr_client.get(reverse("hr-screening-criteria", args=[job.pk]))
    assert "Can you start by March?" in page.content.decode()
    response = hr_client.post(
        reverse("hr-screening-criteria", args=[job.pk]),
        {
            "min_degree": "master",
            "min_years_experience": "2",
            "required_languages": "English",
            "desired_skills": "GIS, Python",
            "nationality_rule": "not_host",
            "host_country": "CN",
            "deadline": "2019-01-02",
            "blind": "on",
        },
    )
    assert response.status_code == 302
    criteria = job.screening_criteria
    assert (criteria.min_degree, criteria.desired_skills, criteria.blind) == (
        "master",
        ["GIS", "Python"],
        True,
    )


def test_criteria_form_errors_change_nothing(hr_client):
    job = make_job()
    response = hr_client.post(
        reverse("hr-screening-criteria", args=[job.pk]),
        {"min_years_experience": "-3", "nationality_rule": "one_of", "host_country": "CN"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors

    assert not ScreeningCriteria.objects.exists()


# --- the exam ------------------------------------------------------------------------------


def test_exam_set_up_from_the_page(hr_client, hr_user):
    job = make_job()
    response = hr_client.post(
        reverse("hr-exam", args=[job.pk]),
        {
            "title": "Written examination",
            "starts_at": "2031-01-26T09:00",
            "time_zone": "Asia/Shanghai",
            "duration_minutes": "180",
            "venue": "Room 301",
            "pass_mark": "60",
            "discrepancy_threshold": "5",
            "sections-TOTAL_FORMS": "3",
            "sections-INITIAL_FORMS": "0",
            "sections-0-name": "Knowledge",
            "sections-0-max_points": "40",
            "sections-1-name": "Essay",
            "sections-1-max_points": "60",
            "sections-2-name": "",
            "sections-2-max_points": "",
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    exam = job.exam
    assert exam.starts_at == dt.datetime(2031, 1, 26, 1, 0, tzinfo=dt.UTC)
    assert [s.name for s in exam.sections.order_by("position")] == ["Knowledge", "Essay"]
    page = hr_client.get(reverse("hr-exam", args=[job.pk])).content.decode()
    assert 'value="2031-01-26T09:00"' in page


def test_exam_page_refuses_a_pass_mark_above_the_total(hr_client):
    job = make_job()
    response = hr_client.post(
        reverse("hr-exam", args=[job.pk]),
        {
            "title": "Exam",
            "starts_at": "2031-01-26T09:00",
            "time_zone": "Asia/Shanghai",
            "duration_minutes": "60",
            "venue": "Room 1",
            "pass_mark": "150",
            "discrepancy_threshold": "5",
            "sections-TOTAL_FORMS": "1",
            "sections-INITIAL_FORMS": "0",
            "sections-0-name": "All",
            "sections-0-max_points": "100",
        },
    )
    assert response.status_code == 400
    assert "above the total" in str(response.context["form"].errors)


def exam_form(exam, **changes):
    """The exam page's form as it shows the exam, with `changes`."""
    data = {
        "title": exam.title,
        "starts_at": "2031-01-26T09:00",
        "time_zone": exam.time_zone,
        "duration_minutes": str(exam.duration_minutes),
        "venue": exam.venue,
        "pass_mark": str(exam.pass_mark),
        "discrepancy_threshold": str(exam.discrepancy_threshold),
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
    }
    for n, section in enumerate(exam.sections.order_by("position")):
        data[f"sections-{n}-id"] = str(section.pk)
        data[f"sections-{n}-name"] = section.name
        data[f"sections-{n}-max_points"] = str(section.max_points)
        data["sections-TOTAL_FORMS"] = str(n + 1)
    return {**data, **changes}


def test_exam_page_refuses_moving_an_exam_with_invitations_into_the_past(hr_client, hr_user):
    exam = exam_for(make_job(), hr_user)
    invited(exam, hr_user)
    response = hr_client.post(
        reverse("hr-exam", args=[exam.job.pk]), exam_form(exam, starts_at="2020-05-09T09:00")
    )
    assert response.status_code == 400
    assert "time that has passed" in str(response.context["form"].errors["starts_at"])
    exam.refresh_from_db()
    assert exam.starts_at == EXAM_START


def test_exam_page_warns_that_a_past_exam_takes_no_invitations(hr_client, hr_user):
    exam = exam_for(make_job(), hr_user)
    in_stage(make_application(job=exam.job), "exam", hr_user)  # waiting for an invitation
    response = hr_client.post(
        reverse("hr-exam", args=[exam.job.pk]),
        exam_form(exam, starts_at="2020-05-09T09:00"),
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("time has passed: no invitation or update can be sent") == 2  # message
    assert "1 application in the examination stage has no invitation." in page
    assert reverse("hr-exam-invite", args=[exam.job.pk]) not in page


def test_invite_from_the_page(hr_client, hr_user, django_capture_on_commit_callbacks):
    exam = exam_for(make_job(), hr_user)
    in_stage(make_application(job=exam.job), "exam", hr_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(reverse("hr-exam-invite", args=[exam.job.pk]))
    assert response.status_code == 302
    assert exam.sittings.count() == 1 and len(mail.outbox) == 1


def grid_post(row_sitting, exam, **cells):
    """Form data for the grid: cells like a="30" (section by its first letter's position)."""
    sections = list(exam.sections.order_by("position"))
    data = {
        f"o-att-{row_sitting.pk}": row_sitting.attendance,
        f"att-{row_sitting.pk}": cells.pop("att", row_sitting.attendance),
    }
    for index, section in enumerate(sections):
        key = f"m-{row_sitting.pk}-{section.pk}-first"
        data[f"o-{key}"] = ""
        data[key] = cells.get("ab"[index], "")
    return data


def test_marks_grid_saves_attendance_and_marks(hr_client, hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    response = hr_client.post(
        reverse("hr-exam-marks", args=[exam.job.pk]), grid_post(sitting, exam, a="30", b="45.5")
    )
    assert response.status_code == 302
    assert sorted(SectionScore.objects.values_list("points", flat=True)) == [
        Decimal(30),
        Decimal("45.5"),
    ]
    page = hr_client.get(reverse("hr-exam-marks", args=[exam.job.pk]))
    (line,) = page.context["grid"]
    assert line["row"].result.total == Decimal("75.5") and line["row"].passed


def test_marks_grid_with_a_bad_mark_saves_nothing(hr_client, hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    response = hr_client.post(
        reverse("hr-exam-marks", args=[exam.job.pk]), grid_post(sitting, exam, a="30", b="61")
    )
    assert response.status_code == 400
    assert "above the maximum of 60" in str(response.context["grid_errors"])
    assert not SectionScore.objects.exists()
    assert 'value="61"' in response.content.decode()  # what was typed is shown again


def test_marks_grid_does_not_overwrite_what_it_did_not_change(hr_client, hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    section_a = exam.sections.order_by("position").first()
    # Another marker saved 33 after this page showed an empty box that was left empty.
    services.marks_save(
        exam=exam,
        actor=hr_user,
        entries=[services.ScoreEntry(sitting, section_a, "first", Decimal(33))],
    )
    hr_client.post(reverse("hr-exam-marks", args=[exam.job.pk]), grid_post(sitting, exam, b="50"))
    assert SectionScore.objects.get(section=section_a).points == Decimal(33)


def test_csv_import_from_the_page_reports_bad_rows(hr_client, hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    upload = SimpleUploadedFile(
        "marks.csv",
        f"candidate_number,Section A\n{sitting.candidate_number},99\n".encode(),
        "text/csv",
    )
    response = hr_client.post(reverse("hr-exam-marks-import", args=[exam.job.pk]), {"file": upload})
    assert response.status_code == 400
    assert "Line 2" in response.content.decode()
    assert not SectionScore.objects.exists()


def test_csv_import_from_the_page(hr_client, hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    upload = SimpleUploadedFile(
        "marks.csv",
        f"candidate_number,Section A,Section B\n{sitting.candidate_number},30,40\n".encode(),
    )
    response = hr_client.post(reverse("hr-exam-marks-import", args=[exam.job.pk]), {"file": upload})
    assert response.status_code == 302
    assert SectionScore.objects.count() == 2


def test_marks_csv_download(hr_client, hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    response = hr_client.get(reverse("hr-exam-marks-csv", args=[exam.job.pk]))
    lines = response.content.decode().splitlines()
    assert lines == [
        "candidate_number,marker,Section A,Section B",
        f"{sitting.candidate_number},first,,",
    ]


def test_results_rank_and_name_the_reasons(hr_client, hr_user):
    exam = exam_for(make_job(), hr_user)
    good, low, absent = invited(exam, hr_user, count=3)
    section_a, section_b = exam.sections.order_by("position")
    services.marks_save(
        exam=exam,
        actor=hr_user,
        entries=[
            services.ScoreEntry(good, section_a, "first", Decimal(35)),
            services.ScoreEntry(good, section_b, "first", Decimal(50)),
            services.ScoreEntry(low, section_a, "first", Decimal(20)),
            services.ScoreEntry(low, section_b, "first", Decimal(34)),
        ],
        attendance={absent.pk: "absent"},
    )
    response = hr_client.get(reverse("hr-exam-results", args=[exam.job.pk]))
    page = response.content.decode()
    assert response.context["counts"] == {
        "invited": 3,
        "present": 2,
        "absent": 1,
        "excused": 0,
        "passed": 1,
    }
    assert "scored 54 of 100, below the pass mark of 60" in page
    assert "absent from the written examination" in page
    assert response.context["movable"] == [good.application_id]


def test_application_page_shows_the_screening_panel(hr_client, hr_user):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, min_degree="master")
    application = screening_application(hr_user, job=job)
    make_cv(application, degree="master", degree_source="page 1: MSc Ecology, 2011")
    services.evaluations_run_for_job(job_id=job.pk)
    services.decision_record(
        application=application, actor=hr_user, decision="hold", note="Ask for a reference"
    )
    page = hr_client.get(reverse("hr-application", args=[application.pk])).content.decode()
    panel_url = reverse("hr-application-screening", args=[application.pk])
    assert f'hx-get="{panel_url}"' in page  # loaded once the page shows
    panel = hr_client.get(panel_url).content.decode()
    assert 'id="screening"' in panel
    assert "MSc Ecology, 2011" in panel and "Ask for a reference" in panel


def test_exam_result_in_the_application_panel(hr_client, hr_user):
    exam = exam_for(make_job(), hr_user)
    (sitting,) = invited(exam, hr_user)
    services.sitting_attendance_set(
        sitting=sitting, actor=hr_user, attendance="absent", at=EXAM_START
    )
    panel = hr_client.get(reverse("hr-application-screening", args=[sitting.application_id]))
    page = panel.content.decode()
    assert sitting.candidate_number in page and "absent from the written examination" in page


def test_no_panel_for_a_job_without_screening(hr_client, hr_user):
    template = pipeline_template_save(
        actor=SYSTEM,
        name="Direct hire",
        stages=[{"name": "Received", "kind": "applied"}, {"name": "Joined", "kind": "hired"}],
    )
    application = make_application(job=make_job(pipeline=template))
    response = hr_client.get(reverse("hr-application-screening", args=[application.pk]))
    assert response.status_code == 200 and response.content == b""
    assert PipelineTemplate.objects.filter(name="Direct hire").exists()


@pytest.mark.parametrize(
    "data", [b"candidate_number,Section A\n1,3\x000\n", bytes(range(256)) * 4], ids=["nul", "bin"]
)
def test_csv_import_from_the_page_of_a_file_that_is_not_text_is_400_naming_the_line(
    hr_client, hr_user, data
):
    exam = exam_for(make_job(), hr_user)
    invited(exam, hr_user)
    upload = SimpleUploadedFile("marks.csv", data, "text/csv")
    response = hr_client.post(reverse("hr-exam-marks-import", args=[exam.job.pk]), {"file": upload})
    assert response.status_code == 400
    assert "is not text (it contains a NUL byte)" in response.content.decode()
    assert not SectionScore.objects.exists()
