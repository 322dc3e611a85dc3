"""HR pages of the webhooks: the subscriptions, one with its recent deliveries, and actions."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ats.errors import DomainError
from ats.forms import add_domain_error
from ats.roles import hr_required
from webhooks import selectors, services
from webhooks.forms import SubscriptionEditForm, SubscriptionForm
from webhooks.models import WebhookSubscription

RECENT_DELIVERIES = 50


@hr_required
@require_GET
def subscription_list(request: HttpRequest) -> HttpResponse:
    context = {"subscriptions": selectors.subscription_list(), "form": SubscriptionForm()}
    return render(request, "webhooks/subscription_list.html", context)


@hr_required
@require_POST
def subscription_create(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST)
    if form.is_valid():
        try:
            subscription = services.subscription_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            # Rendered, not redirected: the secret is shown this once and kept in no cookie.
            return render(
                request, "webhooks/subscription_created.html", {"subscription": subscription}
            )
    context = {"subscriptions": selectors.subscription_list(), "form": form}
    return render(request, "webhooks/subscription_list.html", context, status=400)


def _edit_form(subscription: WebhookSubscription) -> SubscriptionEditForm:
    initial = {k: getattr(subscription, k) for k in ("url", "description", "events")}
    return SubscriptionEditForm(initial=initial)


def _detail(
    request: HttpRequest,
    subscription: WebhookSubscription,
    form: SubscriptionEditForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "subscription": subscription,
        "form": form or _edit_form(subscription),
        "deliveries": selectors.delivery_list(subscription)[:RECENT_DELIVERIES],
        "recent": RECENT_DELIVERIES,
    }
    return render(request, "webhooks/subscription_detail.html", context, status=status)


@hr_required
@require_GET
def subscription_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.subscription_get_for_user(request.user, pk))


@hr_required
@require_POST
def subscription_update(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = selectors.subscription_get_for_user(request.user, pk)
    form = SubscriptionEditForm(request.POST)
    if form.is_valid():
        try:
            services.subscription_update(
                actor=request.user, subscription=subscription, **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Subscription saved."))
            return redirect("hr-webhook", pk=pk)
    return _detail(request, subscription, form, status=400)


def _act(request: HttpRequest, pk: int, done: str, act: Any) -> HttpResponse:
    """Run a one-button action on the subscription; its refusal is shown as a message."""
    subscription = selectors.subscription_get_for_user(request.user, pk)
    try:
        act(subscription)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("hr-webhook", pk=pk)


@hr_required
@require_POST
def subscription_switch(request: HttpRequest, pk: int) -> HttpResponse:
    active = request.POST.get("active") == "1"
    done = _("Subscription switched on.") if active else _("Subscription switched off.")
    return _act(
        request,
        pk,
        done,
        lambda s: services.subscription_update(actor=request.user, subscription=s, active=active),
    )


@hr_required
@require_POST
def subscription_ping(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        _("Test delivery sent; its outcome is in the list below."),
        lambda s: services.subscription_ping(actor=request.user, subscription=s),
    )


@hr_required
@require_POST
def subscription_delete(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = selectors.subscription_get_for_user(request.user, pk)
    services.subscription_delete(actor=request.user, subscription=subscription)
    messages.success(request, _("Subscription deleted."))
    return redirect("hr-webhooks")


@hr_required
@require_POST
def delivery_redeliver(request: HttpRequest, pk: int, delivery_id: int) -> HttpResponse:
    subscription = selectors.subscription_get_for_user(request.user, pk)
    delivery = selectors.delivery_get(subscription, delivery_id)
    try:
        services.delivery_redeliver(actor=request.user, delivery=delivery)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Delivery queued again."))
    return redirect("hr-webhook", pk=pk)
