"""Writes of the messaging app: queue a message (in the caller's transaction), send it (at most
once), retry, hold, release or discard it, and save a new version of a template.

Every app calls `message_queue` from inside the transaction of the change that causes the
message; this module imports no other app (their rows are passed in, referenced by id).
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ats.actors import SYSTEM, Actor, acting_user, require_hr
from ats.bulk import insert_many
from ats.errors import DomainError, InvalidInput
from ats.queue import enqueue, enqueue_on_commit
from messaging import rendering
from messaging.kinds import KINDS, Kind
from messaging.models import MessageTemplate, OutboxMessage

logger = logging.getLogger(__name__)

SEND_TASK = "messaging.tasks.send_message"
SEND_MANY_TASK = "messaging.tasks.send_messages"
Status = OutboxMessage.Status


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message. Stored in the outbox row's JSON: text as it is (`.ics`),
    binary content (a PDF) base64-encoded with `encoding="base64"` (see `of_bytes`)."""

    filename: str
    content: str
    mimetype: str
    encoding: str = ""

    @classmethod
    def of_bytes(cls, filename: str, data: bytes, mimetype: str) -> Attachment:
        return cls(filename, base64.b64encode(data).decode("ascii"), mimetype, "base64")


def attachment_content(item: Mapping[str, str]) -> str | bytes:
    """The content of a stored attachment as it is sent: text, or the decoded bytes."""
    if item.get("encoding") == "base64":
        return base64.b64decode(item["content"])
    return item["content"]


# A secret placeholder's value is made when the message is sent, never stored: a function of
# the message (the applicant's status link is minted for its application). Registered by the
# app that owns the secret, from its AppConfig.ready().
SecretMaker = Callable[[OutboxMessage], str]
_secrets: dict[str, SecretMaker] = {}


def register_secret(name: str, maker: SecretMaker) -> None:
    _secrets[name] = maker


def secret_marker(name: str) -> str:
    """What a secret placeholder is in a stored body, until it is sent."""
    return f"[[{name}]]"


def language_of(code: str | None) -> str:
    """One of the template languages for a language code (zh, zh-cn, zh-hans → zh-hans)."""
    return "zh-hans" if (code or "").lower().startswith("zh") else "en"


def template_active(*, kind: str, language: str, key: str = "") -> MessageTemplate:
    """The template in use for (kind, key, language): the keyed one, else the kind's general one,
    seeded from the built-in default (version 1) the first time it is needed."""
    language = language_of(language)
    found = (
        MessageTemplate.objects.filter(
            kind=kind, language=language, is_active=True, key__in={key, ""}
        )
        .order_by("-key")  # a keyed template wins over the general one
        .first()
    )
    if found is not None:
        return found
    subject, body = KINDS[kind].defaults[language]
    try:
        with transaction.atomic():
            return MessageTemplate.objects.create(
                kind=kind, key="", language=language, subject=subject, body=body, version=1
            )
    except IntegrityError:  # a concurrent first use seeded it
        return MessageTemplate.objects.get(kind=kind, key="", language=language, is_active=True)


def _rendered(kind: Kind, subject: str, body: str, context: Mapping[str, str]) -> tuple[str, str]:
    values = {**context, **{name: secret_marker(name) for name in kind.secret}}
    return (
        rendering.render_subject(subject, values)[:300],
        rendering.render(body, values, multiline=kind.multiline),
    )


