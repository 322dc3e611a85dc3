"""An offer is approved by the job's approvers in order before it can be sent; a change of
terms or a send-back starts the approvals over."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from applications import services
from applications.models import Offer, OfferApproval, OfferApprover
from ats.errors import DomainError
from messaging.models import OutboxMessage
from tests.applications.offer_support import approvers, draft, in_offer_stage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(hr_user):
    return in_offer_stage(hr_user)


def test_a_new_offer_is_a_draft_and_cannot_be_sent_before_approval(hr_user, application):
    first, second = approvers(application.job, "dora", "eve")
    offer = draft(hr_user, application)
    assert offer.status == Offer.Status.DRAFT

    with pytest.raises(DomainError, match="before it is approved: waiting for Dora") as refused:
        services.offer_send(actor=hr_user, offer=offer)

    assert refused.value.code == "approval_required"
    offer.refresh_from_db()
    assert (offer.status, offer.sent_at) == (Offer.Status.DRAFT, None)
    assert not OutboxMessage.objects.filter(kind="offer_sent").exists()


def test_approvers_approve_in_order_then_it_may_be_sent(hr_user, application):
    first, second = approvers(application.job, "dora", "eve")
    offer = draft(hr_user, application)

    with pytest.raises(DomainError, match="It is Dora's turn") as early:
        services.offer_approve(actor=second, offer=offer)
    assert early.value.code == "not_your_turn"
    assert not OfferApproval.objects.exists()

    services.offer_approve(actor=first, offer=offer, comment="Within the band.")
    with pytest.raises(DomainError, match="waiting for Eve"):
        services.offer_send(actor=hr_user, offer=offer)
    services.offer_approve(actor=second, offer=offer)
    services.offer_send(actor=hr_user, offer=offer)

    offer.refresh_from_db()
    assert offer.status == Offer.Status.OFFERED and offer.sent_at is not None
    recorded = list(OfferApproval.objects.order_by("at", "id").values_list("user", "comment"))
    assert recorded == [(first.pk, "Within the band."), (second.pk, "")]


def test_somebody_not_on_the_list_cannot_approve(hr_user, application):
    approvers(application.job, "dora")
    offer = draft(hr_user, application)
    with pytest.raises(DomainError, match="not one of this job's offer approvers"):
        services.offer_approve(actor=hr_user, offer=offer)
    with pytest.raises(DomainError, match="not one of this job's offer approvers"):
        services.offer_approval_reject(actor=hr_user, offer=offer, comment="no")


def test_changing_the_terms_after_an_approval_resets_the_approvals(hr_user, application):
    first, second = approvers(application.job, "dora", "eve")
    offer = draft(hr_user, application)
    services.offer_approve(actor=first, offer=offer)

    services.offer_update(actor=hr_user, offer=offer, salary=Decimal("27500.50"))

    offer.refresh_from_db()
    assert offer.approval_round == 2 and offer.salary == Decimal("27500.50")
    with pytest.raises(DomainError, match="It is Dora's turn"):
        services.offer_approve(actor=second, offer=offer)
    with pytest.raises(DomainError, match="waiting for Dora"):
        services.offer_send(actor=hr_user, offer=offer)
    # The first round's approval stays on record.
    assert OfferApproval.objects.filter(offer=offer, round=1, user=first).exists()


def test_saving_the_same_terms_keeps_the_approvals(hr_user, application):
    first, _second = approvers(application.job, "dora", "eve")
    offer = draft(hr_user, application)
    services.offer_approve(actor=first, offer=offer)
    services.offer_update(actor=hr_user, offer=offer, salary=Decimal("25000.00"))
    offer.refresh_from_db()
    assert offer.approval_round == 1


def test_an_approver_sends_it_back_with_a_comment_and_approvals_start_over(hr_user, application):
    first, second = approvers(application.job, "dora", "eve")
    offer = draft(hr_user, application)
    services.offer_approve(actor=first, offer=offer)

    with pytest.raises(DomainError, match="comment is required"):
        services.offer_approval_reject(actor=second, offer=offer, comment="  ")
    services.offer_approval_reject(actor=second, offer=offer, comment="Start in June.")

    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT and offer.approval_round == 2
    back = OfferApproval.objects.get(decision=OfferApproval.Decision.REJECTED)
    assert (back.user, back.comment, back.round) == (second, "Start in June.", 1)
    with pytest.raises(DomainError, match="waiting for Dora"):
        services.offer_send(actor=hr_user, offer=offer)


def test_a_job_without_approvers_sends_without_approval(hr_user, application):
    offer = draft(hr_user, application)
    with pytest.raises(DomainError, match="no offer approvers"):
        services.offer_approve(actor=hr_user, offer=offer)
    services.offer_send(actor=hr_user, offer=offer)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.OFFERED


def test_a_sent_offer_cannot_be_changed_or_sent_again(hr_user, application):
    offer = services.offer_send(actor=hr_user, offer=draft(hr_user, application))
    with pytest.raises(DomainError, match="Only a draft offer can be changed"):
        services.offer_update(actor=hr_user, offer=offer, salary=Decimal(1))
    with pytest.raises(DomainError, match="Only a draft offer can be sent"):
        services.offer_send(actor=hr_user, offer=offer)


def test_the_next_approver_hears_of_the_offer(hr_user, application):
    first, second = approvers(application.job, "dora", "eve")
    offer = draft(hr_user, application)
    asked = OutboxMessage.objects.filter(kind="offer_approval_requested")
    assert list(asked.values_list("to", flat=True)) == ["dora@example.org"]

    services.offer_approve(actor=first, offer=offer)

    assert list(asked.order_by("id").values_list("to", flat=True)) == [
        "dora@example.org",
        "eve@example.org",
    ]
    assert "Ann Müller" in asked.order_by("id").last().subject


def test_approvers_are_hr_staff_once_each(hr_user, application, interviewer):
    with pytest.raises(DomainError, match="not HR staff"):
        services.offer_approvers_replace(
            actor=hr_user, job=application.job, users=[hr_user, interviewer]
        )
    with pytest.raises(DomainError, match="twice"):
        services.offer_approvers_replace(
            actor=hr_user, job=application.job, users=[hr_user, hr_user]
        )
    assert not OfferApprover.objects.exists()


def test_the_job_settings_page_sets_the_approvers_in_order(hr_client, hr_user, application):
    dora = UserFactory.create(username="dora", groups=["hr"])
    url = reverse("hr-job-settings", args=[application.job_id])
    response = hr_client.post(
        url,
        {
            "section": "offer_approvers",
            "approver_1": dora.pk,
            "approver_2": "",
            "approver_3": hr_user.pk,
        },
    )
    assert response.status_code == 302
    seats = OfferApprover.objects.filter(job=application.job).order_by("position")
    assert [s.user for s in seats] == [dora, hr_user]
    page = hr_client.get(url).content.decode()
    assert 'id="offer-approvers"' in page and f'<option value="{dora.pk}" selected>' in page


def test_the_job_settings_page_refuses_an_unknown_approver(hr_client, application, interviewer):
    url = reverse("hr-job-settings", args=[application.job_id])
    response = hr_client.post(url, {"section": "offer_approvers", "approver_1": interviewer.pk})
    assert response.status_code == 400
    assert not OfferApprover.objects.exists()


def test_hr_approves_and_sends_on_the_application_page(hr_client, hr_user, application):
    approvers(application.job, hr_user)  # the user of hr_client is the one approver
    offer = draft(hr_user, application)
    page = reverse("hr-application", args=[application.pk])
    assert "to approve next" in hr_client.get(page).content.decode()

    early = hr_client.post(reverse("hr-offer-send", args=[application.pk, offer.pk]))
    assert early.status_code == 400
    assert "before it is approved" in early.content.decode()

    approve = hr_client.post(
        reverse("hr-offer-approve", args=[application.pk, offer.pk]), {"comment": "Fine"}
    )
    assert approve.status_code == 302
    send = hr_client.post(reverse("hr-offer-send", args=[application.pk, offer.pk]))
    assert send.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.OFFERED
    assert offer.offered_on == dt.date(2019, 3, 1)
