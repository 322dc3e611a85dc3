"""Reads of the messaging app: the outbox list, an application's communication log, the
templates and their versions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When

from messaging.kinds import KINDS, LANGUAGES, Kind
from messaging.models import MessageTemplate, OutboxMessage

Status = OutboxMessage.Status

# Failed first (HR acts on them), then held for review, then the rest, newest first.
_STATUS_ORDER = Case(
    When(status=Status.FAILED, then=Value(0)),
    When(status=Status.HELD, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def outbox_list(*, status: str = "") -> QuerySet[OutboxMessage]:
    messages = OutboxMessage.objects.select_related("application__candidate", "application__job")
    if status:
        messages = messages.filter(status=status)
    return messages.annotate(status_order=_STATUS_ORDER).order_by(
        "status_order", "-created_at", "-id"
    )


def outbox_counts() -> dict[str, int]:
    """How many messages are failed and held (the outbox page's headline)."""
    rows = OutboxMessage.objects.filter(status__in=[Status.FAILED, Status.HELD]).values_list(
        "status", flat=True
    )
    counts = {Status.FAILED.value: 0, Status.HELD.value: 0}
    for status in rows:
        counts[status] += 1
    return counts


def application_messages(
    *, application_id: int | None = None, application_ids: list[int] | None = None
) -> QuerySet[OutboxMessage]:
    """The communication log: every message to or about one application (or several: a
    person's), newest first."""
    ids = [application_id] if application_id is not None else list(application_ids or [])
    return (
        OutboxMessage.objects.filter(application_id__in=ids)
        .select_related("template", "created_by")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class TemplateRow:
    kind: Kind
    language: str
    key: str
    active: MessageTemplate | None  # None: the built-in default, never edited nor used yet


def template_rows() -> list[TemplateRow]:
    """Every kind in every language (its general wording), and every keyed template HR made."""
    active = {
        (t.kind, t.key, t.language): t
        for t in MessageTemplate.objects.filter(is_active=True).select_related("edited_by")
    }
    rows = [
        TemplateRow(kind, language, "", active.get((code, "", language)))
        for code, kind in KINDS.items()
        for language in LANGUAGES
    ]
    rows += [
        TemplateRow(KINDS[kind], language, key, template)
        for (kind, key, language), template in sorted(active.items())
        if key and kind in KINDS
    ]
    rows.sort(key=lambda r: (list(KINDS).index(r.kind.code), r.key, r.language))
    return rows


def template_versions(*, kind: str, key: str, language: str) -> QuerySet[MessageTemplate]:
    return (
        MessageTemplate.objects.filter(kind=kind, key=key, language=language)
        .select_related("edited_by")
        .order_by("-version")
    )
