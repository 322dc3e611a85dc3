"""The workflow engine: every stage and status change of an application, locked and audited.

Rules (DESIGN.md "The workflow engine"):
- an application moves only while `active`; reject and withdraw are possible from any active stage;
  reopen (HR, with a reason) brings a rejected or withdrawn application back to `active`;
- forward by one stage asks the gate of the stage being left; skipping stages or passing a
  refusing gate needs HR's override with a reason; moving back needs HR and a reason;
- entering the terminal `hired` stage sets the status `hired`;
- each change is one conditional UPDATE on the version (so it holds on SQLite, where
  `select_for_update` does nothing) plus one `StageEvent`; notifications go out on commit.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import events, tallies
from applications.models import (
    Application,
    ApplicationStatus,
    JobStage,
    RejectionReason,
    StageEvent,
    StageKind,
)
from ats.actors import Actor, acting_user, is_applicant_of, require_hr
from ats.errors import ConflictError, DomainError

# A gate answers "may this application leave its current stage forward?": None for yes, or a
# sentence naming what is missing ("2 of 3 scorecards submitted").
Gate = Callable[[Application], str | None]
_gates: dict[str, Gate] = {}


def register_gate(kind: str, gate: Gate) -> None:
    """Called from the owning app's `AppConfig.ready()`; one gate per stage kind."""
    if kind not in StageKind.values:
        raise ValueError(f"Unknown stage kind {kind!r}")
    _gates[kind] = gate


# A listener hears, after commit, that an application entered a stage of a kind: it gets the
# StageEvent id (programs/ opens a foreign expert's case when an offer stage is reached).
StageListener = Callable[[int], None]
_listeners: dict[str, list[StageListener]] = {}


def register_stage_listener(kind: str, listener: StageListener) -> None:
    """Called from the owning app's `AppConfig.ready()`."""
    if kind not in StageKind.values:
        raise ValueError(f"Unknown stage kind {kind!r}")
    if listener not in _listeners.setdefault(kind, []):
        _listeners[kind].append(listener)


def next_stage(stages: Sequence[JobStage], current: JobStage) -> JobStage | None:
    """The stage one forward of `current` among its job's stages (None from the last one):
    where "advance" goes without skipping."""
    following = [s for s in stages if s.position > current.position]
    return min(following, key=lambda s: s.position) if following else None


def gate_refusal(application: Application) -> str | None:
    """What keeps the application in its current stage, or None when it may move forward."""
    gate = _gates.get(application.stage.kind)
    return gate(application) if gate else None


@dataclass(frozen=True)
class _Change:
    kind: str
    to_stage: JobStage
    to_status: str
    reason: str = ""
    rejection_reason: RejectionReason | None = None
    is_override: bool = False
    is_backward: bool = False


def _lock_current(application: Application, expected_version: int | None) -> Application:
    """The application as it is now, its row locked, or a refusal when it is gone or stale."""
    # Lock the bare row: with joins, PostgreSQL re-checks the joined rows after waiting for
    # the lock and drops an application whose stage changed meanwhile.
    locked = Application.objects.select_for_update().filter(pk=application.pk)
    if not locked.values_list("pk", flat=True):
        raise DomainError(_("This application no longer exists."), code="not_found")
    # With its furthest stage's id, for the tallies (a subquery of this same SELECT).
    current: Application = tallies.with_furthest_stage(
        Application.objects.select_related("stage", "job", "candidate")
    ).get(pk=application.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _(
                "This application was changed by someone else (now version %(now)s, "
                "you had %(had)s). Reload it and try again."
            )
            % {"now": current.version, "had": expected_version}
        )
    return current


def _write_change(
    current: Application, change: _Change, *, actor: Actor, at: datetime | None
) -> StageEvent:
    """The conditional UPDATE on the version, the one audit row and the stage tallies'
    UPDATE; `current` is updated."""
    now = at or timezone.now()
    fields: dict[str, Any] = {
        "status": change.to_status,
        "stage": change.to_stage,
        "rejection_reason": change.rejection_reason,
        "version": current.version + 1,
        "updated_at": timezone.now(),
    }
    # The time spent in the stage being left, kept on the event and added to its tally.
    seconds_in_previous = None
    if change.to_stage.pk != current.stage_id:
        fields["stage_entered_at"] = now
        seconds_in_previous = (now - current.stage_entered_at).total_seconds()
    tally = tallies.change_of(
        current,
        to_stage=change.to_stage,
        to_status=change.to_status,
        seconds_in_previous=seconds_in_previous,
        moved_at=now if change.kind == StageEvent.Kind.MOVED else None,
    )
    # The furthest stage reached only ever rises, in the same UPDATE (a back-move keeps it).
    furthest = Greatest(F("furthest_position"), Value(change.to_stage.position))
    updated = Application.objects.filter(pk=current.pk, version=current.version).update(
        furthest_position=furthest, **fields
    )
    if updated != 1:
        raise ConflictError(
            _("This application was changed by someone else. Reload it and try again.")
        )
    event = StageEvent.objects.create(
        application=current,
        kind=change.kind,
        from_stage=current.stage,
        to_stage=change.to_stage,
        from_status=current.status,
        to_status=change.to_status,
        actor=acting_user(actor),
        at=now,
        reason=change.reason,
        rejection_reason=change.rejection_reason,
        is_override=change.is_override,
        is_backward=change.is_backward,
        version=fields["version"],
        seconds_in_previous=seconds_in_previous,
    )
    tallies.tallies_record([tally])
    for name, value in fields.items():
        setattr(current, name, value)
    current.furthest_position = max(current.furthest_position, change.to_stage.position)
    current.furthest_stage_id = tally.after.furthest_stage_id  # type: ignore[attr-defined,union-attr]
    return event


