"""Blind screening holds beyond the screening pages: the pipeline board, the application page,
the applications and candidates API show no name, e-mail or phone until the reviewer decides."""

import pytest
from django.urls import reverse

from applications import workflow
from applications.models import PossibleDuplicate
from screening import services
from tests.factories import CandidateFactory, UserFactory, make_application, make_job
from tests.screening.support import make_cv, screening_application

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Ngozi Okafor", "ngozi.okafor@example.org", "+234 803 555 0199"


def secrets_in(text: str) -> list[str]:
    found = [s for s in ("Ngozi", "Okafor", "ngozi", "okafor", EMAIL, PHONE) if s in text]
    if "8035550199" in "".join(c for c in text if c.isdigit()):
        found.append("phone digits")
    return found


def _application(hr_user, *, blind: bool):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, blind=blind)
    candidate = CandidateFactory(full_name=NAME, email=EMAIL, phone=PHONE, nationality="NG")
    application = screening_application(hr_user, job=job, candidate=candidate)
    make_cv(application, text=f"{NAME}\n{EMAIL} | {PHONE}\nSkills: GIS")
    return application


@pytest.fixture
def blind(hr_user):
    return _application(hr_user, blind=True)


def _pages(client, api, application) -> dict[str, str]:
    """Every page and endpoint of `applications` that shows this applicant, as text."""
    job_id = application.job_id
    return {
        "pipeline": client.get(reverse("hr-job", args=[job_id])).content.decode(),
        "application": client.get(
            reverse("hr-application", args=[application.pk]), follow=True
        ).content.decode(),
        "api list": api.get(reverse("application-list"), {"job": job_id}).content.decode(),
        "api detail": api.get(
            reverse("application-detail", args=[application.pk])
        ).content.decode(),
        "candidates": api.get(reverse("candidate-list")).content.decode(),
        "candidate": api.get(
            reverse("candidate-detail", args=[application.candidate_id])
        ).content.decode(),
    }


def test_every_page_and_endpoint_hides_the_applicant_before_a_decision(hr_client, hr_api, blind):
    pages = _pages(hr_client, hr_api, blind)
    for name, text in pages.items():
        assert secrets_in(text) == [], name
        assert "Nigeria" not in text and '"NG"' not in text, name
    reference = f"Applicant #A-{blind.pk:04d}"
    for name in ("pipeline", "application", "api list", "api detail", "candidates"):
        assert reference in pages[name], name


def test_the_board_links_a_masked_card_to_the_screening_queue(hr_client, blind):
    page = hr_client.get(reverse("hr-job", args=[blind.job_id])).content.decode()
    assert reverse("hr-screening-application", args=[blind.job_id, blind.pk]) in page
    assert f'href="{reverse("hr-application", args=[blind.pk])}"' not in page


