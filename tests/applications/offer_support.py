"""Helpers of the offer tests: an application in the offer stage, a job's approvers, a draft."""

import datetime as dt
from decimal import Decimal

from applications import services, workflow
from applications.models import Application, Offer
from tests.factories import CandidateFactory, UserFactory, make_application, make_job

OFFERED_ON = dt.date(2019, 3, 1)


def in_offer_stage(hr, *, language: str = "en", full_name: str = "Ann Müller") -> Application:
    job = make_job(title="Field ecologist")
    application = make_application(
        job=job, candidate=CandidateFactory.create(full_name=full_name), language=language
    )
    return workflow.move(
        application,
        to_stage=job.stages.get(kind="offer"),
        actor=hr,
        override=True,
        reason="to the offer",
        notify=False,
    )


def approvers(job, *people) -> list:
    """The job's approvers in this order: users, or new HR users named by first name."""
    users = [
        UserFactory.create(username=p, first_name=p.title(), last_name="", groups=["hr"])
        if isinstance(p, str)
        else p
        for p in people
    ]
    services.offer_approvers_replace(actor=users[0], job=job, users=users)
    return users


def draft(hr, application: Application, **terms) -> Offer:
    terms.setdefault("salary", Decimal("25000"))
    terms.setdefault("currency", "CNY")
    terms.setdefault("start_date", dt.date(2019, 5, 1))
    terms.setdefault("respond_by", dt.date(2019, 3, 15))
    return services.offer_make(actor=hr, application=application, offered_on=OFFERED_ON, **terms)


def sent(hr, application: Application, **terms) -> Offer:
    """A draft of a job without approvers, sent (its e-mail queued)."""
    return services.offer_send(actor=hr, offer=draft(hr, application, **terms))
