"""The offers card of the HR application page: the terms (to HR only), the approvals, the
forms, and bad input shown on the form with nothing changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from applications import services, workflow
from applications.models import Offer
from interviews import services as interview_services
from tests.applications.offer_support import approvers, draft, in_offer_stage

pytestmark = pytest.mark.django_db

# The whole application page with a draft awaiting approval: the same at both sizes.
QUERIES = 14


def test_hr_sees_the_terms_and_the_approvals(hr_client, hr_user):
    application = in_offer_stage(hr_user)
    approvers(application.job, "dora", "eve")
    draft(hr_user, application, salary=Decimal("25000"), contract_type="fellowship")

    page = hr_client.get(reverse("hr-application", args=[application.pk])).content.decode()

    assert "CNY 25,000.00" in page
    assert "Fellowship or visiting position" in page
    assert "Draft (awaiting approval)" in page
    assert "Dora" in page and "to approve next" in page
    assert "Preview the letter (PDF)" in page
    assert "no offer approvers" not in page


def test_the_page_says_when_no_approval_is_needed(hr_client, hr_user):
    application = in_offer_stage(hr_user)
    draft(hr_user, application)
    page = hr_client.get(reverse("hr-application", args=[application.pk])).content.decode()
    assert "can be sent without approval" in page
    assert "Send the offer" in page


def test_an_offer_with_a_bad_salary_is_refused_on_the_form(hr_client, hr_user):
    application = in_offer_stage(hr_user)
    response = hr_client.post(
        reverse("hr-application-offer", args=[application.pk]),
        {
            "salary": "lots",
            "currency": "CNY",
            "contract_type": "permanent",
            "offered_on": "2019-03-01",
        },
    )
    assert response.status_code == 400
    assert "Enter a number." in response.content.decode()
    assert not Offer.objects.exists()


def test_hr_drafts_and_changes_an_offer_on_the_page(hr_client, hr_user):
    application = in_offer_stage(hr_user)
    terms = {
        "position_title": "",
        "salary": "30000.5",
        "currency": "EUR",
        "contract_type": "fixed_term",
        "offered_on": "2019-03-01",
        "respond_by": "2019-03-10",
        "start_date": "",
        "notes": "",
    }
    response = hr_client.post(reverse("hr-application-offer", args=[application.pk]), terms)
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert (offer.salary, offer.currency, offer.status) == (Decimal("30000.50"), "EUR", "draft")
    assert offer.position_title == "Field ecologist"

    early = hr_client.post(
        reverse("hr-offer-edit", args=[application.pk, offer.pk]),
        terms | {"respond_by": "2019-02-01"},
    )
    assert early.status_code == 400
    offer.refresh_from_db()
    assert offer.respond_by == dt.date(2019, 3, 10)


def _interviewer_on_panel(application, hr, interviewer, colleague):
    job = application.job
    rounds = interview_services.rounds_ensure_for_job(job=job, actor=hr)
    held = dt.datetime(2019, 2, 14, 2, tzinfo=dt.UTC)
    workflow.move(
        application, to_stage=rounds[0].stage, actor=hr, override=True, reason="t", notify=False
    )
    interview_services.interview_schedule(
        actor=hr,
        application=application,
        round=rounds[0],
        starts_at=held,
        ends_at=held + dt.timedelta(hours=1),
        time_zone="Asia/Shanghai",
        panel=[interviewer, colleague],
        venue="Room 2",
        notify=False,
    )
    workflow.move(
        application,
        to_stage=job.stages.get(kind="offer"),
        actor=hr,
        override=True,
        reason="t",
        notify=False,
    )


def test_an_interviewer_never_sees_the_salary(hr_user, interviewer, other_interviewer):
    application = in_offer_stage(hr_user)
    _interviewer_on_panel(application, hr_user, interviewer, other_interviewer)
    application.refresh_from_db()
    services.offer_make(
        actor=hr_user,
        application=application,
        offered_on=dt.date(2019, 3, 1),
        salary=Decimal("987654"),
    )
    client = Client()
    client.force_login(interviewer)

    assert client.get(reverse("hr-application", args=[application.pk])).status_code == 403
    candidate_page = client.get(reverse("interview-candidate", args=[application.pk]))
    assert candidate_page.status_code == 200
    assert "987,654" not in candidate_page.content.decode()
    assert "987654" not in candidate_page.content.decode()


@pytest.mark.parametrize("size", [1, 4])
def test_the_offers_card_queries_do_not_grow_with_the_approvers(
    hr_client, hr_user, size, django_assert_max_num_queries
):
    application = in_offer_stage(hr_user)
    people = approvers(application.job, *[f"approver{n}" for n in range(size)])
    offer = draft(hr_user, application)
    for person in people[:-1]:
        services.offer_approve(actor=person, offer=offer, comment="fine")
    url = reverse("hr-application", args=[application.pk])
    hr_client.get(url)  # the letter template is seeded on first use
    with django_assert_max_num_queries(QUERIES):
        response = hr_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("to approve next") == 1