def test_the_application_page_redirects_to_the_screening_queue_entry(hr_client, blind):
    response = hr_client.get(reverse("hr-application", args=[blind.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "hr-screening-application", args=[blind.job_id, blind.pk]
    )
    followed = hr_client.get(response["Location"]).content.decode()
    assert "Blind screening: this application is shown without the applicant" in followed
    cv = hr_client.get(reverse("hr-application-cv", args=[blind.pk]))
    assert cv.status_code == 302  # the file has the name, the photo


def test_the_api_refuses_the_parsed_cv_and_hides_the_file(hr_api, blind):
    detail = hr_api.get(reverse("application-detail", args=[blind.pk])).json()
    assert detail["candidate"] == {
        "id": None,
        "full_name": f"Applicant #A-{blind.pk:04d}",
        "email": None,
        "nationality": None,
    }
    assert detail["cv"]["url"] is None and detail["cv"]["original_name"] is None
    response = hr_api.get(reverse("application-cv", args=[blind.pk]))
    assert response.status_code == 403
    assert secrets_in(response.content.decode()) == []


def test_searches_by_name_email_nationality_or_cv_text_do_not_find_a_masked_applicant(
    hr_client, hr_api, blind
):
    for params in ({"q": "Okafor"}, {"q": EMAIL}, {"nationality": "NG"}, {"cv_text": "Okafor"}):
        response = hr_api.get(reverse("application-list"), params)
        assert response.json()["results"] == [], params
    assert hr_api.get(reverse("candidate-list"), {"q": "Okafor"}).json()["count"] == 0
    board = hr_client.get(reverse("hr-job", args=[blind.job_id]), {"cv_text": "Okafor"})
    assert sum(len(c.applications) for c in board.context["columns"]) == 0
    # Without the search it is there, masked.
    listed = hr_api.get(reverse("application-list"), {"job": blind.job_id}).json()["results"]
    assert len(listed) == 1


def test_board_messages_name_the_reference_not_the_applicant(hr_client, blind):
    response = hr_client.post(reverse("hr-pipeline-advance", args=[blind.pk]), follow=True)
    text = response.content.decode()
    assert f"Applicant #A-{blind.pk:04d}" in text
    assert secrets_in(text) == []


@pytest.mark.parametrize("decision", ["pass", "fail"])
def test_everything_shows_again_after_the_reviewers_decision(
    hr_client, hr_api, hr_user, blind, decision
):
    services.decision_record(application=blind, actor=hr_user, decision=decision)
    pages = _pages(hr_client, hr_api, blind)
    for name in ("pipeline", "application", "api list", "api detail", "candidates", "candidate"):
        assert NAME in pages[name], name
    for name in ("application", "api detail", "candidates", "candidate"):
        assert EMAIL in pages[name], name
    assert hr_client.get(reverse("hr-application", args=[blind.pk])).status_code == 200


def test_a_hold_or_another_reviewers_decision_keeps_the_mask(hr_client, hr_api, hr_user, blind):
    services.decision_record(application=blind, actor=hr_user, decision="hold")
    services.decision_record(application=blind, actor=UserFactory(groups=["hr"]), decision="pass")
    for name, text in _pages(hr_client, hr_api, blind).items():
        assert secrets_in(text) == [], name


def test_everything_shows_once_the_application_leaves_screening(hr_client, hr_api, hr_user, blind):
    exam = blind.job.stages.get(position=blind.stage.position + 1)
    workflow.move(blind, to_stage=exam, actor=hr_user, override=True, reason="test", notify=False)
    pages = _pages(hr_client, hr_api, blind)
    for name in ("pipeline", "application", "api list", "api detail", "candidates"):
        assert NAME in pages[name], name


def test_a_job_without_blind_screening_shows_everything(hr_client, hr_api, hr_user):
    application = _application(hr_user, blind=False)
    pages = _pages(hr_client, hr_api, application)
    for name, text in pages.items():
        assert NAME in text, name
    for name in ("application", "api detail", "candidates", "candidate"):
        assert EMAIL in pages[name], name
    assert PHONE in pages["candidate"]


def _populate_blind(hr_user, size):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, blind=True)
    for i in range(size):
        if i % 2 == 0:
            make_application(job=job)  # still in "applied": masked too
            continue
        application = screening_application(hr_user, job=job)
        if i % 4 == 1:
            services.decision_record(application=application, actor=hr_user, decision="pass")
    return job


@pytest.mark.parametrize("size", [10, 500])
def test_pipeline_page_query_count_with_masks(
    hr_client, hr_user, size, django_assert_max_num_queries
):
    job = _populate_blind(hr_user, size)
    with django_assert_max_num_queries(15):  # as tests/applications/test_views_board.py pins it
        response = hr_client.get(reverse("hr-job", args=[job.pk]))
    cards = [a for c in response.context["columns"] for a in c.applications]
    assert sum(c.total for c in response.context["columns"]) == size
    assert len(cards) == sum(min(c.total, 50) for c in response.context["columns"])
    assert any(a.masked for a in cards) and not all(a.masked for a in cards)


@pytest.mark.parametrize("size", [10, 500])
def test_application_list_query_count_with_masks(
    hr_api, hr_user, size, django_assert_max_num_queries
):
    job = _populate_blind(hr_user, size)
    with django_assert_max_num_queries(4):  # as tests/applications/test_api.py pins it
        response = hr_api.get(reverse("application-list"), {"job": job.pk, "page_size": 500})
    names = [row["candidate"]["full_name"] for row in response.json()["results"]]
    assert len(names) == size
    assert any(n.startswith("Applicant #") for n in names)
    assert not all(n.startswith("Applicant #") for n in names)


@pytest.mark.parametrize("size", [10, 100])
def test_candidate_list_query_count_with_masks(
    hr_api, hr_user, size, django_assert_max_num_queries
):
    _populate_blind(hr_user, size)
    with django_assert_max_num_queries(4):
        response = hr_api.get(reverse("candidate-list"), {"page_size": 500})
    assert response.json()["count"] == size


def test_the_possible_duplicates_api_does_not_name_a_masked_applicant(hr_api, hr_user, blind):
    other = CandidateFactory(full_name="Ngozi O.", email="n.o@example.net", phone=PHONE)
    flag = PossibleDuplicate.objects.create(
        candidate=blind.candidate, existing=other, reason="same phone number"
    )
    listed = hr_api.get(reverse("possible-duplicate-list")).content.decode()
    one = hr_api.get(reverse("possible-duplicate-detail", args=[flag.pk])).content.decode()
    for text in (listed, one):
        assert NAME not in text and EMAIL not in text
        assert f"Applicant #A-{blind.pk:04d}" in text
    services.decision_record(application=blind, actor=hr_user, decision="pass")
    assert NAME in hr_api.get(reverse("possible-duplicate-list")).content.decode()


def test_bulk_email_from_the_board_names_the_reference_not_the_applicant(hr_client, blind):
    response = hr_client.post(reverse("hr-messages-write"), {"applications": [blind.pk]})
    text = response.content.decode()
    assert f"Applicant #A-{blind.pk:04d}" in text
    assert secrets_in(text) == []


def test_a_bulk_refusal_names_the_reference_not_the_applicant(hr_client, blind):
    response = hr_client.post(
        reverse("hr-job-bulk-move", args=[blind.job_id]),
        {"applications": [blind.pk], "to_stage": blind.job.stages.order_by("position")[0].pk},
    )
    text = response.content.decode()
    assert f"Applicant #A-{blind.pk:04d}" in text and "needs a reason" in text
    assert secrets_in(text) == []
