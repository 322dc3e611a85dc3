"""The HR pages of messages: the outbox (failed first, retry), the template editor with its
preview, writing to one candidate or a selection, the communication log; who may see them."""

import pytest
from django.core import mail
from django.urls import reverse

from messaging import services
from messaging.models import MessageTemplate, OutboxMessage
from tests.factories import make_application, make_job

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status


def _message(application=None, **kw):
    application = application or make_application()
    return services.message_queue(
        kind="stage_entered",
        to=application.candidate.email,
        language="en",
        context={"name": application.candidate.full_name, "job": "Officer", "status": "Review"},
        application_id=application.pk,
        **kw,
    )


PAGES = [
    ("hr-messages", []),
    ("hr-message-templates", []),
    ("hr-message-template", ["rejection", "en"]),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_pages_are_for_hr_only(client, interviewer, hr_client, name, args):
    url = reverse(name, args=args)
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(interviewer)
    assert client.get(url).status_code == 403
    assert hr_client.get(url).status_code == 200


def test_an_interviewer_cannot_retry_or_write(client, interviewer):
    message = _message()
    client.force_login(interviewer)
    assert client.post(reverse("hr-message-retry", args=[message.pk])).status_code == 403
    url = reverse("hr-messages-write") + f"?applications={message.application_id}"
    assert client.get(url).status_code == 403


def test_failed_messages_come_first_and_hr_retries_them(
    hr_client, django_capture_on_commit_callbacks
):
    sent = _message()
    services.message_send(message_id=sent.pk)
    failed = _message()
    OutboxMessage.objects.filter(pk=failed.pk).update(
        status=Status.FAILED, attempts=5, last_error="OSError: connection refused"
    )
    page = hr_client.get(reverse("hr-messages")).content.decode()
    assert page.index(f"message-{failed.pk}") < page.index(f"message-{sent.pk}")
    assert "connection refused" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(reverse("hr-message-retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Status.SENT and failed.attempts == 1
    assert len(mail.outbox) == 2


def test_the_failed_filter_lists_only_failed(hr_client):
    _message()
    failed = _message()
    OutboxMessage.objects.filter(pk=failed.pk).update(status=Status.FAILED)
    page = hr_client.get(reverse("hr-messages"), {"status": "failed"}).content.decode()
    assert f"message-{failed.pk}" in page and page.count('id="message-') == 1


@pytest.mark.parametrize("size", [2, 12])
def test_outbox_query_count_is_constant(hr_client, size, django_assert_max_num_queries):
    job = make_job()
    for _ in range(size):
        _message(make_application(job=job))
    # session, user, groups, the page of messages with their applications, the count, the headline
    with django_assert_max_num_queries(8):
        assert hr_client.get(reverse("hr-messages")).status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_template_list_query_count_is_constant(
    hr_client, hr_user, size, django_assert_max_num_queries
):
    for i in range(size):
        services.template_save(
            actor=hr_user, kind="stage_entered", key=str(i), language="en", subject="S", body="B"
        )
    with django_assert_max_num_queries(6):
        assert hr_client.get(reverse("hr-message-templates")).status_code == 200


def test_saving_a_template_with_an_unknown_placeholder_is_refused(hr_client):
    url = reverse("hr-message-template", args=["rejection", "en"])
    response = hr_client.post(url, {"subject": "About {job}", "body": "Dear {candidate_name}"})
    assert response.status_code == 200
    assert "Unknown placeholder {candidate_name}" in response.content.decode()
    assert not MessageTemplate.objects.filter(kind="rejection", version=2).exists()


def test_saving_a_template_makes_a_new_version(hr_client, hr_user):
    url = reverse("hr-message-template", args=["rejection", "zh-hans"])
    response = hr_client.post(url, {"subject": "关于{job}", "body": "{name}，您好"})
    assert response.status_code == 302
    active = MessageTemplate.objects.get(kind="rejection", language="zh-hans", is_active=True)
    assert (active.version, active.subject, active.edited_by) == (2, "关于{job}", hr_user)


def test_the_preview_renders_against_a_real_application(hr_client):
    application = make_application()
    url = reverse("hr-message-template-preview", args=["rejection", "en"])
    response = hr_client.post(
        url, {"subject": "About {job}", "body": "Dear {name}", "application": application.pk}
    )
    page = response.content.decode()
    assert f"About {application.job.title}" in page
    assert f"Dear {application.candidate.full_name}" in page


def test_the_preview_names_an_unknown_placeholder(hr_client):
    url = reverse("hr-message-template-preview", args=["rejection", "en"])
    response = hr_client.post(url, {"subject": "About {job}", "body": "Dear {nom}"})
    assert "Unknown placeholder {nom}" in response.content.decode()


def test_hr_writes_to_one_candidate_and_it_is_in_the_log(
    hr_client, hr_user, django_capture_on_commit_callbacks
):
    application = make_application()
    url = reverse("hr-messages-write") + f"?applications={application.pk}"
    assert hr_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(
            url,
            {
                "applications": [application.pk],
                "subject": "Your documents",
                "body": "Dear {name},\nplease send your diploma.",
                "send": "1",
            },
        )
    assert response.status_code == 302
    [sent] = mail.outbox
    assert sent.to == [application.candidate.email]
    assert sent.body.startswith(f"Dear {application.candidate.full_name},")
    message = OutboxMessage.objects.get(kind="free_form")
    assert message.created_by == hr_user and message.status == Status.SENT
    page = hr_client.get(reverse("hr-application", args=[application.pk])).content.decode()
    assert (
        "Communication log" in page
        and "Your documents" in page
        and "please send your diploma" in page
    )


def test_hr_writes_to_a_selection_one_message_each(hr_client, django_capture_on_commit_callbacks):
    job = make_job()
    chosen = [make_application(job=job) for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        hr_client.post(
            reverse("hr-messages-write"),
            {
                "applications": [a.pk for a in chosen],
                "subject": "News about {job}",
                "body": "Dear {name}",
                "send": "1",
            },
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.candidate.email for a in chosen)
    assert all(
        m.body == f"Dear {a.candidate.full_name}"
        for m, a in zip(
            sorted(mail.outbox, key=lambda m: m.to[0]),
            sorted(chosen, key=lambda a: a.candidate.email),
            strict=True,
        )
    )


def test_writing_with_an_unknown_placeholder_is_refused(hr_client):
    application = make_application()
    response = hr_client.post(
        reverse("hr-messages-write"),
        {"applications": [application.pk], "subject": "Hi", "body": "Dear {nmae}", "send": "1"},
    )
    assert response.status_code == 200
    assert "Unknown placeholder {nmae}" in response.content.decode()
    assert not OutboxMessage.objects.filter(kind="free_form").exists()


def test_writing_can_start_from_a_template(hr_client):
    application = make_application()
    url = reverse("hr-messages-write") + f"?applications={application.pk}&start=rejection"
    page = hr_client.get(url).content.decode()
    assert "After careful consideration" in page


@pytest.mark.parametrize("size", [0, 8])
def test_the_communication_log_is_one_query_whatever_its_length(
    hr_client, size, django_assert_max_num_queries
):
    application = make_application()
    for _ in range(size):
        _message(application)
    with django_assert_max_num_queries(30) as captured:
        hr_client.get(reverse("hr-application", args=[application.pk]))
    log_queries = [q for q in captured.captured_queries if "messaging_outboxmessage" in q["sql"]]
    assert len(log_queries) == 1
