"""Reads of webhook subscriptions and deliveries that the pages and the API share."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from ats.roles import is_hr
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription

Viewer = AbstractBaseUser | AnonymousUser


def subscription_list() -> QuerySet[WebhookSubscription]:
    """Every subscription with how many of its deliveries are pending and failed."""
    # Ordered here: Meta.ordering does not apply to a query with GROUP BY.
    return (
        WebhookSubscription.objects.select_related("created_by")
        .annotate(
            pending_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING)),
            failed_count=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
        )
        .order_by("url", "pk")
    )


def subscription_get_for_user(user: Viewer, pk: int) -> WebhookSubscription:
    """The one access check for a subscription: HR only; others get a 404."""
    if not is_hr(user):
        raise Http404(_("No such webhook subscription."))
    found = subscription_list().filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such webhook subscription."))
    return found


def delivery_list(subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    """The subscription's deliveries, newest first."""
    return WebhookDelivery.objects.filter(subscription=subscription).order_by("-created_at", "-pk")


def delivery_get(subscription: WebhookSubscription, pk: int) -> WebhookDelivery:
    found = delivery_list(subscription).select_related("subscription").filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such delivery."))
    return found
