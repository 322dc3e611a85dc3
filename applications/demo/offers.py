"""Offers and hires at the end of the 2018 story: one finalist declines, the others join."""

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth.models import User

from applications import services, workflow
from applications.models import Application, JobOpening, Offer
from ats.actors import ApplicantActor

from .dates import office_time

DEMO_SALARY = Decimal("360000")  # a year, in CNY


def make_offers(
    job: JobOpening,
    finalists: list[Application],
    hr: User,
    rng: random.Random,
    *,
    offered: dt.date,
    joined: dt.date,
    progress: Callable[[str], None],
) -> None:
    """The first finalist declines the offer (and withdraws); the others accept and join."""
    _decline_offer(finalists[0], hr, offered, rng)
    hired_stage = job.stages.get(kind="hired")
    for application in finalists[1:]:
        _accept_offer(application, hr, offered, joined, rng)
        workflow.move(
            application, to_stage=hired_stage, actor=hr, at=office_time(joined, rng), notify=False
        )
    progress(f"  Offer: {len(finalists)} offers, {len(finalists) - 1} accepted and joined")


def _accept_offer(
    application: Application, hr: User, offered: dt.date, joined: dt.date, rng: random.Random
) -> None:
    offer = services.offer_make(
        actor=hr,
        application=application,
        offered_on=offered,
        respond_by=offered + dt.timedelta(days=14),
        start_date=joined,
        # Not drawn from `rng`: a draw here would change every later part of the demo.
        salary=DEMO_SALARY,
        contract_type=Offer.ContractType.FIXED_TERM,
    )
    services.offer_send(actor=hr, offer=offer, email=False)
    services.offer_respond(
        actor=hr,
        offer=offer,
        accepted=True,
        responded_on=offered + dt.timedelta(days=rng.randint(2, 9)),
    )


def _decline_offer(
    application: Application, hr: User, offered: dt.date, rng: random.Random
) -> None:
    """The finalist declines on their status page: the application ends withdrawn."""
    offer = services.offer_make(actor=hr, application=application, offered_on=offered)
    services.offer_send(actor=hr, offer=offer, email=False)
    services.offer_respond(
        actor=ApplicantActor(application.pk),
        offer=offer,
        accepted=False,
        responded_on=offered + dt.timedelta(days=5),
        at=office_time(offered + dt.timedelta(days=5), rng),
    )
