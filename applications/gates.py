"""The gate of the offer stage, which this app owns."""

from django.utils.translation import gettext as _

from applications.models import Application, Offer


def offer_gate(application: Application) -> str | None:
    if Offer.objects.filter(application=application, status=Offer.Status.ACCEPTED).exists():
        return None
    return _("no accepted offer yet")