def message_queue(
    *,
    kind: str,
    to: str,
    language: str,
    context: Mapping[str, str],
    key: str = "",
    application_id: int | None = None,
    interview_id: int | None = None,
    case_id: int | None = None,
    attachments: Iterable[Attachment] = (),
    dedupe_key: str | None = None,
    send_after: datetime | None = None,
    expires_at: datetime | None = None,
    hold: bool = False,
    actor: Actor = SYSTEM,
) -> OutboxMessage | None:
    """Write one e-mail from the template of `kind` into the outbox, in the caller's
    transaction; its task is enqueued after commit (unless held or delayed: the periodic
    requeue sends a delayed one once it is due). None when `dedupe_key` was queued before or
    there is no address.

    Side effects: one OutboxMessage row; one send task on commit.
    """
    if not to:
        return None
    template = template_active(kind=kind, language=language, key=key)
    subject, body = _rendered(KINDS[kind], template.subject, template.body, context)
    return _write(
        kind=kind,
        to=to,
        language=template.language,
        template=template,
        subject=subject,
        body=body,
        application_id=application_id,
        interview_id=interview_id,
        case_id=case_id,
        attachments=attachments,
        dedupe_key=dedupe_key,
        send_after=send_after,
        expires_at=expires_at,
        hold=hold,
        actor=actor,
    )


