"""Domain events: what just happened to an application (or a row of one), told to listeners.

The registry is how the core tells higher apps (webhooks, later the e-mail outbox) about a
change without importing them. Unlike the stage listeners of the workflow engine, an event
listener runs *inside* the transaction of the change: the rows it writes (a webhook delivery,
an outbox e-mail) commit or roll back with the change itself, so nothing is announced that did
not happen and nothing that happened goes unannounced. A listener therefore only writes rows and
enqueues work on commit (`ats.queue.enqueue_on_commit`); it never talks to the network.
"""

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from applications.models import Application, JobStage


@dataclass(frozen=True)
class DomainEvent:
    """`name` like "application.hired"; `data` plain JSON (ids and non-sensitive facts)."""

    name: str
    data: dict[str, Any]
    at: datetime


class _EventEncoder(DjangoJSONEncoder):
    """Times in UTC (`…Z`) whatever zone they were made in; dates and UUIDs as strings."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime) and timezone.is_aware(o):
            o = o.astimezone(UTC)
        return super().default(o)


# What a listener returns is ignored (the webhooks listener returns the deliveries it wrote).
EventListener = Callable[[DomainEvent], object]
# Its bulk form hears many events at once (a bulk move's chunk), in order, with a constant
# number of queries; it does what the listener would do for each of them.
EventListenerMany = Callable[[Sequence[DomainEvent]], object]
_listeners: list[EventListener] = []
_listeners_many: dict[EventListener, EventListenerMany] = {}


def register_event_listener(
    listener: EventListener, *, many: EventListenerMany | None = None
) -> None:
    """Called from the listening app's `AppConfig.ready()`."""
    if listener not in _listeners:
        _listeners.append(listener)
    if many is not None:
        _listeners_many[listener] = many


def _events(announced: Sequence[tuple[str, dict[str, Any], datetime | None]]) -> list[DomainEvent]:
    # The data is turned into plain JSON here (times become ISO strings in UTC) so that every
    # listener stores the same thing: one round trip for all of them.
    plain = json.loads(json.dumps([data for _name, data, _at in announced], cls=_EventEncoder))
    return [
        DomainEvent(name=name, data=data, at=(at or timezone.now()).astimezone(UTC))
        for (name, _data, at), data in zip(announced, plain, strict=True)
    ]


def emit(name: str, *, data: dict[str, Any], at: datetime | None = None) -> DomainEvent:
    """Tell every listener, now, inside the caller's transaction."""
    [event] = _events([(name, data, at)])
    for listener in _listeners:
        listener(event)
    return event


def emit_many(announced: Iterable[tuple[str, dict[str, Any], datetime]]) -> list[DomainEvent]:
    """`emit` of each (name, data, at), in order: each listener hears them all at once through
    its bulk form when it has one, else one by one."""
    emitted = _events(list(announced))
    if not emitted:
        return emitted
    for listener in _listeners:
        many = _listeners_many.get(listener)
        if many is not None:
            many(emitted)
        else:
            for event in emitted:
                listener(event)
    return emitted


def stage_facts(stage: JobStage | None) -> dict[str, Any] | None:
    if stage is None:
        return None
    return {"id": stage.pk, "name": stage.name, "kind": stage.kind, "position": stage.position}


def application_facts(application: Application) -> dict[str, Any]:
    """What every application event says about its application. No name, e-mail or CV: a
    receiver gets ids (and reads more through the API with its own rights), so that blind
    screening and the erasure of personal data hold outside the system too."""
    return {
        "application_id": application.pk,
        "candidate_id": application.candidate_id,
        "job_id": application.job_id,
        "job_reference": application.job.reference,
        "status": application.status,
        "stage": stage_facts(application.stage),
    }
