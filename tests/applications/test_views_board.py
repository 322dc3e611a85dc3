"""HR pages: access by role, the job list and pipeline board, actions through the engine."""

import pytest
from django.urls import reverse

from applications import workflow
from applications.models import ApplicationStatus
from tests.factories import make_application, make_job, rejection_reason, stages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]


def _pages(app) -> list[tuple[str, str]]:
    return [
        ("get", reverse("hr-jobs")),
        ("get", reverse("hr-job", args=[app.job_id])),
        ("get", reverse("hr-job-funnel-csv", args=[app.job_id])),
        ("get", reverse("hr-application", args=[app.pk])),
        ("post", reverse("hr-job-bulk-move", args=[app.job_id])),
        ("post", reverse("hr-application-move", args=[app.pk])),
        ("post", reverse("hr-application-reject", args=[app.pk])),
        ("post", reverse("hr-application-withdraw", args=[app.pk])),
        ("post", reverse("hr-application-reopen", args=[app.pk])),
        ("post", reverse("hr-application-offer", args=[app.pk])),
        ("post", reverse("hr-pipeline-advance", args=[app.pk])),
        ("post", reverse("hr-pipeline-reject", args=[app.pk])),
    ]


def test_anonymous_is_sent_to_login(client):
    for method, url in _pages(make_application()):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_interviewer_is_refused(client, interviewer):
    client.force_login(interviewer)
    app = make_application()
    for method, url in _pages(app):
        assert getattr(client, method)(url).status_code == 403, url
    assert app.events.count() == 1  # nothing happened


def test_login_page_logs_hr_in(client, hr_user):
    response = client.post(
        reverse("login"), {"username": "alice", "password": "pass-for-tests"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("hr-jobs")


def test_job_list_shows_counts_per_stage(hr_client, hr_user):
    job = make_job(title="Programme officer")
    for i in range(3):
        app = make_application(job=job)
        if i == 0:
            workflow.move(app, to_stage=stages(job)[1], actor=hr_user)
    response = hr_client.get(reverse("hr-jobs"))
    html = response.content.decode()
    assert "Programme officer" in html
    assert '<td class="num big">3</td>' in html
    assert '<span class="count">2</span> Application received' in html
    assert '<span class="count">1</span> Preliminary screening' in html


def test_pipeline_groups_applications_by_stage(hr_client, hr_user):
    job = make_job()
    first = make_application(job=job)
    second = make_application(job=job)
    workflow.move(second, to_stage=stages(job)[1], actor=hr_user)
    columns = hr_client.get(reverse("hr-job", args=[job.pk])).context["columns"]
    assert [a.pk for a in columns[0].applications] == [first.pk]
    assert [a.pk for a in columns[1].applications] == [second.pk]


def test_advance_button_moves_through_engine(hr_client):
    app = make_application()
    response = hr_client.post(reverse("hr-pipeline-advance", args=[app.pk]), follow=True)
    app.refresh_from_db()
    assert app.stage.position == 1
    assert "moved to Preliminary screening" in response.content.decode()


def test_move_form_shows_refusal_as_form_error(hr_client):
    app = make_application()
    response = hr_client.post(
        reverse("hr-application-move", args=[app.pk]), {"to_stage": stages(app.job)[4].pk}
    )
    assert response.status_code == 400
    assert "would skip" in response.content.decode()
    app.refresh_from_db()
    assert app.stage.position == 0


def test_stale_form_is_refused(hr_client, hr_user):
    app = make_application()
    workflow.move(app, to_stage=stages(app.job)[1], actor=hr_user)
    response = hr_client.post(
        reverse("hr-application-move", args=[app.pk]),
        {"to_stage": stages(app.job)[2].pk, "expected_version": 1},
    )
    assert response.status_code == 400
    assert "changed by someone else" in response.content.decode()


def test_reject_then_reopen_from_the_page(hr_client):
    app = make_application()
    hr_client.post(
        reverse("hr-application-reject", args=[app.pk]),
        {"rejection_reason": rejection_reason().pk, "note": "no degree"},
    )
    app.refresh_from_db()
    assert app.status == ApplicationStatus.REJECTED
    response = hr_client.post(reverse("hr-application-reopen", args=[app.pk]), {"reason": ""})
    assert response.status_code == 400
    hr_client.post(reverse("hr-application-reopen", args=[app.pk]), {"reason": "degree found"})
    app.refresh_from_db()
    assert app.status == ApplicationStatus.ACTIVE


def test_bulk_move_reports_refusals(hr_client, hr_user):
    job = make_job()
    ok = make_application(job=job)
    closed = make_application(job=job)
    workflow.reject(closed, rejection_reason=rejection_reason(), actor=hr_user)
    response = hr_client.post(
        reverse("hr-job-bulk-move", args=[job.pk]),
        {"applications": [ok.pk, closed.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 application moved." in html
    assert f"<td>{closed.candidate.full_name}</td><td>The application is rejected" in html


def test_application_page_shows_timeline(hr_client, hr_user):
    app = make_application()
    workflow.move(
        app, to_stage=stages(app.job)[2], actor=hr_user, reason="strong CV", override=True
    )
    html = hr_client.get(reverse("hr-application", args=[app.pk])).content.decode()
    assert "strong CV" in html
    assert "override" in html


def test_funnel_csv(hr_client, hr_user):
    app = make_application()
    workflow.move(app, to_stage=stages(app.job)[1], actor=hr_user)
    body = hr_client.get(reverse("hr-job-funnel-csv", args=[app.job_id])).content.decode()
    lines = body.splitlines()
    assert lines[0] == "stage,kind,reached,conversion,in_stage_now,avg_days"
    assert lines[1].startswith("Application received,applied,1,")
    assert lines[2].startswith("Preliminary screening,screening,1,1.000,1")


def _populate(job, n, hr_user):
    for i in range(n):
        app = make_application(job=job)
        if i % 2:
            workflow.move(app, to_stage=stages(job)[1], actor=hr_user, notify=False)
        if i % 7 == 0:
            workflow.reject(app, rejection_reason=rejection_reason(), actor=hr_user, notify=False)


@pytest.mark.parametrize("size", [10, 500])
def test_pipeline_page_query_count_is_constant(
    hr_client, hr_user, size, django_assert_max_num_queries
):
    job = make_job()
    _populate(job, size, hr_user)
    with django_assert_max_num_queries(15):
        response = hr_client.get(reverse("hr-job", args=[job.pk]) + "?closed=1")
    assert sum(c.total for c in response.context["columns"]) == size


@pytest.mark.parametrize("size", [10, 500])
def test_job_list_page_query_count_is_constant(
    hr_client, hr_user, size, django_assert_max_num_queries
):
    for _ in range(3):
        _populate(make_job(), size // 10 or 1, hr_user)
    with django_assert_max_num_queries(7):
        hr_client.get(reverse("hr-jobs"))


def test_the_site_icon_is_served_for_pages_that_do_not_link_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    assert 'rel="icon"' in client.get(reverse("login")).content.decode()


def test_details_left_blank_leave_no_empty_separators(hr_client):
    """A job without department or location and an applicant without a nationality: the
    header and the card name what is there, without "· ·"."""
    job = make_job(department="", location="")
    app = make_application(job=job)
    app.candidate.nationality = ""
    app.candidate.save()
    html = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    squashed = " ".join(html.split())
    assert "· ·" not in squashed
    assert f"{app.source.name} ·" in squashed
