"""The offers API: the terms, the approval actions, sending, the answer; 400 with field
messages for bad input."""

import importlib
from decimal import Decimal

import pytest
from django.urls import reverse

from applications import services
from applications.models import ApplicationStatus, Offer
from tests.applications.offer_support import approvers, draft, in_offer_stage

pytestmark = pytest.mark.django_db

# The offers (paged: a count and a page) and their approvals, at every size.
LIST_QUERIES = 3


def test_an_offer_is_drafted_with_its_terms(hr_api, hr_user):
    application = in_offer_stage(hr_user)
    response = hr_api.post(
        reverse("offer-list"),
        {
            "application": application.pk,
            "offered_on": "2019-03-01",
            "salary": "25000.00",
            "currency": "USD",
            "contract_type": "part_time",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["salary"], body["currency"]) == ("draft", "25000.00", "USD")
    assert body["contract_type"] == "part_time" and body["approvals"] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("salary", "lots"), ("salary", "-1"), ("currency", "XYZ"), ("contract_type", "gig")],
)
def test_bad_terms_are_a_400_on_the_field(hr_api, hr_user, field, value):
    application = in_offer_stage(hr_user)
    data = {"application": application.pk, "offered_on": "2019-03-01", field: value}
    response = hr_api.post(reverse("offer-list"), data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Offer.objects.exists()


def test_approve_in_order_then_send(hr_api, hr_user):
    application = in_offer_stage(hr_user)
    approvers(application.job, hr_user)
    offer = draft(hr_user, application)

    early = hr_api.post(reverse("offer-send", args=[offer.pk]))
    assert early.status_code == 400 and early.json()["code"] == "approval_required"

    approved = hr_api.post(reverse("offer-approve", args=[offer.pk]), {"comment": "ok"})
    assert approved.status_code == 200
    assert [a["decision"] for a in approved.json()["approvals"]] == ["approved"]

    sent = hr_api.post(reverse("offer-send", args=[offer.pk]))
    assert sent.status_code == 200
    assert sent.json()["status"] == "offered" and sent.json()["sent_at"]


def test_sending_back_needs_a_comment_and_resets(hr_api, hr_user):
    application = in_offer_stage(hr_user)
    approvers(application.job, hr_user)
    offer = draft(hr_user, application)
    url = reverse("offer-reject-approval", args=[offer.pk])

    missing = hr_api.post(url, {}, format="json")
    assert missing.status_code == 400 and "comment" in missing.json()

    back = hr_api.post(url, {"comment": "Lower the salary"}, format="json")
    assert back.status_code == 200
    assert back.json()["approval_round"] == 2


def test_a_draft_s_terms_change_through_patch(hr_api, hr_user):
    application = in_offer_stage(hr_user)
    offer = draft(hr_user, application)
    url = reverse("offer-detail", args=[offer.pk])
    changed = hr_api.patch(url, {"salary": "26000"}, format="json")
    assert changed.status_code == 200 and changed.json()["salary"] == "26000.00"
    bad = hr_api.patch(url, {"currency": "ABC"}, format="json")
    assert bad.status_code == 400 and "currency" in bad.json()
    assert Offer.objects.get(pk=offer.pk).salary == Decimal("26000")


def test_a_decline_through_the_api_closes_the_application(hr_api, hr_user):
    application = in_offer_stage(hr_user)
    offer = draft(hr_user, application)
    hr_api.post(reverse("offer-send", args=[offer.pk]))
    response = hr_api.post(
        reverse("offer-respond", args=[offer.pk]),
        {"accepted": False, "responded_on": "2019-03-04"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "declined"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.rejection_reason.code == "offer-declined"


def test_interviewers_reach_no_offer_action(interviewer_api, hr_user):
    offer = draft(hr_user, in_offer_stage(hr_user))
    for name in ("offer-approve", "offer-send", "offer-reject-approval"):
        assert interviewer_api.post(reverse(name, args=[offer.pk])).status_code == 403
    assert interviewer_api.get(reverse("offer-detail", args=[offer.pk])).status_code == 403


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("25000", (Decimal("25000"), None)),
        ("CNY 25,000", (Decimal("25000"), "CNY")),
        ("€48.000,00", None),  # ambiguous separators: kept in the notes
        ("EUR 48000.50", (Decimal("48000.50"), "EUR")),
        ("¥360,000", (Decimal("360000"), "CNY")),
        ("negotiable", None),
        ("30k-40k", None),
    ],
)
def test_the_migration_reads_old_salaries_where_it_can(text, parsed):
    migration = importlib.import_module("applications.migrations.0012_offer_terms_and_approval")
    assert migration.parse_salary(text) == parsed


@pytest.mark.parametrize("size", [1, 4])
def test_the_offer_list_queries_do_not_grow(hr_api, hr_user, size, django_assert_max_num_queries):
    for n in range(size):
        application = in_offer_stage(hr_user, full_name=f"Person {n}")
        approvers(application.job, hr_user)
        services.offer_approve(actor=hr_user, offer=draft(hr_user, application))
    with django_assert_max_num_queries(LIST_QUERIES):
        response = hr_api.get(reverse("offer-list"))
    assert response.status_code == 200
    rows = response.json()["results"] if "results" in response.json() else response.json()
    assert len(rows) == size and all(len(r["approvals"]) == 1 for r in rows)
