"""Django admin of webhooks: subscriptions and their deliveries, read-only (changes go through
the pages and the API, where URLs are checked)."""

from django.contrib import admin
from django.db import models

from ats.admin import ReadOnlyAdmin
from webhooks.models import WebhookDelivery, WebhookSubscription


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["url", "description", "active", "failing_since", "disabled_at", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "description"]
    exclude = ["secret"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["event", "subscription", "status", "attempts", "response_code", "created_at"]
    list_filter = ["status", "event"]
    list_select_related = ["subscription"]
    search_fields = ["event_id", "subscription__url"]
    date_hierarchy = "created_at"
