"""Bulk moves and rejections a chunk at a time: exactly the outcomes and rows of one-by-one
moves, a constant number of statements and one send task per chunk."""

from collections import Counter

import pytest
from django.db.models import F

from applications import workflow
from applications.models import Application, ApplicationStatus, StageEvent
from ats import queue
from ats.errors import DomainError
from messaging.models import OutboxMessage
from screening import gates
from screening.models import ScreeningDecision
from tests.factories import channel, make_job, rejection_reason
from tests.screening.support import bulk_applications
from webhooks import services as webhooks
from webhooks.models import WebhookDelivery, WebhookEvent

pytestmark = pytest.mark.django_db

# What each application of a population is, by its index modulo 10.
FAIL, UNDECIDED, WITHDRAWN, LAST, OTHER_JOB, STALE = range(6)  # 6..9 move


@pytest.fixture
def stale_ids(monkeypatch):
    """The screening gate, as registered (single and bulk form), but a concurrent writer
    changes the applications in the returned set while it is asked about them."""
    stale: set[int] = set()

    def bump(ids):
        Application.objects.filter(pk__in=set(ids) & stale).update(version=F("version") + 1)

    def gate(application):
        bump([application.pk])
        return gates.screening_gate(application)

    def many(applications):
        bump([a.pk for a in applications])
        return gates.screening_gate_many(applications)

    monkeypatch.setattr(workflow, "_gates", {**workflow._gates, "screening": gate})
    monkeypatch.setattr(workflow, "_gates_many", {**workflow._gates_many, gate: many})
    return stale


@pytest.fixture
def webhook(settings, hr_user):
    settings.WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    return webhooks.subscription_create(
        actor=hr_user,
        url="http://127.0.0.1:9/hooks",
        events=list(WebhookEvent.values),
        secret="a-receiver-secret-of-enough-length",
    )


