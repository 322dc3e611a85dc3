"""The answer to an offer: HR records it, or the applicant answers on their status page; a
declined offer closes the application through the workflow engine ("offer declined")."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from applications import services
from applications.models import ApplicationStatus, Offer, StageEvent
from ats.actors import ApplicantActor
from ats.errors import DomainError
from messaging.models import OutboxMessage
from tests.applications.offer_support import draft, in_offer_stage, sent

pytestmark = pytest.mark.django_db


def _closed_by_decline(application) -> None:
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.rejection_reason.code == "offer-declined"
    event = application.events.latest("at")
    assert event.kind == StageEvent.Kind.WITHDRAWN
    assert event.rejection_reason.code == "offer-declined"
    assert event.reason == "Offer declined"
    # Nobody tells the candidate that they declined: no rejection or status e-mail.
    assert not OutboxMessage.objects.filter(
        application=application, kind__in=["rejection", "status_changed"]
    ).exists()


def test_a_decline_recorded_by_hr_closes_the_application(hr_user):
    application = in_offer_stage(hr_user)
    offer = sent(hr_user, application)

    services.offer_respond(
        actor=hr_user, offer=offer, accepted=False, responded_on=dt.date(2019, 3, 4)
    )

    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.DECLINED
    _closed_by_decline(application)
    assert application.events.latest("at").actor == hr_user


def test_an_acceptance_keeps_the_application_active(hr_user):
    application = in_offer_stage(hr_user)
    offer = sent(hr_user, application)
    services.offer_respond(
        actor=ApplicantActor(application.pk),
        offer=offer,
        accepted=True,
        responded_on=dt.date(2019, 3, 4),
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ACCEPTED


def test_the_applicant_cannot_answer_someone_else_s_offer(hr_user):
    mine = in_offer_stage(hr_user)
    theirs = sent(hr_user, in_offer_stage(hr_user, full_name="Other Person"))
    with pytest.raises(DomainError, match="Only HR staff may record answers") as refused:
        services.offer_respond(
            actor=ApplicantActor(mine.pk),
            offer=theirs,
            accepted=False,
            responded_on=dt.date(2019, 3, 4),
        )
    assert refused.value.code == "forbidden"
    assert Offer.objects.get(pk=theirs.pk).status == Offer.Status.OFFERED


def test_a_draft_cannot_be_answered(hr_user):
    application = in_offer_stage(hr_user)
    offer = draft(hr_user, application)
    with pytest.raises(DomainError, match="Only an open offer"):
        services.offer_respond(
            actor=ApplicantActor(application.pk),
            offer=offer,
            accepted=True,
            responded_on=dt.date(2019, 3, 4),
        )


# --- the status page ------------------------------------------------------------------------


def _status(application) -> str:
    return reverse("careers-status", args=[services.status_token_issue(application=application)])


def test_the_status_page_offers_accept_and_decline_once_the_offer_is_sent(client, hr_user):
    application = in_offer_stage(hr_user)
    offer = draft(hr_user, application)
    url = _status(application)
    assert "Accept the offer" not in client.get(url).content.decode()

    services.offer_send(actor=hr_user, offer=offer)
    page = client.get(url).content.decode()

    assert "Accept the offer" in page and "Decline the offer" in page
    assert "CNY 25,000.00" in page


def test_the_applicant_declines_on_the_status_page(client, hr_user):
    application = in_offer_stage(hr_user)
    offer = sent(hr_user, application)
    url = _status(application)
    token = url.rstrip("/").rsplit("/", 1)[-1]
    answer = reverse("careers-offer-answer", args=[token])

    unconfirmed = client.post(answer, {"offer": offer.pk, "answer": "decline"})
    assert unconfirmed.status_code == 302
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.OFFERED

    client.post(answer, {"offer": offer.pk, "answer": "decline", "confirm": "yes"})

    offer.refresh_from_db()
    assert offer.status == Offer.Status.DECLINED and offer.responded_on is not None
    _closed_by_decline(application)
    assert application.events.latest("at").actor is None  # the applicant
    assert "Accept the offer" not in client.get(url).content.decode()


def test_the_applicant_accepts_on_the_status_page(client, hr_user):
    application = in_offer_stage(hr_user)
    offer = sent(hr_user, application)
    token = _status(application).rstrip("/").rsplit("/", 1)[-1]
    response = client.post(
        reverse("careers-offer-answer", args=[token]),
        {"offer": offer.pk, "answer": "accept"},
        follow=True,
    )
    assert "you accepted the offer" in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.ACCEPTED


def test_the_status_page_refuses_another_application_s_offer(client, hr_user):
    mine = in_offer_stage(hr_user)
    sent(hr_user, mine)
    theirs = sent(hr_user, in_offer_stage(hr_user, full_name="Other Person"))
    token = _status(mine).rstrip("/").rsplit("/", 1)[-1]
    response = client.post(
        reverse("careers-offer-answer", args=[token]),
        {"offer": theirs.pk, "answer": "decline", "confirm": "yes"},
        follow=True,
    )
    assert "cannot be answered here" in response.content.decode()
    assert Offer.objects.get(pk=theirs.pk).status == Offer.Status.OFFERED


def test_the_answer_needs_the_csrf_token(hr_user):
    application = in_offer_stage(hr_user)
    offer = sent(hr_user, application)
    token = _status(application).rstrip("/").rsplit("/", 1)[-1]
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("careers-offer-answer", args=[token]), {"offer": offer.pk, "answer": "accept"}
    )
    assert response.status_code == 403
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.OFFERED
