"""Admin of the outbox and the templates: read-only (messages change only through the services,
templates only through the editor, which versions them)."""

from django.contrib import admin

from ats.admin import ReadOnlyAdmin
from messaging.models import MessageTemplate, OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["to", "subject"]
    raw_id_fields = ["application", "interview", "case"]
    date_hierarchy = "created_at"


@admin.register(MessageTemplate)
class MessageTemplateAdmin(ReadOnlyAdmin):
    list_display = ["kind", "key", "language", "version", "is_active", "edited_by", "edited_at"]
    list_filter = ["kind", "language", "is_active"]
