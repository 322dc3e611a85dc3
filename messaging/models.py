"""The outbox (one row per e-mail, sent at most once) and the versioned templates of its wording.

Only string references point at the other apps' models: `messaging.models` and
`messaging.services` are imported by every app, and import none of them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageTemplate(models.Model):
    """One version of the wording of one kind of message, in one language.

    `key` narrows a kind (a stage id for "stage entered", a rejection reason code for
    "rejection"); blank is the kind's general wording. Editing writes a new version and
    deactivates the old one, so an outbox row can always name the version it used.
    """

    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("key"), max_length=40, blank=True, default="")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    version = models.PositiveIntegerField(_("version"))
    is_active = models.BooleanField(_("active"), default=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(_("edited at"), default=timezone.now)

    class Meta:
        ordering = ["kind", "key", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "language", "version"], name="message_template_version"
            ),
            models.UniqueConstraint(
                fields=["kind", "key", "language"],
                condition=Q(is_active=True),
                name="message_template_one_active",
            ),
        ]

    def __str__(self) -> str:
        key = f"/{self.key}" if self.key else ""
        return f"{self.kind}{key} ({self.language}) v{self.version}"


class OutboxMessage(models.Model):
    """One e-mail, written in the transaction of the change that causes it, sent by one task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")  # waiting for its task (or for send_after)
        HELD = "held", _("Held for review")  # HR releases or discards it
        SENT = "sent", _("Sent")  # terminal
        FAILED = "failed", _("Failed")  # the last attempt failed; HR may retry
        DISCARDED = "discarded", _("Discarded")  # HR decided it should not go; terminal

    kind = models.CharField(_("kind"), max_length=40)
    to = models.EmailField(_("to"), max_length=254)
    language = models.CharField(_("language"), max_length=10)
    template = models.ForeignKey(
        MessageTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="messages"
    )
    template_version = models.PositiveIntegerField(null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    # As sent, except that secret links are placeholders (filled in only at send time).
    body = models.TextField(_("body"))
    # [{"filename": ..., "content": text, "mimetype": ...}]: .ics files are text.
    attachments = models.JSONField(default=list, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
    )
    interview = models.ForeignKey(
        "interviews.Interview",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    case = models.ForeignKey(
        "programs.ExpertCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    send_after = models.DateTimeField(_("send after"), null=True, blank=True)
    # Not worth sending after this (an invitation to an exam that has started): discarded.
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # One message per event that must never repeat (a rejection per application and reason).
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status_created")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to} ({self.status})"
