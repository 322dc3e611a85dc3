"""The gate of the offer stage, which this app owns."""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from applications.models import Application, Offer


def offer_gate(application: Application) -> str | None:
    if Offer.objects.filter(application=application, status=Offer.Status.ACCEPTED).exists():
        return None
    return _("no accepted offer yet")


def offer_gate_many(applications: Sequence[Application]) -> dict[int, str | None]:
    """The bulk form of `offer_gate` (one query)."""
    accepted = set(
        Offer.objects.filter(
            application__in=[a.pk for a in applications], status=Offer.Status.ACCEPTED
        ).values_list("application_id", flat=True)
    )
    return {a.pk: None if a.pk in accepted else _("no accepted offer yet") for a in applications}