def messages_queue(messages: Sequence[Mapping[str, Any]]) -> list[OutboxMessage]:
    """`message_queue` of each of `messages` (its keyword arguments; no attachments), written
    at once: each template looked up once, the dedupe keys checked by one query, one INSERT,
    and one send task after commit for all that are due (a bulk action's chunk). Returns the
    rows written (the deduplicated and address-less left out).

    Side effects: the OutboxMessage rows; one send task on commit.
    """
    templates: dict[tuple[str, str, str], MessageTemplate] = {}
    keys = [m["dedupe_key"] for m in messages if m.get("dedupe_key")]
    seen = set(
        OutboxMessage.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    rows: list[OutboxMessage] = []
    for message in messages:
        dedupe_key = message.get("dedupe_key")
        if not message["to"] or (dedupe_key and dedupe_key in seen):
            continue
        if dedupe_key:
            seen.add(dedupe_key)
        kind, key = message["kind"], message.get("key", "")
        found = (kind, language_of(message["language"]), key)
        if found not in templates:
            templates[found] = template_active(kind=kind, language=found[1], key=key)
        template = templates[found]
        subject, body = _rendered(KINDS[kind], template.subject, template.body, message["context"])
        rows.append(
            _row(
                kind=kind,
                to=message["to"],
                language=template.language,
                template=template,
                subject=subject,
                body=body,
                application_id=message.get("application_id"),
                attachments=(),
                dedupe_key=dedupe_key,
                send_after=message.get("send_after"),
                expires_at=message.get("expires_at"),
                hold=message.get("hold", False),
                actor=message.get("actor", SYSTEM),
            )
        )
    if not rows:
        return []
    try:
        with transaction.atomic():  # a savepoint: a unique key written concurrently refuses all
            written = insert_many(rows)
    except IntegrityError:
        # Then one at a time, as `message_queue` writes them (the refused one left out).
        written = [row for row in rows if _saved(row)]
    due = [row.pk for row in written if _due(row)]
    if due:
        enqueue_on_commit(SEND_MANY_TASK, due)
    return written


def _row(
    *,
    template: MessageTemplate | None,
    attachments: Iterable[Attachment],
    dedupe_key: str | None,
    send_after: datetime | None,
    hold: bool,
    actor: Actor,
    **fields: Any,
) -> OutboxMessage:
    return OutboxMessage(
        template=template,
        template_version=template.version if template else None,
        attachments=[a.__dict__ for a in attachments],
        dedupe_key=dedupe_key or None,
        send_after=send_after,
        status=Status.HELD if hold else Status.QUEUED,
        created_by=acting_user(actor),
        **fields,
    )


def _saved(row: OutboxMessage) -> bool:
    """Insert `row`; False when its dedupe key was queued before."""
    if row.dedupe_key:
        if OutboxMessage.objects.filter(dedupe_key=row.dedupe_key).exists():
            return False
        try:
            with transaction.atomic():  # a savepoint only where a unique key can refuse it
                row.save(force_insert=True)
        except IntegrityError:  # the same dedupe key, written concurrently
            return False
    else:
        row.save(force_insert=True)
    return True


def _write(**fields: Any) -> OutboxMessage | None:
    row = _row(**fields)
    if not _saved(row):
        return None
    _enqueue_if_due(row)
    return row


def _due(message: OutboxMessage) -> bool:
    return message.status == Status.QUEUED and (
        message.send_after is None or message.send_after <= timezone.now()
    )


def _enqueue_if_due(message: OutboxMessage) -> None:
    if _due(message):
        enqueue_on_commit(SEND_TASK, message.pk)


def message_write(
    *,
    actor: Actor,
    application_id: int,
    to: str,
    language: str,
    subject: str,
    body: str,
    context: Mapping[str, str],
) -> OutboxMessage | None:
    """HR writes to a candidate: `subject` and `body` as HR finalised them (started from a
    template or blank), with the free-form placeholders filled in from `context`. Refused on
    an unknown placeholder. None when the candidate has no address.

    Side effects: one OutboxMessage row; one send task on commit.
    """
    require_hr(actor, _("write to candidates"), person=True)
    if errors := template_check(kind="free_form", subject=subject, body=body):
        raise InvalidInput(errors)
    rendered_subject, rendered_body = _rendered(KINDS["free_form"], subject, body, context)
    return _write(
        kind="free_form",
        to=to,
        language=language_of(language),
        template=None,
        subject=rendered_subject,
        body=rendered_body,
        application_id=application_id,
        attachments=(),
        dedupe_key=None,
        send_after=None,
        expires_at=None,
        hold=False,
        actor=actor,
    )


def _email(message: OutboxMessage) -> EmailMessage:
    body = message.body
    for name, maker in _secrets.items():
        marker = secret_marker(name)
        if marker in body:
            body = body.replace(marker, maker(message))
    email = EmailMessage(message.subject, body, settings.DEFAULT_FROM_EMAIL, [message.to])
    for item in message.attachments:
        email.attach(item["filename"], attachment_content(item), item["mimetype"])
    return email


def message_send(*, message_id: int) -> str:
    """Send one queued message at most once: the row is locked, sent only while `queued`, and
    marked `sent` in the same transaction (a task that runs twice finds it sent). A failed
    attempt is recorded; after MESSAGE_MAX_ATTEMPTS the message is `failed` for HR to see.

    Returns "sent", "skipped" (not queued any more), "not_due" (delayed), "expired", "retry"
    or "failed".
    """
    now = timezone.now()
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != Status.QUEUED:
            return "skipped"
        if message.send_after is not None and message.send_after > now:
            return "not_due"
        if message.expires_at is not None and message.expires_at <= now:
            message.status = Status.DISCARDED
            message.last_error = "expired unsent"
            message.save(update_fields=["status", "last_error"])
            return "expired"
        message.attempts += 1
        message.last_attempt_at = now
        fields = ["attempts", "last_attempt_at", "status", "last_error", "sent_at"]
        try:
            _email(message).send()
        except Exception as exc:  # SMTP, network, or a bug: recorded, retried, then shown to HR
            logger.warning("Message %s, attempt %s failed: %s", message.pk, message.attempts, exc)
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            final = message.attempts >= settings.MESSAGE_MAX_ATTEMPTS
            if final:
                message.status = Status.FAILED
            message.save(update_fields=fields)
            return "failed" if final else "retry"
        message.status = Status.SENT
        message.sent_at = now
        message.last_error = ""
        message.save(update_fields=fields)
    return "sent"


def _change_status(
    *, actor: Actor, message_id: int, allowed: set[str], to: str, action: str
) -> OutboxMessage:
    require_hr(actor, action, person=True)
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        if message.status not in allowed:
            raise DomainError(
                _("This message is %(status)s; it cannot be %(action)s.")
                % {"status": message.get_status_display().lower(), "action": action},
                code="message_status",
            )
        message.status = to
        fields = ["status"]
        if to == Status.QUEUED:
            message.attempts = 0
            message.last_attempt_at = None
            fields += ["attempts", "last_attempt_at"]
        message.save(update_fields=fields)
        _enqueue_if_due(message)
    return message


def message_retry(*, actor: Actor, message_id: int) -> OutboxMessage:
    """HR sends a failed message again (its attempts start over). Side effects: a send task."""
    return _change_status(
        actor=actor,
        message_id=message_id,
        allowed={Status.FAILED},
        to=Status.QUEUED,
        action=_("retried"),
    )


def message_release(*, actor: Actor, message_id: int) -> OutboxMessage:
    """HR releases a message held for review (sent now, or when its delay is over)."""
    return _change_status(
        actor=actor,
        message_id=message_id,
        allowed={Status.HELD},
        to=Status.QUEUED,
        action=_("released"),
    )


def message_discard(*, actor: Actor, message_id: int) -> OutboxMessage:
    """HR decides a held, delayed or failed message should not go."""
    return _change_status(
        actor=actor,
        message_id=message_id,
        allowed={Status.HELD, Status.QUEUED, Status.FAILED},
        to=Status.DISCARDED,
        action=_("discarded"),
    )


def messages_requeue_stale(cutoff: datetime) -> int:
    """Hand every queued message that is due and was not tried since `cutoff` (or never, and
    written before it) to Celery again; the periodic requeue is also what sends delayed ones."""
    now = timezone.now()
    due = OutboxMessage.objects.filter(status=Status.QUEUED).filter(
        Q(send_after__isnull=True, created_at__lt=cutoff) | Q(send_after__lte=now)
    )
    stale = due.filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lt=cutoff))
    count = 0
    for pk in stale.order_by("created_at", "id").values_list("pk", flat=True)[:1000]:
        if not enqueue(SEND_TASK, pk):
            break  # the broker is still down: the next run tries again
        count += 1
    return count


