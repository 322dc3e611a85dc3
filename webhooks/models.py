"""Webhook subscriptions (a URL and a secret for some events) and their deliveries."""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEvent(models.TextChoices):
    """The events a subscription can ask for; each is emitted by the service that makes the
    change (through `applications.events`), inside its transaction."""

    APPLICATION_CREATED = "application.created", _("Application received")
    APPLICATION_STAGE_CHANGED = "application.stage_changed", _("Application moved to a stage")
    APPLICATION_REJECTED = "application.rejected", _("Application rejected")
    APPLICATION_WITHDRAWN = "application.withdrawn", _("Application withdrawn")
    APPLICATION_HIRED = "application.hired", _("Applicant hired")
    OFFER_ACCEPTED = "offer.accepted", _("Offer accepted")
    INTERVIEW_SCHEDULED = "interview.scheduled", _("Interview scheduled")
    SCORECARD_SUBMITTED = "scorecard.submitted", _("Scorecard submitted")
    CASE_STATUS_CHANGED = "case.status_changed", _("Foreign-expert case moved")


# Not subscribable: the test delivery HR sends from the page or `POST .../ping/`.
PING_EVENT = "ping"


class WebhookSubscription(models.Model):
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    # Kept as given: it signs every delivery, so it must be readable (unlike status links,
    # which are stored hashed). It is shown once, when the subscription is created.
    secret = models.CharField(_("secret"), max_length=128)
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Since when every attempt has failed (None after a success): switched off after
    # WEBHOOK_DISABLE_AFTER_HOURS of it.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    disabled_at = models.DateTimeField(_("switched off"), null=True, blank=True)
    disabled_reason = models.CharField(_("why switched off"), max_length=300, blank=True)

    class Meta:
        ordering = ["url", "pk"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.description or self.url

    def wants(self, event: str) -> bool:
        return self.active and event in self.events


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")  # not sent yet, or retrying after a failure
    SENT = "sent", _("Sent")  # the receiver answered 2xx
    FAILED = "failed", _("Failed")  # given up: too old, or the subscription was switched off


class WebhookDelivery(models.Model):
    """One event for one subscription: a row of the outbox, sent by one task after commit."""

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The event's id: the same for every subscription and for a redelivery, so a receiver can
    # tell a repeat from a new event.
    event_id = models.UUIDField(_("event id"))
    event = models.CharField(_("event"), max_length=50)
    payload = models.JSONField(_("payload"), encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="webhook_sent_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id} ({self.status})"

    @property
    def payload_json(self) -> str:
        """The payload as HR reads it on the page (the POSTed body is the compact form)."""
        return json.dumps(self.payload, indent=2, ensure_ascii=False)
