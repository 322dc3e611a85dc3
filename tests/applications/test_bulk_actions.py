"""Bulk actions of the board: move, reject with a reason, e-mail; one message per application
and, per application, what was refused and why."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from applications import workflow
from applications.models import Application, ApplicationStatus, StageEvent
from ats.errors import DomainError
from messaging.models import OutboxMessage
from tests.factories import make_application, make_job, rejection_reason, stages

pytestmark = pytest.mark.django_db


def _refusals(html: str) -> dict[int, str]:
    rows = re.findall(r'<tr data-application="(\d+)"><td>[^<]*</td><td>([^<]*)</td>', html)
    return {int(pk): message for pk, message in rows}


@pytest.fixture
def gate_refuses(monkeypatch):
    """The first stage's gate refuses the applications put in the returned set."""
    from applications import gates

    refused: set[int] = set()

    def gate(application):
        return "2 of 3 scorecards missing" if application.pk in refused else None

    monkeypatch.setattr(workflow, "_gates", {"offer": gates.offer_gate, "applied": gate})
    return refused


@pytest.mark.parametrize("chunk", [7, 100])
def test_bulk_reject_of_40_sends_40_messages_one_each_and_reports_the_refusals(
    hr_client, hr_user, django_capture_on_commit_callbacks, monkeypatch, chunk
):
    monkeypatch.setattr(workflow, "BULK_CHUNK", chunk)  # in 7 chunks, or in one
    job = make_job()
    active = [make_application(job=job) for _ in range(40)]
    withdrawn = [make_application(job=job) for _ in range(3)]
    for application in withdrawn:
        workflow.withdraw(application, actor=hr_user, notify=False)
    already = make_application(job=job)
    workflow.reject(already, rejection_reason=rejection_reason(), actor=hr_user, notify=False)
    elsewhere = make_application()  # another job's: not rejected from this board
    chosen = [a.pk for a in active + withdrawn] + [already.pk, elsewhere.pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(
            reverse("hr-job-bulk-reject", args=[job.pk]),
            {
                "applications": chosen,
                "rejection_reason": rejection_reason().pk,
                "note": "headcount filled",
                "message": "now",
                "board": "closed=1",
            },
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "40 applications rejected." in html
    assert "5 refused:" in html
    refusals = _refusals(html)
    assert set(refusals) == {a.pk for a in withdrawn} | {already.pk, elsewhere.pk}
    assert all("withdrawn; it cannot be rejected" in refusals[a.pk] for a in withdrawn)
    assert "rejected; it cannot be rejected" in refusals[already.pk]
    assert refusals[elsewhere.pk] == "No such application."
    assert f'href="{reverse("hr-job", args=[job.pk])}?closed=1"' in html  # back, filters kept

    sent = OutboxMessage.objects.filter(kind="rejection")
    per_application = Counter(sent.values_list("application_id", flat=True))
    assert per_application == Counter({a.pk: 1 for a in active})
    assert set(sent.values_list("status", flat=True)) == {OutboxMessage.Status.SENT}
    for application in active:
        application.refresh_from_db()
        assert application.status == ApplicationStatus.REJECTED
        assert application.events.last().reason == "headcount filled"
    elsewhere.refresh_from_db()
    assert elsewhere.status == ApplicationStatus.ACTIVE


def test_bulk_reject_held_for_review_queues_one_held_message_each(hr_client):
    job = make_job()
    chosen = [make_application(job=job) for _ in range(3)]
    hr_client.post(
        reverse("hr-job-bulk-reject", args=[job.pk]),
        {
            "applications": [a.pk for a in chosen],
            "rejection_reason": rejection_reason().pk,
            "message": "hold",
        },
    )
    held = OutboxMessage.objects.filter(kind="rejection", status=OutboxMessage.Status.HELD)
    assert sorted(held.values_list("application_id", flat=True)) == sorted(a.pk for a in chosen)


def test_bulk_reject_without_a_reason_changes_nothing(hr_client):
    job = make_job()
    application = make_application(job=job)
    response = hr_client.post(
        reverse("hr-job-bulk-reject", args=[job.pk]),
        {"applications": [application.pk], "rejection_reason": ""},
        follow=True,
    )
    assert "Choose a rejection reason." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE


def test_bulk_move_reports_each_gate_refusal_and_sends_one_message_each(
    hr_client, hr_user, gate_refuses, django_capture_on_commit_callbacks
):
    job = make_job()
    target = stages(job)[1]
    target.notify_applicant = True
    target.save()
    chosen = [make_application(job=job) for _ in range(6)]
    gate_refuses.update(a.pk for a in chosen[:2])
    closed = chosen[5]
    workflow.withdraw(closed, actor=hr_user, notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(
            reverse("hr-job-bulk-move", args=[job.pk]), {"applications": [a.pk for a in chosen]}
        )
    html = response.content.decode()
    assert "3 applications moved." in html
    refusals = _refusals(html)
    assert set(refusals) == {chosen[0].pk, chosen[1].pk, closed.pk}
    assert "is not complete: 2 of 3 scorecards missing" in refusals[chosen[0].pk]
    assert "withdrawn; it cannot be moved" in refusals[closed.pk]
    moved = {a.pk for a in chosen[2:5]}
    assert set(Application.objects.filter(stage=target).values_list("pk", flat=True)) == moved
    messages = Counter(
        OutboxMessage.objects.filter(application_id__in=[a.pk for a in chosen])
        .exclude(kind="application_received")
        .values_list("application_id", flat=True)
    )
    assert messages == Counter({pk: 1 for pk in moved})


def test_bulk_move_needs_a_selection(hr_client):
    job = make_job()
    response = hr_client.post(reverse("hr-job-bulk-move", args=[job.pk]), {}, follow=True)
    assert "Select at least one application." in response.content.decode()


def test_bulk_email_from_the_board_opens_the_compose_page_for_the_selection(hr_client):
    job = make_job()
    chosen = [make_application(job=job) for _ in range(2)]
    board = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    assert f'formaction="{reverse("hr-messages-write")}"' in board
    # What the board's form sends when "E-mail selected" is pressed.
    response = hr_client.post(
        reverse("hr-messages-write"),
        {"applications": [a.pk for a in chosen], "board": "", "to_stage": "", "reason": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Write to 2 candidates" in html
    assert all(a.candidate.email in html for a in chosen)
    assert not OutboxMessage.objects.filter(kind="free_form").exists()  # nothing sent yet


def test_bulk_email_sends_one_message_each(hr_client, django_capture_on_commit_callbacks):
    job = make_job()
    chosen = [make_application(job=job) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(
            reverse("hr-messages-write"),
            {
                "applications": [a.pk for a in chosen],
                "subject": "Your visit",
                "body": "Dear {name}, see you soon.",
                "send": "1",
            },
        )
    written = OutboxMessage.objects.filter(application_id__in=[a.pk for a in chosen]).exclude(
        kind="application_received"
    )
    assert Counter(written.values_list("application_id", flat=True)) == Counter(
        {a.pk: 1 for a in chosen}
    )


@pytest.mark.parametrize("size", [5, 40])
def test_bulk_reject_report_query_count_grows_only_with_the_rejections(
    hr_client, size, django_assert_max_num_queries
):
    job = make_job()
    chosen = [make_application(job=job).pk for _ in range(size)]
    reason = rejection_reason()
    # Each rejection is its own locked transaction with its own event and message; the
    # report around them is a fixed handful of queries.
    with django_assert_max_num_queries(12 + 20 * size):
        hr_client.post(
            reverse("hr-job-bulk-reject", args=[job.pk]),
            {"applications": chosen, "rejection_reason": reason.pk, "message": "none"},
        )
    assert StageEvent.objects.filter(kind="rejected", application_id__in=chosen).count() == size


def _mixed_set(hr_user, refused_by_gate: set[int]) -> tuple[list[int], object]:
    """Eight applications: three the gate refuses, one withdrawn, one in the last stage, three
    that move; in that interleaved order."""
    job = make_job()
    apps = [make_application(job=job) for _ in range(8)]
    refused_by_gate.update(apps[i].pk for i in (0, 3, 6))
    workflow.withdraw(apps[1], actor=hr_user, notify=False)
    last = stages(job)[-1]
    workflow.move(apps[4], to_stage=last, actor=hr_user, override=True, reason="t", notify=False)
    return [a.pk for a in apps], job


def _one_by_one(ids, hr_user) -> list[tuple[bool, str, str]]:
    results = []
    for pk in ids:
        application = Application.objects.select_related("stage").get(pk=pk)
        following = workflow.next_stage(
            list(application.job.stages.order_by("position")), application.stage
        )
        if following is None:
            results.append((False, "last", "The application is already in the last stage."))
            continue
        try:
            moved = workflow.move(application, to_stage=following, actor=hr_user)
        except DomainError as exc:
            results.append((False, exc.code, exc.message))
        else:
            results.append((True, "", moved.stage.name))
    return results


@pytest.mark.parametrize("chunk", [3, 100])
def test_a_bulk_move_gives_exactly_the_outcomes_of_one_by_one_moves(
    hr_user, gate_refuses, monkeypatch, chunk
):
    monkeypatch.setattr(workflow, "BULK_CHUNK", chunk)  # 8 moves in 3 chunks, or in one
    bulk_ids, _job = _mixed_set(hr_user, gate_refuses)
    single_ids, _other = _mixed_set(hr_user, gate_refuses)
    bulk = [
        (o.ok, o.code, o.message if not o.ok else o.stage)
        for o in workflow.move_many(bulk_ids, actor=hr_user)
    ]
    single = _one_by_one(single_ids, hr_user)
    assert bulk == single
    assert [ok for ok, _code, _text in bulk] == [
        False,
        False,
        True,
        False,
        False,
        True,
        False,
        True,
    ]

    def state(ids):
        rows = Application.objects.in_bulk(ids)
        return [
            (rows[pk].stage.position, rows[pk].status, rows[pk].version, rows[pk].events.count())
            for pk in ids
        ]

    assert state(bulk_ids) == state(single_ids)