def _announce(current: Application, event: StageEvent) -> None:
    """The domain events of one audited change (inside its transaction): a new stage is a
    stage change; rejecting, withdrawing and entering `hired` are events of their own too.
    Free-text reasons are not announced (they may say things about the person)."""
    facts = events.application_facts(current) | {
        "stage_event_id": event.pk,
        "at": event.at,
        "from_stage": events.stage_facts(event.from_stage),
        "to_stage": events.stage_facts(event.to_stage),
        "from_status": event.from_status,
        "to_status": event.to_status,
    }
    if event.to_stage_id != event.from_stage_id:
        moved = {"is_backward": event.is_backward, "is_override": event.is_override}
        events.emit("application.stage_changed", data=facts | moved, at=event.at)
    if event.kind == StageEvent.Kind.REJECTED and event.rejection_reason is not None:
        reason = {"code": event.rejection_reason.code, "label": event.rejection_reason.label}
        events.emit("application.rejected", data=facts | {"rejection_reason": reason}, at=event.at)
    if event.kind == StageEvent.Kind.WITHDRAWN:
        events.emit("application.withdrawn", data=facts, at=event.at)
    if event.to_status == ApplicationStatus.HIRED and event.from_status != ApplicationStatus.HIRED:
        events.emit("application.hired", data=facts, at=event.at)


@dataclass(frozen=True)
class Notify:
    """How the applicant hears of a change: at once (`notify=True`), held for HR to review and
    release, or after a delay (a rejection two days later)."""

    hold: bool = False
    delay: timedelta | None = None


def _transition(
    application: Application,
    *,
    actor: Actor,
    expected_version: int | None,
    at: datetime | None,
    notify: bool | Notify,
    decide: Callable[[Application], _Change | None],
) -> Application:
    """Lock, check the version, let `decide` apply the rules, write the row and the event and
    the applicant's message (outbox, same transaction); after commit, the stage's listeners."""
    with transaction.atomic():
        current = _lock_current(application, expected_version)
        change = decide(current)
        if change is None:
            return current
        event = _write_change(current, change, actor=actor, at=at)
        _announce(current, event)
        if change.to_stage.pk != event.from_stage_id:
            for listener in _listeners.get(change.to_stage.kind, []):
                transaction.on_commit(partial(listener, event.pk))
        if notify:
            # Imported here: the services package imports this module.
            from applications.services.notifications import stage_event_queue

            how = notify if isinstance(notify, Notify) else Notify()
            stage_event_queue(
                event=event,
                application=current,
                hold=how.hold,
                send_after=timezone.now() + how.delay if how.delay else None,
            )
    return current


def _ensure_active(application: Application, action: str) -> None:
    if application.status != ApplicationStatus.ACTIVE:
        raise DomainError(
            _("The application is %(status)s; it cannot be %(action)s.")
            % {"status": application.get_status_display().lower(), "action": action},
            code="not_active",
        )


def _backward(current: Application, to_stage: JobStage, reason: str) -> _Change:
    if not reason:
        raise DomainError(
            _("Moving back to “%(stage)s” needs a reason.") % {"stage": to_stage.name},
            code="reason_required",
            field="reason",
        )
    return _Change(
        kind=StageEvent.Kind.MOVED,
        to_stage=to_stage,
        to_status=ApplicationStatus.ACTIVE,
        reason=reason,
        is_backward=True,
    )


