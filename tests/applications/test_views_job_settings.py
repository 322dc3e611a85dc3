"""HR creates a job opening and edits its settings on the pages
(applications/views/job_settings.py), and who may use them."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from applications import selectors, services, workflow
from applications.models import (
    JobOpening,
    JobQuestion,
    PipelineTemplate,
    Posting,
)
from tests.applications.job_support import as_items, choice, snapshot, yes_no
from tests.factories import channel, make_application, make_job, stages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates")]


def formset_post(prefix: str, rows: list[dict], section: str | None = None) -> dict:
    """POST data of a formset: rows with an `id` come first and are its initial forms."""
    data = {
        "section": section or prefix,
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value is False or value is None:
                continue  # an unticked box or an empty hidden id is not sent
            if isinstance(value, list):
                value = "\n".join(value)
            data[f"{prefix}-{index}-{key}"] = "on" if value is True else str(value)
    return data


def stage_rows(job) -> list[dict]:
    return [
        {"id": s.pk, "name": s.name, "kind": s.kind, "ORDER": s.position + 1} for s in stages(job)
    ]


def question_rows(job) -> list[dict]:
    return [{**item, "ORDER": i + 1} for i, item in enumerate(as_items(job))]


def details_post(job, **changes) -> dict:
    data = {
        "section": "details",
        "reference": job.reference,
        "title": job.title,
        "department": job.department,
        "location": job.location,
        "employment_type": job.employment_type,
        "status": job.status,
        "opens_on": job.opens_on.isoformat() if job.opens_on else "",
        "closes_on": job.closes_on.isoformat() if job.closes_on else "",
        "headcount": str(job.headcount),
        "description": job.description,
        "requirements": job.requirements,
    }
    if job.is_foreign_expert_call:
        data["is_foreign_expert_call"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def settings_url(job) -> str:
    return reverse("hr-job-settings", args=[job.pk])


def job_state(job) -> tuple:
    fresh = JobOpening.objects.get(pk=job.pk)
    return (
        fresh.reference,
        fresh.title,
        fresh.headcount,
        list(fresh.stages.order_by("position").values_list("id", "name", "kind")),
        snapshot(fresh),
        list(fresh.postings.values_list("channel__slug", "posted_on")),
    )


def test_job_list_links_to_the_create_page(hr_client):
    html = hr_client.get(reverse("hr-jobs")).content.decode()
    assert f'href="{reverse("hr-job-create")}"' in html
    assert "New job opening" in html


def test_create_page_preselects_the_default_pipeline(hr_client):
    response = hr_client.get(reverse("hr-job-create"))
    assert response.status_code == 200
    default = PipelineTemplate.objects.get(is_default=True)
    assert response.context["form"]["pipeline"].value() == default.pk
    assert f'<option value="{default.pk}" selected>' in response.content.decode()


def create_post(**changes) -> dict:
    data = {
        "reference": "SCI-2026-01",
        "title": "Science officer",
        "department": "Science Programmes",
        "location": "Beijing, China",
        "employment_type": "fixed_term",
        "status": "open",
        "opens_on": "2026-03-01",
        "closes_on": "2026-04-30",
        "headcount": "2",
        "is_foreign_expert_call": "on",
        "description": "Plans joint programmes.",
        "requirements": "A doctorate.",
        "pipeline": str(PipelineTemplate.objects.get(name="Foreign-expert call").pk),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_create_page_creates_the_job_with_its_pipeline(hr_client, hr_user):
    response = hr_client.post(reverse("hr-job-create"), create_post())
    job = JobOpening.objects.get(reference="SCI-2026-01")
    assert response.status_code == 302
    assert response["Location"] == settings_url(job)
    assert (job.title, job.employment_type, job.status, job.headcount) == (
        "Science officer",
        "fixed_term",
        "open",
        2,
    )
    assert (job.opens_on, job.closes_on) == (dt.date(2026, 3, 1), dt.date(2026, 4, 30))
    assert job.is_foreign_expert_call is True
    assert job.created_by == hr_user
    template = PipelineTemplate.objects.get(name="Foreign-expert call")
    assert [s.name for s in stages(job)] == [s.name for s in template.stages.all()]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"reference": ""}, "reference", "required"),
        ({"title": "  "}, "title", "required"),
        ({"headcount": "0"}, "headcount", "greater than or equal to 1"),
        ({"closes_on": "2026-02-01"}, "closes_on", "cannot be before the opening date"),
        ({"status": "archived"}, "status", "Select a valid choice"),
        ({"pipeline": "999999"}, "pipeline", "Select a valid choice"),
    ],
)
def test_create_page_shows_field_errors_and_creates_nothing(hr_client, changes, field, words):
    count = JobOpening.objects.count()
    response = hr_client.post(reverse("hr-job-create"), create_post(**changes))
    assert response.status_code == 400
    assert words in str(response.context["form"].errors[field])
    assert "has-error" in response.content.decode()
    assert JobOpening.objects.count() == count


def test_create_page_refuses_a_reference_in_use(hr_client):
    make_job(reference="SCI-2026-01")
    response = hr_client.post(reverse("hr-job-create"), create_post())
    assert response.status_code == 400
    assert "already exists" in str(response.context["form"].errors["reference"])
    assert JobOpening.objects.filter(reference="SCI-2026-01").count() == 1


def test_settings_is_the_last_job_tab(hr_client):
    job = make_job()
    html = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    tabs = html[html.index('class="jobtabs"') : html.index("</nav>", html.index('class="jobtabs"'))]
    assert tabs.rstrip().endswith(f'<a href="{settings_url(job)}" >Settings</a>')
    page = hr_client.get(settings_url(job)).content.decode()
    assert f'<a href="{settings_url(job)}" aria-current="page">Settings</a>' in page


def test_settings_page_title_is_the_job_reference_alone(hr_client):
    job = make_job()
    html = hr_client.get(reverse("hr-job-settings", args=[job.pk])).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert job.reference in title
    assert "<" not in title and len(title) < 80
    assert html.count('id="offer-approvers"') == 1


def test_settings_details_saved(hr_client):
    job = make_job(title="Programme officer")
    response = hr_client.post(
        settings_url(job), details_post(job, title="Senior programme officer", headcount="3")
    )
    assert response.status_code == 302
    assert response["Location"] == settings_url(job) + "#details"
    job.refresh_from_db()
    assert (job.title, job.headcount) == ("Senior programme officer", 3)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"reference": "TAKEN-1"}, "reference", "already exists"),
        ({"title": ""}, "title", "required"),
        ({"opens_on": "2019-01-10", "closes_on": "2019-01-01"}, "closes_on", "cannot be before"),
    ],
)
def test_settings_details_refused_changes_nothing(hr_client, changes, field, words):
    make_job(reference="TAKEN-1")
    job = make_job(title="Programme officer")
    before = job_state(job)
    response = hr_client.post(settings_url(job), details_post(job, headcount="9", **changes))
    assert response.status_code == 400
    assert words in str(response.context["details_form"].errors[field])
    assert "Nothing was saved" in response.content.decode()
    assert job_state(job) == before
    assert response.context["job"].title == "Programme officer"


def test_settings_stages_renamed_reordered_added(hr_client):
    job = make_job()
    rows = stage_rows(job)
    rows[3]["name"] = "First interview"
    rows[3]["ORDER"], rows[4]["ORDER"] = 5, 4
    rows.append({"name": "Reference checks", "kind": "interview", "ORDER": 6})
    response = hr_client.post(settings_url(job), formset_post("stages", rows))
    assert response.status_code == 302, (
        response.context and response.context["stage_formset"].errors
    )
    assert response["Location"].endswith("#stages")
    assert [s.name for s in stages(job)] == [
        "Application received",
        "Preliminary screening",
        "Written examination",
        "Interview round 2",
        "First interview",
        "Reference checks",
        "Offer",
        "Joined",
    ]


def test_settings_stage_given_a_taken_number_goes_before_the_stage_there(hr_client):
    job = make_job()
    rows = stage_rows(job)
    rows[4]["ORDER"] = 4  # "Interview round 2" to 4th, where "Interview round 1" stands
    response = hr_client.post(settings_url(job), formset_post("stages", rows))
    assert response.status_code == 302
    assert [s.name for s in stages(job)][3:5] == ["Interview round 2", "Interview round 1"]


def test_settings_stages_removed_when_unused(hr_client):
    job = make_job()
    rows = stage_rows(job)
    rows[2]["DELETE"] = True
    response = hr_client.post(settings_url(job), formset_post("stages", rows))
    assert response.status_code == 302
    assert "Written examination" not in [s.name for s in stages(job)]


def test_settings_stage_with_applications_is_not_removed(hr_client, hr_user):
    application = make_application()
    job = application.job
    workflow.move(application, to_stage=stages(job)[1], actor=hr_user)
    before = job_state(job)
    rows = stage_rows(job)
    rows[1]["DELETE"] = True
    rows[2]["name"] = "Exam"
    response = hr_client.post(settings_url(job), formset_post("stages", rows))
    assert response.status_code == 400
    errors = response.context["stage_formset"].non_form_errors()
    assert errors == [
        "Stages that applications have reached cannot be removed: Preliminary screening."
    ]
    assert "Stages that applications have reached" in response.content.decode()
    assert job_state(job) == before


def test_settings_stage_row_half_filled_is_a_field_error(hr_client):
    job = make_job()
    before = job_state(job)
    rows = [*stage_rows(job), {"name": "Reference checks", "ORDER": 8}]
    response = hr_client.post(settings_url(job), formset_post("stages", rows))
    assert response.status_code == 400
    assert response.context["stage_formset"].forms[7].errors["kind"] == ["Choose the stage's kind."]
    assert job_state(job) == before


def test_settings_questions_saved(hr_client):
    job = make_job()
    rows = [
        {**choice(is_knockout=True, knockout_answer="Master"), "ORDER": 1},
        {"label": "Years of experience", "kind": "number", "ORDER": 2},
    ]
    response = hr_client.post(settings_url(job), formset_post("questions", rows))
    assert response.status_code == 302
    assert response["Location"].endswith("#questions")
    first, second = job.questions.order_by("position")
    assert (first.choices, first.is_knockout, first.knockout_answer) == (
        ["Bachelor", "Master", "Doctorate"],
        True,
        "Master",
    )
    assert (second.label, second.kind, second.required) == ("Years of experience", "number", False)


def test_settings_questions_edited_reordered_and_removed(hr_client, hr_user):
    job = make_job()
    first, second, third = services.job_questions_replace(
        job=job, actor=hr_user, questions=[yes_no(), choice(), yes_no("Remove me?")]
    )
    rows = question_rows(job)
    rows[0]["ORDER"], rows[1]["ORDER"] = 2, 1
    rows[1]["label"] = "Your highest degree"
    rows[2]["DELETE"] = True
    response = hr_client.post(settings_url(job), formset_post("questions", rows))
    assert response.status_code == 302
    assert list(job.questions.order_by("position").values_list("id", "label")) == [
        (second.pk, "Your highest degree"),
        (first.pk, "Can you start in March?"),
    ]


def test_settings_single_choice_with_one_choice_is_refused_in_place(hr_client, hr_user):
    job = make_job()
    services.job_questions_replace(job=job, actor=hr_user, questions=[yes_no()])
    before = job_state(job)
    rows = [*question_rows(job), {**choice(choices=["Master"]), "ORDER": 2}]
    rows[0]["label"] = "Changed?"
    response = hr_client.post(settings_url(job), formset_post("questions", rows))
    assert response.status_code == 400
    formset = response.context["question_formset"]
    assert formset.forms[1].errors["choices"] == [
        "A single-choice question needs at least two choices."
    ]
    assert not formset.forms[0].errors
    assert "A single-choice question needs at least two choices." in response.content.decode()
    assert job_state(job) == before


def test_settings_question_errors_land_on_the_row_in_its_new_order(hr_client, hr_user):
    job = make_job()
    services.job_questions_replace(job=job, actor=hr_user, questions=[yes_no(), choice()])
    rows = question_rows(job)
    rows[0]["ORDER"], rows[1]["ORDER"] = 2, 1
    rows[0]["knockout_answer"] = "perhaps"
    rows[0]["is_knockout"] = True
    response = hr_client.post(settings_url(job), formset_post("questions", rows))
    assert response.status_code == 400
    forms = response.context["question_formset"].forms
    assert forms[0].errors["knockout_answer"] == ["The required answer is “yes” or “no”."]
    assert not forms[1].errors


def test_settings_posting_added_and_removed(hr_client):
    job = make_job()
    response = hr_client.post(
        settings_url(job),
        {
            "section": "posting_add",
            "channel": channel("linkedin").pk,
            "posted_on": "2018-09-03",
            "url": "https://www.linkedin.com/jobs/view/1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#postings")
    posting = Posting.objects.get(job=job)
    assert (posting.channel.slug, posting.posted_on) == ("linkedin", dt.date(2018, 9, 3))
    response = hr_client.post(
        settings_url(job), {"section": "posting_remove", "posting": posting.pk}
    )
    assert response.status_code == 302
    assert not Posting.objects.filter(job=job).exists()


def test_settings_duplicate_posting_is_a_field_error(hr_client, hr_user):
    job = make_job()
    services.posting_add(
        job=job, actor=hr_user, channel=channel("linkedin"), posted_on=dt.date(2018, 9, 3)
    )
    before = job_state(job)
    response = hr_client.post(
        settings_url(job),
        {"section": "posting_add", "channel": channel("linkedin").pk, "posted_on": "2018-09-03"},
    )
    assert response.status_code == 400
    assert "already posted on LinkedIn" in response.context["posting_form"].errors["posted_on"][0]
    assert job_state(job) == before


def test_settings_cannot_remove_another_jobs_posting(hr_client, hr_user):
    other = services.posting_add(
        job=make_job(), actor=hr_user, channel=channel("linkedin"), posted_on=dt.date(2018, 9, 3)
    )
    job = make_job()
    response = hr_client.post(
        settings_url(job), {"section": "posting_remove", "posting": other.pk}, follow=True
    )
    assert "already removed" in response.content.decode()
    assert Posting.objects.filter(pk=other.pk).exists()


def test_settings_unknown_section_changes_nothing(hr_client):
    job = make_job()
    before = job_state(job)
    response = hr_client.post(settings_url(job), {**details_post(job, title="X"), "section": "x"})
    assert response.status_code == 400
    assert job_state(job) == before


def test_settings_lists_postings_with_their_tracked_apply_link(hr_client, hr_user, settings):
    settings.SITE_URL = "https://jobs.example.org"
    job = make_job(reference="FE-2018-09")
    services.posting_add(
        job=job, actor=hr_user, channel=channel("linkedin"), posted_on=dt.date(2018, 9, 3)
    )
    html = hr_client.get(settings_url(job)).content.decode()
    assert 'value="https://jobs.example.org/careers/FE-2018-09/?source=linkedin"' in html


def test_apply_link_brings_its_source_to_the_careers_pages(client, hr_user):
    job = make_job(reference="FE-2018-09", closes_on=dt.date(2099, 1, 1))
    posting = services.posting_add(
        job=job, actor=hr_user, channel=channel("linkedin"), posted_on=dt.date(2018, 9, 3)
    )
    url = selectors.posting_apply_url(posting)
    assert url.endswith("/careers/FE-2018-09/?source=linkedin")
    link = urlsplit(url)
    response = client.get(f"{link.path}?{link.query}")
    assert response.status_code == 200
    assert response.context["source"] == "linkedin"
    apply_href = reverse("careers-apply", args=[job.reference]) + "?source=linkedin"
    assert apply_href in response.content.decode()


def _pages(job) -> list[tuple[str, str]]:
    return [
        ("get", reverse("hr-job-create")),
        ("post", reverse("hr-job-create")),
        ("get", settings_url(job)),
        ("post", settings_url(job)),
    ]


def test_pages_send_anonymous_to_login(client):
    job = make_job()
    for method, url in _pages(job):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_pages_refuse_interviewers(client, interviewer):
    client.force_login(interviewer)
    job = make_job()
    before = job_state(job)
    for method, url in _pages(job):
        assert getattr(client, method)(url, create_post()).status_code == 403, url
    assert job_state(job) == before
    assert not JobOpening.objects.filter(reference="SCI-2026-01").exists()


def test_pages_open_to_hr(hr_client):
    job = make_job()
    assert hr_client.get(reverse("hr-job-create")).status_code == 200
    assert hr_client.get(settings_url(job)).status_code == 200
    assert hr_client.post(reverse("hr-job-create"), create_post()).status_code == 302
    assert hr_client.post(settings_url(job), details_post(job)).status_code == 302


def test_settings_of_a_missing_job_is_404(hr_client):
    assert hr_client.get(reverse("hr-job-settings", args=[999999])).status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_settings_page_query_count_is_constant(
    hr_client, hr_user, size, django_assert_max_num_queries
):
    job = make_job()
    services.job_questions_replace(
        job=job, actor=hr_user, questions=[yes_no(f"Question {i}?") for i in range(size)]
    )
    for i in range(size):
        services.posting_add(
            job=job,
            actor=hr_user,
            channel=channel(["linkedin", "careers"][i % 2]),
            posted_on=dt.date(2018, 9, 1) + dt.timedelta(days=i),
        )
        make_application(job=job)
    # 10, and two for the offer approvers (the seats and the HR users to choose from).
    with django_assert_max_num_queries(12):
        response = hr_client.get(settings_url(job))
    assert response.status_code == 200
    assert len(response.context["postings"]) == size
    assert len(response.context["question_rows"]) == size + 1


def test_settings_question_of_another_job_is_refused_on_top_of_its_row(hr_client, hr_user):
    (foreign,) = services.job_questions_replace(job=make_job(), actor=hr_user, questions=[yes_no()])
    job = make_job()
    rows = [{**yes_no("Mine now?"), "id": foreign.pk, "ORDER": 1}]
    data = formset_post("questions", rows)
    data["questions-INITIAL_FORMS"] = "0"  # a tampered form: the id came from elsewhere
    response = hr_client.post(settings_url(job), data)
    assert response.status_code == 400
    form = response.context["question_formset"].forms[0]
    assert form.non_field_errors() == ["This question does not belong to this job."]
    assert "This question does not belong to this job." in response.content.decode()
    assert JobQuestion.objects.get(pk=foreign.pk).label == "Can you start in March?"


def test_settings_stages_choose_which_stages_email_the_applicant(hr_client):
    job = make_job()
    page = hr_client.get(settings_url(job)).content.decode()
    assert "E-mail the applicant" in page
    rows = stage_rows(job)
    for row in rows:
        row["notify_applicant"] = row["kind"] in ("offer", "hired")
    response = hr_client.post(settings_url(job), formset_post("stages", rows))
    assert response.status_code == 302
    assert {s.kind: s.notify_applicant for s in stages(job)} == {
        "applied": False,
        "screening": False,
        "exam": False,
        "interview": False,
        "offer": True,
        "hired": True,
    }
