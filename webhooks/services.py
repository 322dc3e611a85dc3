"""Webhooks: subscribing, the deliveries an event causes, sending one, redelivering, switching off.

A delivery is an outbox row written in the transaction of the change that caused it
(`deliveries_for_event`, an `applications.events` listener); one task per row sends it after
commit (`delivery_attempt`), so a slow or dead receiver never slows or undoes the change. A
failed attempt is retried with exponential backoff; a subscription whose every attempt has
failed for WEBHOOK_DISABLE_AFTER_HOURS is switched off and HR is told.
"""

import http.client
import json
import logging
import secrets
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.events import DomainEvent
from ats.actors import Actor, acting_user, actor_label, require_hr
from ats.errors import DomainError, full_clean
from ats.queue import enqueue, enqueue_on_commit
from ats.roles import hr_notification_emails
from messaging.services import message_queue
from webhooks import addresses, signing
from webhooks.models import (
    PING_EVENT,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

logger = logging.getLogger("webhooks")

DELIVER_TASK = "webhooks.tasks.deliver_webhook"
# Many deliveries at once (a bulk move's chunk): one task that hands each to DELIVER_TASK
# from the worker, so the request publishes once, not once a delivery.
DELIVER_MANY_TASK = "webhooks.tasks.deliver_webhooks"
SUBSCRIPTION_FIELDS = ("url", "description", "events", "secret", "active")
SECRET_MIN_LENGTH = 16
# Retries wait 30 s, 1 min, 2 min … doubling up to an hour, then hourly.
RETRY_FIRST_SECONDS = 30
RETRY_MAX_SECONDS = 3600
# A claimed delivery is not due again until its attempt has surely ended: a twin task (the
# requeue of one still running, a message delivered twice) finds it not due and does nothing.
CLAIM_MARGIN_SECONDS = 60
REQUEUE_BATCH = 500
_ERROR_MAX = 2000
_READ_MAX = 64 * 1024


# --- subscriptions -------------------------------------------------------------------------


def secret_generate() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _check_url(url: str) -> None:
    try:
        addresses.check_url(url, settings.WEBHOOK_ALLOWED_HOSTS)
    except addresses.UnsafeURL as exc:
        raise DomainError(str(exc), code="unsafe_url", field="url") from exc


def _clean_events(events: Iterable[str]) -> list[str]:
    """The events asked for, in the catalogue's order; refused when empty or unknown."""
    asked = [events] if isinstance(events, str) else list(events)
    unknown = sorted(set(asked) - set(WebhookEvent.values))
    if unknown:
        raise DomainError(
            _("Unknown event: %(names)s.") % {"names": ", ".join(unknown)}, field="events"
        )
    if not asked:
        raise DomainError(_("Choose at least one event."), field="events")
    return [name for name in WebhookEvent.values if name in asked]


def _clean_secret(secret: str) -> str:
    secret = secret.strip()
    if not secret:
        return secret_generate()
    if len(secret) < SECRET_MIN_LENGTH:
        raise DomainError(
            _("A secret needs at least %(n)d characters (leave it empty to have one made).")
            % {"n": SECRET_MIN_LENGTH},
            field="secret",
        )
    return secret


@transaction.atomic
def subscription_create(
    *,
    actor: Actor,
    url: str,
    events: Sequence[str],
    description: str = "",
    secret: str = "",
) -> WebhookSubscription:
    """Subscribe a URL to events; the secret is made when none is given (the caller shows it
    once). Refused for a URL that is not http(s) or points at an internal address."""
    require_hr(actor, _("subscribe webhooks"))
    subscription = WebhookSubscription(
        url=url.strip(),
        description=description.strip(),
        events=_clean_events(events),
        secret=_clean_secret(secret),
        created_by=acting_user(actor),
    )
    full_clean(subscription)
    _check_url(subscription.url)
    subscription.save()
    return subscription


def _set_active(subscription: WebhookSubscription, active: bool, actor: Actor) -> None:
    if active and not subscription.active:
        # Switched on again: the failures before are forgiven, the clock starts anew.
        subscription.failing_since = None
        subscription.disabled_at = None
        subscription.disabled_reason = ""
    elif not active and subscription.active:
        subscription.disabled_at = timezone.now()
        subscription.disabled_reason = _("Switched off by %(who)s.") % {"who": actor_label(actor)}
    subscription.active = active


def subscription_update(
    *, actor: Actor, subscription: WebhookSubscription, **changes: Any
) -> WebhookSubscription:
    """Change the URL, description, events, secret (a new one replaces it) or switch the
    subscription on or off. Deliveries still pending for a switched-off subscription fail at
    their next attempt."""
    require_hr(actor, _("change webhook subscriptions"))
    unknown = set(changes) - set(SUBSCRIPTION_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field: %(f)s") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        current = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        url_changed = "url" in changes and changes["url"].strip() != current.url
        if url_changed:
            current.url = changes["url"].strip()
        if "description" in changes:
            current.description = changes["description"].strip()
        if "events" in changes:
            current.events = _clean_events(changes["events"])
        if changes.get("secret"):
            current.secret = _clean_secret(changes["secret"])
        if "active" in changes:
            _set_active(current, bool(changes["active"]), actor)
        full_clean(current)
        if url_changed:
            _check_url(current.url)
        current.save()
    return current


@transaction.atomic
def subscription_delete(*, actor: Actor, subscription: WebhookSubscription) -> None:
    """Remove the subscription and its deliveries."""
    require_hr(actor, _("delete webhook subscriptions"))
    WebhookSubscription.objects.filter(pk=subscription.pk).delete()


# --- deliveries written ----------------------------------------------------------------------


def _payload(event_id: uuid.UUID, event: str, at: datetime, data: dict[str, Any]) -> Any:
    payload = {"id": str(event_id), "event": event, "created": at, "data": data}
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def _deliveries_create(
    subscriptions: Sequence[WebhookSubscription], *, event: str, payload: Any
) -> list[WebhookDelivery]:
    """One pending row per subscription, each handed to its task once the transaction commits."""
    return _deliveries_create_many([(subscriptions, event, payload)])


def _deliveries_create_many(
    wanted: Sequence[tuple[Sequence[WebhookSubscription], str, Any]],
) -> list[WebhookDelivery]:
    """`_deliveries_create` of each (subscriptions, event, payload), in one INSERT."""
    if not wanted:
        return []
    now = timezone.now()
    rows = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=subscription,
            event_id=uuid.UUID(payload["id"]),
            event=event,
            payload=payload,
            next_attempt_at=now,
            created_at=now,
        )
        for subscriptions, event, payload in wanted
        for subscription in subscriptions
    )
    if len(rows) == 1:
        enqueue_on_commit(DELIVER_TASK, rows[0].pk)
    elif rows:
        enqueue_on_commit(DELIVER_MANY_TASK, [row.pk for row in rows])
    return rows