def template_check(*, kind: str, subject: str, body: str) -> dict[str, list[str]]:
    """The errors of a template's text, by field (empty when it may be saved)."""
    allowed = KINDS[kind].placeholders
    errors: dict[str, list[str]] = {}
    for name, text in (("subject", subject), ("body", body)):
        if not text.strip():
            errors[name] = [_("This field is required.")]
            continue
        try:
            unknown = rendering.unknown_placeholders(text, allowed)
        except rendering.TemplateSyntaxError as exc:
            errors[name] = [str(exc)]
            continue
        if unknown:
            errors[name] = [
                _("Unknown placeholder %(names)s. Use one of: %(allowed)s.")
                % {
                    "names": ", ".join("{" + n + "}" for n in unknown),
                    "allowed": ", ".join("{" + n + "}" for n in allowed),
                }
            ]
    return errors


def template_save(
    *, actor: Actor, kind: str, language: str, subject: str, body: str, key: str = ""
) -> MessageTemplate:
    """A new version of the template of (kind, key, language); the previous one stays on
    record (outbox rows name the version they used). Refused on an unknown placeholder."""
    require_hr(actor, _("edit message templates"), person=True)
    if kind not in KINDS:
        raise DomainError(_("Unknown kind of message."), field="kind")
    language = language_of(language)
    if errors := template_check(kind=kind, subject=subject, body=body):
        raise InvalidInput(errors)
    with transaction.atomic():
        versions = MessageTemplate.objects.select_for_update().filter(
            kind=kind, key=key, language=language
        )
        latest = versions.order_by("-version").first()
        versions.filter(is_active=True).update(is_active=False)
        return MessageTemplate.objects.create(
            kind=kind,
            key=key,
            language=language,
            subject=rendering.one_line(subject),
            body=body.replace("\r\n", "\n"),
            version=(latest.version + 1) if latest else 1,
            edited_by=acting_user(actor),
            edited_at=timezone.now(),
        )


def template_preview(
    *, kind: str, subject: str, body: str, context: Mapping[str, str]
) -> tuple[str, str]:
    """How a draft renders against `context` (secret links shown as their marker)."""
    return _rendered(KINDS[kind], subject, body, context)