def population(hr_user, count: int, stale: set[int]):
    """A job with `count` applications in screening (built with bulk inserts), each what its
    index says; returns the job and the ids to move, in an interleaved order."""
    channel()
    job = make_job(title="Field ecologist")
    other = make_job(title="Field ecologist")
    stages = list(job.stages.order_by("position"))
    exam = stages[2]
    exam.notify_applicant = True  # each move is told to the applicant
    exam.save()
    applications = bulk_applications(job, "screening", count)
    elsewhere = bulk_applications(other, "screening", count // 10 + 1)
    ids = []
    decisions = []
    for i, application in enumerate(applications):
        what = i % 10
        if what == OTHER_JOB:
            ids.append(elsewhere[i // 10].pk)
            continue
        ids.append(application.pk)
        if what == WITHDRAWN:
            Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.WITHDRAWN)
        elif what == LAST:
            Application.objects.filter(pk=application.pk).update(stage=stages[-1])
        if what != UNDECIDED:
            decision = "fail" if what == FAIL else "pass"
            decisions.append(
                ScreeningDecision(application=application, reviewer=hr_user, decision=decision)
            )
        if what == STALE:
            stale.add(application.pk)
    ScreeningDecision.objects.bulk_create(decisions)
    return job, ids


def one_by_one(ids, job, hr_user, act) -> list[tuple[bool, str, str]]:
    """What moving (or rejecting) them one at a time from the board gives."""
    results = []
    for pk in ids:
        application = Application.objects.select_related("stage").filter(pk=pk, job=job).first()
        if application is None:
            results.append((False, "not_found", "No such application."))
            continue
        try:
            done = act(application)
        except DomainError as exc:
            results.append((False, exc.code, exc.message))
        else:
            results.append((True, "", done.stage.name))
    return results


def move_next(hr_user):
    def act(application):
        following = workflow.next_stage(
            list(application.job.stages.order_by("position")), application.stage
        )
        if following is None:
            raise DomainError("The application is already in the last stage.", code="last")
        return workflow.move(application, to_stage=following, actor=hr_user)

    return act


def outcomes(results) -> list[tuple[bool, str, str]]:
    return [(o.ok, o.code, o.message if not o.ok else o.stage) for o in results]


def rows(ids, job) -> list:
    """What the action left, per application (in `ids` order), up to ids and times."""
    found = Application.objects.select_related("stage", "candidate").in_bulk(ids)
    left = []
    for pk in ids:
        application = found[pk]
        events = [
            (
                e.kind,
                e.from_stage.position if e.from_stage else None,
                e.to_stage.position,
                e.from_status,
                e.to_status,
                e.actor_id,
                e.reason,
                e.rejection_reason_id,
                e.is_override,
                e.is_backward,
                e.version,
                e.seconds_in_previous is None,
            )
            for e in application.events.select_related("from_stage", "to_stage").order_by("id")
        ]
        messages = [
            (
                m.kind,
                m.to == application.candidate.email,
                m.language,
                m.template_id,
                m.template_version,
                m.subject.replace(job.reference, "REF"),
                m.body.replace(job.reference, "REF").replace(
                    application.candidate.full_name, "NAME"
                ),
                m.status,
                m.send_after is None,
                (m.dedupe_key or "").replace(f":{pk}:", ":ID:"),
            )
            for m in OutboxMessage.objects.filter(application_id=pk).order_by("id")
        ]
        entered_changed = application.stage_entered_at != application.submitted_at
        left.append(
            (
                application.job_id == job.pk,
                application.stage.position,
                application.status,
                application.version,
                application.furthest_position,
                application.rejection_reason_id,
                entered_changed,
                events,
                messages,
            )
        )
    return left


def deliveries(ids) -> Counter:
    return Counter(
        (d.event, d.payload["data"]["to_stage"]["position"])
        for d in WebhookDelivery.objects.filter(payload__data__application_id__in=list(ids)).only(
            "event", "payload"
        )
    )


@pytest.fixture
def enqueued(monkeypatch):
    """Every task handed to the broker after commit, as (task, args)."""
    handed: list[tuple[str, tuple]] = []
    monkeypatch.setattr(queue, "enqueue", lambda task, *args, **kw: handed.append((task, args)))
    return handed


@pytest.mark.parametrize("count", [1_000])
def test_a_bulk_move_of_1000_gives_the_outcomes_and_rows_of_one_by_one_moves(
    hr_user, stale_ids, webhook, enqueued, django_capture_on_commit_callbacks, count
):
    bulk_job, bulk_ids = population(hr_user, count, stale_ids)
    single_job, single_ids = population(hr_user, count, stale_ids)

    with django_capture_on_commit_callbacks(execute=True):
        bulk = outcomes(workflow.move_many(bulk_ids, actor=hr_user, job_id=bulk_job.pk))
    bulk_tasks, enqueued[:] = list(enqueued), []
    with django_capture_on_commit_callbacks(execute=True):
        single = one_by_one(single_ids, single_job, hr_user, move_next(hr_user))
    # The simulated concurrent write ran inside each refused move's savepoint and was undone
    # with it; a real writer's commit stays, as it does for the bulk move: put it back.
    single_stale = [pk for i, pk in enumerate(single_ids) if i % 10 == STALE]
    Application.objects.filter(pk__in=single_stale).update(version=F("version") + 1)

    assert bulk == single
    codes = Counter(code for _ok, code, _text in bulk)
    assert codes == {
        "": count * 4 // 10,
        "gate_refused": count * 2 // 10,
        "not_active": count // 10,
        "last": count // 10,
        "not_found": count // 10,
        "conflict": count // 10,
    }
    assert rows(bulk_ids, bulk_job) == rows(single_ids, single_job)
    assert sum(len(r[8]) for r in rows(bulk_ids, bulk_job)) == count * 4 // 10  # notices
    assert deliveries(bulk_ids) == deliveries(single_ids) != Counter()
    # One send task per chunk for that chunk's notices, where one-by-one sends one each.
    sends = [args for task, args in bulk_tasks if task == "messaging.tasks.send_messages"]
    assert len(sends) == count // workflow.BULK_CHUNK
    notices = OutboxMessage.objects.filter(application_id__in=bulk_ids)
    assert sorted(pk for (ids,) in sends for pk in ids) == sorted(
        notices.values_list("pk", flat=True)
    )
    assert not [t for t, _a in bulk_tasks if t == "messaging.tasks.send_message"]
    # The same for the webhook deliveries: one publish per chunk, each then handed on.
    hooks = [args for task, args in bulk_tasks if task == "webhooks.tasks.deliver_webhooks"]
    assert len(hooks) == count // workflow.BULK_CHUNK
    bulk_deliveries = WebhookDelivery.objects.filter(
        payload__data__application_id__in=list(bulk_ids)
    )
    assert sorted(pk for (ids,) in hooks for pk in ids) == sorted(
        bulk_deliveries.values_list("pk", flat=True)
    )
    assert not [t for t, _a in bulk_tasks if t == "webhooks.tasks.deliver_webhook"]


def test_a_bulk_rejection_gives_the_outcomes_and_rows_of_one_by_one_rejections(
    hr_user, stale_ids, webhook, enqueued, django_capture_on_commit_callbacks
):
    bulk_job, bulk_ids = population(hr_user, 200, stale_ids)
    single_job, single_ids = population(hr_user, 200, stale_ids)
    stale_ids.clear()  # rejecting asks no gate
    reason = rejection_reason()
    already = [bulk_ids[6], single_ids[6]]  # rejected before: its message is not sent twice
    for pk in already:
        workflow.reject(Application.objects.get(pk=pk), rejection_reason=reason, actor=hr_user)
        workflow.reopen(Application.objects.get(pk=pk), actor=hr_user, reason="r", notify=False)

    with django_capture_on_commit_callbacks(execute=True):
        bulk = outcomes(
            workflow.reject_many(
                bulk_ids, actor=hr_user, rejection_reason=reason, note="n", job_id=bulk_job.pk
            )
        )
    with django_capture_on_commit_callbacks(execute=True):
        single = one_by_one(
            single_ids,
            single_job,
            hr_user,
            lambda a: workflow.reject(a, rejection_reason=reason, note="n", actor=hr_user),
        )

    assert bulk == single
    assert Counter(code for _ok, code, _text in bulk) == {
        "": 160,
        "not_active": 20,
        "not_found": 20,
    }
    assert rows(bulk_ids, bulk_job) == rows(single_ids, single_job)
    assert deliveries(bulk_ids) == deliveries(single_ids) != Counter()


@pytest.mark.parametrize("size", [20, 100])
def test_a_bulk_move_chunk_costs_the_same_statements_at_any_size(
    hr_user, webhook, size, django_assert_max_num_queries
):
    job, ids = population(hr_user, size, set())
    # The scope read once (3), then for the chunk: its savepoint, lock, candidates, gate,
    # UPDATE, events, stage tallies, webhooks (2), outbox (template seeded once, INSERT in a
    # savepoint; on SQLite Django splits an INSERT past 999 parameters): whatever the size of
    # the chunk.
    with django_assert_max_num_queries(21):
        results = workflow.move_many(ids, actor=hr_user, job_id=job.pk)
    assert sum(o.ok for o in results) == size * 5 // 10  # the stale ones move here
    assert StageEvent.objects.filter(application_id__in=ids, kind="moved").count() == size // 2