def deliveries_for_event(event: DomainEvent) -> list[WebhookDelivery]:
    """The `applications.events` listener: a delivery for every active subscription to the
    event, written in the transaction of the change (nothing leaves before it commits)."""
    return deliveries_for_events([event])


def deliveries_for_events(events: Sequence[DomainEvent]) -> list[WebhookDelivery]:
    """Its bulk form (a bulk move's chunk): the subscriptions read once, one INSERT."""
    active = list(WebhookSubscription.objects.filter(active=True).only("pk", "events", "active"))
    wanted: list[tuple[Sequence[WebhookSubscription], str, Any]] = []
    for event in events:
        subscribed = [s for s in active if s.wants(event.name)]
        if subscribed:
            payload = _payload(uuid.uuid4(), event.name, event.at, event.data)
            wanted.append((subscribed, event.name, payload))
    return _deliveries_create_many(wanted)


def _active_locked(subscription: WebhookSubscription) -> WebhookSubscription:
    current = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if not current.active:
        raise DomainError(
            _("This subscription is switched off; switch it on first."), code="inactive"
        )
    return current


@transaction.atomic
def delivery_redeliver(*, actor: Actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a sent or failed delivery again, as a new delivery of the same event (same event
    id and payload, so a receiver can tell it is a repeat)."""
    require_hr(actor, _("redeliver webhooks"))
    subscription = _active_locked(delivery.subscription)
    original = WebhookDelivery.objects.get(pk=delivery.pk)
    if original.status == DeliveryStatus.PENDING:
        raise DomainError(
            _("This delivery is still pending; it is retried by itself."), code="pending"
        )
    return _deliveries_create([subscription], event=original.event, payload=original.payload)[0]


@transaction.atomic
def subscription_ping(*, actor: Actor, subscription: WebhookSubscription) -> WebhookDelivery:
    """A test delivery (event "ping") to see that the receiver answers and checks signatures."""
    require_hr(actor, _("test webhooks"))
    current = _active_locked(subscription)
    payload = _payload(uuid.uuid4(), PING_EVENT, timezone.now(), {"subscription_id": current.pk})
    return _deliveries_create([current], event=PING_EVENT, payload=payload)[0]


def deliveries_requeue(cutoff: datetime) -> int:
    """The requeuer (ats.queue): deliveries due since before `cutoff` whose task was lost (broker
    down, a worker killed mid-attempt) or never scheduled (eager mode has no delayed retries)."""
    due = (
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=cutoff)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:REQUEUE_BATCH]
    )
    return sum(enqueue(DELIVER_TASK, pk) for pk in due)


# --- one attempt -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What the receiver said: an HTTP status (None when none came) and what went wrong."""

    code: int | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.code is not None and 200 <= self.code < 300 and not self.error


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect could lead a delivery around the address check: a 3xx is an answer, not a
    # new destination.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# No proxies: the address checked is the address connected to.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())


def retry_delay(attempts: int) -> int:
    """Seconds before the next attempt after `attempts` failed ones."""
    return int(min(RETRY_FIRST_SECONDS * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS))


def _give_up(delivery: WebhookDelivery, reason: str) -> None:
    delivery.status = DeliveryStatus.FAILED
    delivery.last_error = (delivery.last_error + "\n" + reason).strip()[:_ERROR_MAX]
    delivery.save(update_fields=["status", "last_error"])


def _claim(delivery_id: int) -> WebhookDelivery | None:
    """The delivery, its attempt counted and not due again for the attempt's length; None when
    it is not due (already sent, failed, or being attempted by a twin task)."""
    now = timezone.now()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return None
        if delivery.next_attempt_at > now:
            return None
        subscription = WebhookSubscription.objects.get(pk=delivery.subscription_id)
        if not subscription.active:
            _give_up(delivery, _("The subscription is switched off."))
            return None
        delivery.attempts += 1
        lease = settings.WEBHOOK_TIMEOUT_SECONDS + CLAIM_MARGIN_SECONDS
        delivery.next_attempt_at = now + timedelta(seconds=lease)
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    delivery.subscription = subscription
    return delivery


def delivery_body(delivery: WebhookDelivery) -> bytes:
    """The exact bytes POSTed (and signed)."""
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


def _post(delivery: WebhookDelivery) -> Answer:
    """POST the signed delivery; never raises for anything the receiver or network does."""
    subscription = delivery.subscription
    try:
        addresses.check_url(subscription.url, settings.WEBHOOK_ALLOWED_HOSTS)
    except addresses.UnsafeURL as exc:
        return Answer(None, _("Not sent: %(why)s") % {"why": exc})
    body = delivery_body(delivery)
    timestamp = int(timezone.now().timestamp())
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked: http or https)
        subscription.url,
        data=body,
        method="POST",
        # urllib sends the names title-cased ("X-Ats-Signature"): in HTTP they are
        # case-insensitive, and receivers must read them so.
        headers={
            "Content-Type": "application/json",
            "User-Agent": "ATS-Webhooks/1",
            "X-ATS-Event": delivery.event,
            "X-ATS-Event-Id": str(delivery.event_id),
            "X-ATS-Delivery": str(delivery.pk),
            signing.HEADER: signing.signature_header(subscription.secret, timestamp, body),
        },
    )
    try:
        with _opener.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            response.read(_READ_MAX)
            return Answer(response.status)
    except urllib.error.HTTPError as exc:
        with exc:
            return Answer(exc.code, f"HTTP {exc.code} {exc.reason}")
    except urllib.error.URLError as exc:
        return Answer(None, f"{type(exc.reason).__name__}: {exc.reason}")
    except (OSError, http.client.HTTPException, ValueError) as exc:
        return Answer(None, f"{type(exc).__name__}: {exc}")