def _forward(current: Application, to_stage: JobStage, reason: str, override: bool) -> _Change:
    """Forward by one stage past a gate that agrees; anything more needs an override."""
    skipped = list(
        JobStage.objects.filter(
            job_id=current.job_id,
            position__gt=current.stage.position,
            position__lt=to_stage.position,
        ).values_list("name", flat=True)
    )
    if skipped and not override:
        raise DomainError(
            _("Moving to “%(stage)s” would skip %(skipped)s; that needs an override reason.")
            % {"stage": to_stage.name, "skipped": ", ".join(f"“{s}”" for s in skipped)},
            code="skip_refused",
        )
    refusal = gate_refusal(current)
    if refusal and not override:
        raise DomainError(
            _("“%(stage)s” is not complete: %(refusal)s")
            % {"stage": current.stage.name, "refusal": refusal},
            code="gate_refused",
        )
    hired = to_stage.kind == StageKind.HIRED
    return _Change(
        kind=StageEvent.Kind.MOVED,
        to_stage=to_stage,
        to_status=ApplicationStatus.HIRED if hired else ApplicationStatus.ACTIVE,
        reason=reason,
        is_override=override,
    )


def move(
    application: Application,
    *,
    to_stage: JobStage,
    actor: Actor,
    reason: str = "",
    override: bool = False,
    expected_version: int | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> Application:
    """Move an active application to another stage of its job.

    Side effects: one StageEvent; on commit, a notification task for the applicant.
    """
    require_hr(actor, _("move applications"))
    reason = reason.strip()

    def decide(current: Application) -> _Change | None:
        if to_stage.job_id != current.job_id:
            raise DomainError(
                _("The stage “%(stage)s” belongs to another job.") % {"stage": to_stage.name},
                code="wrong_job",
                field="to_stage",
            )
        _ensure_active(current, _("moved"))
        if to_stage.pk == current.stage_id:
            return None
        if override and not reason:
            raise DomainError(
                _("An override needs a reason."), code="reason_required", field="reason"
            )
        if to_stage.position < current.stage.position:
            return _backward(current, to_stage, reason)
        return _forward(current, to_stage, reason, override)

    return _transition(
        application,
        actor=actor,
        expected_version=expected_version,
        at=at,
        notify=notify,
        decide=decide,
    )


def reject(
    application: Application,
    *,
    rejection_reason: RejectionReason,
    actor: Actor,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
    notify: bool | Notify = True,
) -> Application:
    """Reject an active application at its current stage, with a reason from the list."""
    require_hr(actor, _("reject applications"))
    if not rejection_reason.is_active:
        raise DomainError(
            _("The rejection reason “%(reason)s” is no longer in use.")
            % {"reason": rejection_reason.label},
            field="rejection_reason",
        )

    def decide(current: Application) -> _Change:
        _ensure_active(current, _("rejected"))
        return _Change(
            kind=StageEvent.Kind.REJECTED,
            to_stage=current.stage,
            to_status=ApplicationStatus.REJECTED,
            reason=note.strip(),
            rejection_reason=rejection_reason,
        )

    return _transition(
        application,
        actor=actor,
        expected_version=expected_version,
        at=at,
        notify=notify,
        decide=decide,
    )


def withdraw(
    application: Application,
    *,
    actor: Actor,
    reason: str = "",
    rejection_reason: RejectionReason | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> Application:
    """The applicant withdraws (through their status link), or HR or the system on their behalf.

    `rejection_reason` names why, from the list, when the list has it (a declined offer ends
    the application withdrawn with "offer declined", so reports count it by its reason).
    """
    if not is_applicant_of(actor, application.pk):
        require_hr(actor, _("withdraw applications on an applicant's behalf"))

    def decide(current: Application) -> _Change:
        _ensure_active(current, _("withdrawn"))
        return _Change(
            kind=StageEvent.Kind.WITHDRAWN,
            to_stage=current.stage,
            to_status=ApplicationStatus.WITHDRAWN,
            reason=reason.strip(),
            rejection_reason=rejection_reason,
        )

    return _transition(
        application,
        actor=actor,
        expected_version=expected_version,
        at=at,
        notify=notify,
        decide=decide,
    )


def reopen(
    application: Application,
    *,
    actor: Actor,
    reason: str,
    expected_version: int | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> Application:
    """HR brings a rejected or withdrawn application back to active, at the stage it had."""
    require_hr(actor, _("reopen applications"))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Reopening needs a reason."), code="reason_required", field="reason")

    def decide(current: Application) -> _Change:
        if current.status not in (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
            raise DomainError(
                _("Only a rejected or withdrawn application can be reopened; this one is %(s)s.")
                % {"s": current.get_status_display().lower()},
                code="not_closed",
            )
        return _Change(
            kind=StageEvent.Kind.REOPENED,
            to_stage=current.stage,
            to_status=ApplicationStatus.ACTIVE,
            reason=reason,
        )

    return _transition(
        application,
        actor=actor,
        expected_version=expected_version,
        at=at,
        notify=notify,
        decide=decide,
    )


def record_submission(
    application: Application, *, actor: Actor, at: datetime | None = None
) -> None:
    """The first event of every application: it entered its first stage (version 1), which
    is its furthest; and its stage's tallies count it (one UPDATE)."""
    StageEvent.objects.create(
        application=application,
        kind=StageEvent.Kind.SUBMITTED,
        to_stage=application.stage,
        to_status=application.status,
        actor=acting_user(actor),
        at=at or application.submitted_at,
        version=application.version,
    )
    entered = tallies.Standing(application.stage_id, application.status, application.stage_id)
    tallies.tallies_record([tallies.TallyChange(None, entered)])


@dataclass(frozen=True)
class BulkOutcome:
    application_id: int
    ok: bool
    message: str = ""
    code: str = ""
    stage: str = ""


def move_many(
    application_ids: Iterable[int],
    *,
    actor: Actor,
    to_stage: JobStage | None = None,
    reason: str = "",
    override: bool = False,
    job_id: int | None = None,
) -> list[BulkOutcome]:
    """Move each application with `move` (to `to_stage`, or to its next stage when None), of
    `job_id` only when given (others are "no such application").

    The applications are locked and committed a chunk at a time, each moved in its own
    savepoint; the result says per application what was refused, exactly as moving one by one.
    """
    require_hr(actor, _("move applications"))
    ids = list(dict.fromkeys(application_ids))
    found = Application.objects.select_related("stage").in_bulk(ids)
    if job_id is not None:
        found = {pk: a for pk, a in found.items() if a.job_id == job_id}
    stages_of_job: dict[int, list[JobStage]] = {}
    if to_stage is None:
        job_ids = {a.job_id for a in found.values()}
        for stage in JobStage.objects.filter(job_id__in=job_ids):
            stages_of_job.setdefault(stage.job_id, []).append(stage)
    outcomes = []
    for chunk in _chunks(ids):
        # One transaction per chunk: its rows locked by one query, in id order (so two bulk
        # moves never wait on each other crosswise), one commit for the chunk; each move in
        # its own savepoint, so a refusal undoes that move alone and the outcomes are those
        # of moving one by one.
        with transaction.atomic():
            _lock_chunk([pk for pk in chunk if pk in found])
            for pk in chunk:
                outcomes.append(
                    _move_one(pk, found, stages_of_job, to_stage, actor, reason, override)
                )
    return outcomes


BULK_CHUNK = 100


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + BULK_CHUNK] for i in range(0, len(ids), BULK_CHUNK)]


def _lock_chunk(ids: list[int]) -> None:
    if ids:
        locked = Application.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        list(locked.values_list("pk", flat=True))


def _move_one(
    pk: int,
    found: dict[int, Application],
    stages_of_job: dict[int, list[JobStage]],
    to_stage: JobStage | None,
    actor: Actor,
    reason: str,
    override: bool,
) -> BulkOutcome:
    application = found.get(pk)
    if application is None:
        return BulkOutcome(pk, False, _("No such application."), "not_found")
    target = to_stage or next_stage(stages_of_job[application.job_id], application.stage)
    if target is None:
        return BulkOutcome(pk, False, _("The application is already in the last stage."), "last")
    try:
        # `move`'s own atomic block is the savepoint inside the chunk's transaction.
        moved = move(application, to_stage=target, actor=actor, reason=reason, override=override)
    except DomainError as exc:
        return BulkOutcome(pk, False, exc.message, exc.code)
    return BulkOutcome(pk, True, stage=moved.stage.name)


def reject_many(
    application_ids: Iterable[int],
    *,
    actor: Actor,
    rejection_reason: RejectionReason,
    note: str = "",
    notify: bool | Notify = True,
    job_id: int | None = None,
) -> list[BulkOutcome]:
    """Reject each application with `reject`, all with one reason and note (of `job_id` only,
    when given: others are "no such application").

    Chunks of applications are locked and committed together as in `move_many`, each rejected
    in its own savepoint with its own message to the applicant; the result says per application
    what was refused.
    """
    require_hr(actor, _("reject applications"))
    ids = list(dict.fromkeys(application_ids))
    found = Application.objects.select_related("stage").in_bulk(ids)
    if job_id is not None:
        found = {pk: a for pk, a in found.items() if a.job_id == job_id}

    def reject_one(pk: int) -> BulkOutcome:
        application = found.get(pk)
        if application is None:
            return BulkOutcome(pk, False, _("No such application."), "not_found")
        try:
            rejected = reject(
                application,
                rejection_reason=rejection_reason,
                note=note,
                actor=actor,
                notify=notify,
            )
        except DomainError as exc:
            return BulkOutcome(pk, False, exc.message, exc.code)
        return BulkOutcome(pk, True, stage=rejected.stage.name)

    outcomes: list[BulkOutcome] = []
    for chunk in _chunks(ids):
        with transaction.atomic():
            _lock_chunk([pk for pk in chunk if pk in found])
            outcomes.extend(reject_one(pk) for pk in chunk)
    return outcomes
