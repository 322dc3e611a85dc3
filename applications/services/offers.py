"""Offers made to applications in an offer stage, and the candidate's answer."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from applications import events
from applications.models import Application, Offer, StageKind
from ats.actors import Actor, acting_user, require_hr
from ats.errors import DomainError, full_clean


@transaction.atomic
def offer_make(
    *,
    actor: Actor,
    application: Application,
    offered_on: date,
    position_title: str = "",
    salary: str = "",
    respond_by: date | None = None,
    start_date: date | None = None,
    notes: str = "",
) -> Offer:
    """Make an offer to an active application that stands in an offer stage."""
    require_hr(actor, _("make offers"))
    application = (
        Application.objects.select_for_update().select_related("stage").get(pk=application.pk)
    )
    if not application.is_active or application.stage.kind != StageKind.OFFER:
        raise DomainError(
            _("An offer can be made only to an active application in an offer stage."),
            code="not_in_offer_stage",
        )
    if application.offers.filter(status__in=[Offer.Status.OFFERED, Offer.Status.ACCEPTED]).exists():
        raise DomainError(_("This application already has an open or accepted offer."))
    offer = Offer(
        application=application,
        offered_on=offered_on,
        position_title=position_title or application.job.title,
        salary=salary,
        respond_by=respond_by,
        start_date=start_date,
        notes=notes,
        created_by=acting_user(actor),
    )
    full_clean(offer, validate_unique=True)
    offer.save()
    return offer


@transaction.atomic
def offer_respond(
    *,
    actor: Actor,
    offer: Offer,
    accepted: bool,
    responded_on: date,
    start_date: date | None = None,
) -> Offer:
    """Record the candidate's answer to an open offer (HR records it).

    Side effects: the domain event "offer.accepted" when it was accepted.
    """
    require_hr(actor, _("record answers to offers"))
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.OFFERED:
        raise DomainError(
            _("Only an open offer can be answered; this one is %(s)s.")
            % {"s": offer.get_status_display().lower()}
        )
    if responded_on < offer.offered_on:
        raise DomainError(
            _("The answer cannot come before the offer was made."), field="responded_on"
        )
    offer.status = Offer.Status.ACCEPTED if accepted else Offer.Status.DECLINED
    offer.responded_on = responded_on
    if start_date is not None:
        offer.start_date = start_date
    offer.save(update_fields=["status", "responded_on", "start_date", "updated_at"])
    if accepted:
        events.emit("offer.accepted", data=_offer_facts(offer))
    return offer


def _offer_facts(offer: Offer) -> dict[str, object]:
    # The salary and the notes stay inside: a receiver learns that and when, not the terms.
    application = Application.objects.select_related("job", "stage").get(pk=offer.application_id)
    return events.application_facts(application) | {
        "offer_id": offer.pk,
        "offered_on": offer.offered_on,
        "responded_on": offer.responded_on,
        "start_date": offer.start_date,
    }


@transaction.atomic
def offer_withdraw(*, actor: Actor, offer: Offer, reason: str) -> Offer:
    """HR withdraws an open offer, with the reason kept in its notes."""
    require_hr(actor, _("withdraw offers"))
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.OFFERED:
        raise DomainError(_("Only an open offer can be withdrawn."))
    offer.status = Offer.Status.WITHDRAWN
    offer.notes = f"{offer.notes}\n{_('Withdrawn')}: {reason}".strip()
    offer.save(update_fields=["status", "notes", "updated_at"])
    return offer