def _switch_off(subscription: WebhookSubscription, *, now: datetime) -> None:
    """Every attempt failed for too long: off, its pending deliveries failed, HR told."""
    hours = settings.WEBHOOK_DISABLE_AFTER_HOURS
    subscription.active = False
    subscription.disabled_at = now
    subscription.disabled_reason = _(
        "Switched off automatically: every delivery failed for %(hours)d hours."
    ) % {"hours": hours}
    subscription.save(update_fields=["active", "disabled_at", "disabled_reason", "updated_at"])
    pending = WebhookDelivery.objects.filter(
        subscription=subscription, status=DeliveryStatus.PENDING
    )
    pending.filter(last_error="").update(last_error=_("The subscription was switched off."))
    pending.update(status=DeliveryStatus.FAILED)
    logger.error("Webhook subscription %s (%s) switched off", subscription.pk, subscription.url)
    _tell_hr_switched_off(subscription)


def _record(delivery_id: int, answer: Answer) -> int | None:
    """Write what the attempt gave; the seconds until the next attempt, or None when done."""
    now = timezone.now()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:  # its subscription was deleted meanwhile
            return None
        subscription = WebhookSubscription.objects.select_for_update().get(
            pk=delivery.subscription_id
        )
        delivery.response_code = answer.code
        if answer.ok:
            delivery.status, delivery.sent_at, delivery.last_error = DeliveryStatus.SENT, now, ""
            delivery.save(update_fields=["status", "sent_at", "response_code", "last_error"])
            if subscription.failing_since is not None:
                subscription.failing_since = None
                subscription.save(update_fields=["failing_since", "updated_at"])
            return None
        delivery.last_error = answer.error[:_ERROR_MAX]
        delivery.save(update_fields=["response_code", "last_error"])
        logger.warning(
            "Webhook delivery %s (%s) to %s failed, attempt %s: %s",
            delivery.pk,
            delivery.event,
            subscription.url,
            delivery.attempts,
            answer.error,
        )
        return _after_failure(delivery, subscription, now=now)


