"""The outbox: a row per message in the caller's transaction, sent at most once, retried and
then failed for HR to see, held, delayed, deduplicated; secrets minted only when sent."""

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from applications.models import ApplicantAccess
from ats import queue
from ats.errors import DomainError, InvalidInput
from messaging import services, tasks
from messaging.kinds import KINDS, LANGUAGES
from messaging.models import MessageTemplate, OutboxMessage
from tests.factories import make_application

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def _queue(**kw):
    fields = {
        "kind": "stage_entered",
        "to": "ada@example.org",
        "language": "en",
        "context": {"name": "Ada", "job": "Officer", "ref": "R-1", "status": "Under review"},
    }
    return services.message_queue(**(fields | kw))


@pytest.fixture
def smtp_down(monkeypatch):
    def fail(self, messages):
        raise OSError("connection refused")

    monkeypatch.setattr(EmailBackend, "send_messages", fail)


def test_a_message_is_a_row_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _queue()
    assert message.status == Status.QUEUED and mail.outbox == []
    assert message.subject == "Your application for Officer: Under review"
    assert message.template.version == message.template_version == 1
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == Status.SENT and message.sent_at and message.attempts == 1
    [sent] = mail.outbox
    assert (sent.to, sent.subject, sent.body) == (
        ["ada@example.org"],
        message.subject,
        message.body,
    )


def test_a_message_is_sent_at_most_once_when_its_task_runs_twice():
    message = _queue()
    assert tasks.send_message.apply(args=[message.pk]).get() == "sent"
    assert tasks.send_message.apply(args=[message.pk]).get() == "skipped"
    assert len(mail.outbox) == 1


def test_failed_attempts_are_recorded_then_the_message_fails_for_hr(smtp_down, settings):
    settings.MESSAGE_MAX_ATTEMPTS = 3
    message = _queue()
    assert services.message_send(message_id=message.pk) == "retry"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.QUEUED, 1)
    assert "connection refused" in message.last_error
    tasks.send_message.apply(args=[message.pk])  # eager retries until the last attempt
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, 3)
    assert mail.outbox == []


def test_hr_retries_a_failed_message(hr_user, settings, monkeypatch):
    settings.MESSAGE_MAX_ATTEMPTS = 1
    message = _queue()
    monkeypatch.setattr(
        EmailBackend, "send_messages", lambda self, m: (_ for _ in ()).throw(OSError)
    )
    services.message_send(message_id=message.pk)
    monkeypatch.undo()
    services.message_retry(actor=hr_user, message_id=message.pk)
    assert services.message_send(message_id=message.pk) == "sent"
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 1
    with pytest.raises(DomainError):
        services.message_retry(actor=hr_user, message_id=message.pk)


def test_an_interviewer_may_not_retry(interviewer):
    message = _queue()
    with pytest.raises(DomainError):
        services.message_retry(actor=interviewer, message_id=message.pk)


def test_a_dedupe_key_is_queued_once():
    assert _queue(dedupe_key="rejection:1:1") is not None
    assert _queue(dedupe_key="rejection:1:1") is None
    assert OutboxMessage.objects.count() == 1


def test_a_held_message_waits_for_release(hr_user):
    message = _queue(hold=True)
    assert services.message_send(message_id=message.pk) == "skipped"
    services.message_release(actor=hr_user, message_id=message.pk)
    assert services.message_send(message_id=message.pk) == "sent"


def test_a_held_message_can_be_discarded(hr_user):
    message = _queue(hold=True)
    services.message_discard(actor=hr_user, message_id=message.pk)
    assert services.message_send(message_id=message.pk) == "skipped"
    assert mail.outbox == []


def test_a_delayed_message_is_sent_by_the_requeue_once_due(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _queue(send_after=timezone.now() + dt.timedelta(days=2))
    assert mail.outbox == []
    assert queue.requeue_stale(dt.timedelta(minutes=3))["messages"] == 0
    OutboxMessage.objects.filter(pk=message.pk).update(send_after=timezone.now())
    assert queue.requeue_stale(dt.timedelta(minutes=3))["messages"] == 1
    assert len(mail.outbox) == 1


def test_the_requeue_hands_over_stale_queued_messages_only():
    old = _queue()
    fresh = _queue()
    OutboxMessage.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=10)
    )
    assert queue.requeue_stale(dt.timedelta(minutes=3))["messages"] == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == (Status.SENT, Status.QUEUED)


def test_an_expired_message_is_discarded_unsent():
    message = _queue(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert services.message_send(message_id=message.pk) == "expired"
    message.refresh_from_db()
    assert message.status == Status.DISCARDED and mail.outbox == []


def test_the_status_link_is_minted_at_send_time_and_never_stored():
    application = make_application()
    before = ApplicantAccess.objects.filter(application=application).count()
    message = services.message_queue(
        kind="submission_received",
        to=application.candidate.email,
        language="en",
        context={"name": "Ada"},
        application_id=application.pk,
    )
    assert "[[status_url]]" in message.body and "/status/" not in message.body
    services.message_send(message_id=message.pk)
    assert ApplicantAccess.objects.filter(application=application).count() == before + 1
    [sent] = mail.outbox
    assert "[[status_url]]" not in sent.body and "http" in sent.body


def test_a_newline_in_a_name_never_breaks_the_subject():
    message = _queue(context={"name": "Ada", "job": "Officer\nBcc: x@example.org"})
    assert services.message_send(message_id=message.pk) == "sent"
    assert "\n" not in mail.outbox[0].subject


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_has_a_valid_default_in_english_and_chinese(kind, language):
    subject, body = KINDS[kind].defaults[language]
    assert subject and body
    assert services.template_check(kind=kind, subject=subject, body=body) == {}


def test_zh_applicants_get_the_chinese_wording():
    message = _queue(language="zh-hans")
    assert message.language == "zh-hans" and "申请" in message.subject


def test_saving_a_template_makes_a_new_version_that_messages_name(hr_user):
    first = services.template_active(kind="stage_entered", language="en")
    saved = services.template_save(
        actor=hr_user,
        kind="stage_entered",
        language="en",
        subject="News about {job}",
        body="Hello {name}: {status}.",
    )
    assert (first.version, saved.version) == (1, 2)
    first.refresh_from_db()
    assert not first.is_active and saved.is_active and saved.edited_by == hr_user
    message = _queue()
    assert message.template == saved and message.template_version == 2
    assert message.subject == "News about Officer"


def test_an_unknown_placeholder_is_refused_on_save(hr_user):
    with pytest.raises(InvalidInput) as refused:
        services.template_save(
            actor=hr_user,
            kind="stage_entered",
            language="en",
            subject="About {job}",
            body="Hello {nmae}",
        )
    assert "{nmae}" in refused.value.errors["body"][0]
    assert not MessageTemplate.objects.filter(version=2).exists()


def test_a_keyed_template_wins_over_the_general_one(hr_user):
    services.template_save(
        actor=hr_user, kind="stage_entered", key="7", language="en", subject="S7", body="B7"
    )
    assert _queue(key="7").subject == "S7"
    assert _queue(key="8").subject != "S7"
