"""Status links that end: expiry after the application ended, a fresh link by e-mail, and no
plaintext token in the session or in a task's arguments."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from applications import services, workflow
from applications.models import ApplicantAccess
from ats.actors import SYSTEM
from messaging.models import OutboxMessage
from tests.applications.test_careers import form_data, status_path_from
from tests.factories import make_application, make_job, rejection_reason

pytestmark = pytest.mark.django_db


def _ended_long_ago(days: int):
    application = make_application()
    workflow.reject(
        application,
        rejection_reason=rejection_reason(),
        actor=SYSTEM,
        at=timezone.now() - dt.timedelta(days=days),
    )
    return application


def _token_issued(application, days_ago: int) -> str:
    token = services.status_token_issue(application=application)
    ApplicantAccess.objects.filter(application=application).update(
        issued_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return token


def test_a_link_expires_status_link_days_after_the_application_ended(client, settings):
    settings.STATUS_LINK_DAYS = 90
    application = _ended_long_ago(91)
    token = _token_issued(application, 100)

    response = client.get(reverse("careers-status", args=[token]))

    assert response.status_code == 404
    page = response.content.decode()
    assert "This status link has expired" in page
    assert reverse("careers-status-new-link") in page


def test_a_link_still_works_within_the_period(client, settings):
    settings.STATUS_LINK_DAYS = 90
    application = _ended_long_ago(30)
    token = _token_issued(application, 40)

    assert client.get(reverse("careers-status", args=[token])).status_code == 200


def test_a_live_applications_link_never_expires(client):
    application = make_application()
    token = _token_issued(application, 2000)

    assert client.get(reverse("careers-status", args=[token])).status_code == 200


def test_an_expired_links_actions_are_404_too(client, settings):
    application = _ended_long_ago(400)
    token = _token_issued(application, 400)

    assert client.post(reverse("careers-data-request", args=[token])).status_code == 404


def test_a_fresh_link_is_minted_when_the_mail_goes(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    application = _ended_long_ago(400)
    _token_issued(application, 400)
    email = application.candidate.email

    with (
        mock.patch("ats.queue.enqueue", wraps=__import__("ats.queue").queue.enqueue) as enqueued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("careers-status-new-link"), {"email": email.upper()})

    assert "If this address has applied" in response.content.decode()
    # The task names only the outbox row; the link is minted when the message is sent.
    message = OutboxMessage.objects.get(application=application, kind="status_link")
    assert [call.args for call in enqueued.call_args_list] == [
        ("messaging.tasks.send_message", message.pk)
    ]
    assert "[[status_url]]" in message.body
    path = status_path_from(mailoutbox[0])
    assert client.get(path).status_code == 200


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, mailoutbox):
    response = client.post(reverse("careers-status-new-link"), {"email": "nobody@example.org"})

    assert "If this address has applied" in response.content.decode()
    assert mailoutbox == []


def test_an_erased_persons_link_is_gone(client, hr_user):
    application = make_application()
    token = services.status_token_issue(application=application)
    services.candidate_erase(candidate=application.candidate, actor=hr_user, reason="Asked")

    assert client.get(reverse("careers-status", args=[token])).status_code == 404


def test_no_plaintext_token_in_the_session(client, mailoutbox, django_capture_on_commit_callbacks):
    job = make_job(closes_on=dt.date(2099, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("careers-apply", args=[job.reference]), form_data())
    path = status_path_from(mailoutbox[0])
    token = path.rstrip("/").rsplit("/", 1)[-1]
    client.get(path)
    client.post(path + "withdraw/", {"confirm": "no"})  # a message in the session
    client.post(path + "my-data/")

    decoded = [str(session.get_decoded()) for session in Session.objects.all()]
    stored = [session.session_data for session in Session.objects.all()]
    assert not any(token in text for text in decoded + stored)


def test_no_plaintext_token_in_enqueued_task_arguments(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Submitting, re-applying and asking for a fresh link: what reaches the broker names rows
    (the outbox message, the CV), never the secret the e-mail carries."""
    job = make_job(closes_on=dt.date(2099, 1, 1))
    with (
        mock.patch("ats.queue.enqueue", wraps=__import__("ats.queue").queue.enqueue) as enqueued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(reverse("careers-apply", args=[job.reference]), form_data())
        client.post(reverse("careers-apply", args=[job.reference]), form_data())
    with (
        mock.patch("ats.queue.enqueue", wraps=__import__("ats.queue").queue.enqueue) as again,
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(reverse("careers-status-new-link"), {"email": form_data()["email"]})
    tokens = [status_path_from(m).rstrip("/").rsplit("/", 1)[-1] for m in mailoutbox]
    assert len(tokens) == 3 and len(set(tokens)) == 3
    calls = [repr(c.args) + repr(c.kwargs) for c in enqueued.call_args_list + again.call_args_list]
    assert calls  # the messages and the CV parse went through the broker
    assert not any(token in call for token in tokens for call in calls)


def test_time_travel_expires_a_link(client, settings):
    settings.STATUS_LINK_DAYS = 10
    application = _ended_long_ago(1)
    token = services.status_token_issue(application=application)
    assert client.get(reverse("careers-status", args=[token])).status_code == 200

    with time_machine.travel(timezone.now() + dt.timedelta(days=11)):
        assert client.get(reverse("careers-status", args=[token])).status_code == 404