def _after_failure(
    delivery: WebhookDelivery, subscription: WebhookSubscription, *, now: datetime
) -> int | None:
    """Switch the subscription off, give the delivery up, or schedule its next attempt."""
    if subscription.failing_since is None:
        subscription.failing_since = now
        subscription.save(update_fields=["failing_since", "updated_at"])
    patience = timedelta(hours=settings.WEBHOOK_DISABLE_AFTER_HOURS)
    if subscription.active and now - subscription.failing_since >= patience:
        _switch_off(subscription, now=now)
        return None
    if now - delivery.created_at >= patience:
        _give_up(delivery, _("Given up after %(n)d attempts.") % {"n": delivery.attempts})
        return None
    delay = retry_delay(delivery.attempts)
    delivery.next_attempt_at = now + timedelta(seconds=delay)
    delivery.save(update_fields=["next_attempt_at"])
    return delay


def delivery_attempt(*, delivery_id: int) -> int | None:
    """Send one delivery if it is due (a sent one is never sent again).

    Returns the seconds until its next attempt after a failure, or None when nothing more is
    to be done now. Side effects: the POST; on a failure for too long, the subscription
    switched off and an e-mail to HR (on commit).
    """
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    return _record(delivery.pk, _post(delivery))


# --- telling HR ----------------------------------------------------------------------------


def _tell_hr_switched_off(subscription: WebhookSubscription) -> None:
    """One outbox message per HR recipient, in the transaction that switched it off."""
    last = subscription.deliveries.exclude(last_error="").order_by("-pk").first()
    for recipient in hr_notification_emails():
        message_queue(
            kind="webhook_switched_off",
            to=recipient,
            language=settings.LANGUAGE_CODE,
            context={
                "url": subscription.url,
                "reason": subscription.disabled_reason,
                "last_error": last.last_error if last else "",
                "page_url": settings.SITE_URL + reverse("hr-webhook", args=[subscription.pk]),
            },
        )
