"""The webhooks API: HR only; the secret shown once; deliveries listed and redelivered."""

import pytest
from rest_framework.test import APIClient

from tests.webhooks.conftest import SECRET
from webhooks import services
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription

URL = "/api/webhooks/"


def create(api, **data):
    body = {"url": "http://127.0.0.1:9/hooks", "events": ["application.hired"]} | data
    return api.post(URL, body, format="json")


def test_create_returns_the_generated_secret_once(hr_api):
    response = create(hr_api, description="HRIS")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 30
    assert body["events"] == ["application.hired"]
    assert body["active"] is True
    assert WebhookSubscription.objects.get().secret == body["secret"]
    again = hr_api.get(f"{URL}{body['id']}/").json()
    assert "secret" not in again
    assert "secret" not in hr_api.get(URL).json()["results"][0]


def test_create_keeps_a_given_secret(hr_api):
    response = create(hr_api, secret=SECRET)

    assert response.json()["secret"] == SECRET


def test_create_refuses_loopback_unless_allowed(hr_api, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = []

    response = create(hr_api, url="http://127.0.0.1:8000/hooks")

    assert response.status_code == 400
    assert "internal address" in response.json()["url"][0]
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"url": "ftp://example.org/hooks"}, "url"),
        ({"url": "http://10.0.0.8/hooks"}, "url"),
        ({"events": ["application.eaten"]}, "events"),
        ({"events": []}, "events"),
        ({"secret": "short"}, "secret"),
    ],
)
def test_create_refuses_bad_input_with_a_field_message(hr_api, data, field):
    response = create(hr_api, **data)

    assert response.status_code == 400
    assert field in response.json()
    assert not WebhookSubscription.objects.exists()


def test_update_changes_events_and_rotates_the_secret_write_only(hr_api, subscribe):
    subscription = subscribe()

    response = hr_api.patch(
        f"{URL}{subscription.pk}/",
        {"events": ["offer.accepted"], "secret": "a-brand-new-secret-123"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["events"] == ["offer.accepted"]
    assert "secret" not in response.json()
    subscription.refresh_from_db()
    assert subscription.secret == "a-brand-new-secret-123"


def test_switching_back_on_forgets_the_failures(hr_api, subscribe, hr_user):
    subscription = subscribe()
    services.subscription_update(actor=hr_user, subscription=subscription, active=False)
    WebhookSubscription.objects.filter(pk=subscription.pk).update(failing_since="2019-01-01T00:00Z")

    response = hr_api.patch(f"{URL}{subscription.pk}/", {"active": True}, format="json")

    body = response.json()
    assert (body["active"], body["failing_since"], body["disabled_at"]) == (True, None, None)


def test_delete(hr_api, subscribe, hr_user):
    subscription = subscribe()
    services.subscription_ping(actor=hr_user, subscription=subscription)

    assert hr_api.delete(f"{URL}{subscription.pk}/").status_code == 204
    assert not WebhookDelivery.objects.exists()


def test_deliveries_are_listed_newest_first_and_paginated(hr_api, subscribe, hr_user):
    subscription = subscribe()
    first = services.subscription_ping(actor=hr_user, subscription=subscription)
    second = services.subscription_ping(actor=hr_user, subscription=subscription)

    body = hr_api.get(f"{URL}{subscription.pk}/deliveries/").json()

    assert body["count"] == 2
    assert [d["id"] for d in body["results"]] == [second.pk, first.pk]
    assert body["results"][0]["status"] == "pending"
    assert body["results"][0]["payload"]["event"] == "ping"


def test_redeliver_sends_a_finished_delivery_again_with_the_same_event_id(
    hr_api, receiver, subscribe, hr_user, django_capture_on_commit_callbacks
):
    subscription = subscribe(receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.subscription_ping(actor=hr_user, subscription=subscription)

    with django_capture_on_commit_callbacks(execute=True):
        response = hr_api.post(f"{URL}{subscription.pk}/deliveries/{delivery.pk}/redeliver/")

    assert response.status_code == 201
    again = WebhookDelivery.objects.get(pk=response.json()["id"])
    assert again.event_id == delivery.event_id
    assert again.status == DeliveryStatus.SENT
    assert [r.json["id"] for r in receiver.requests] == [str(delivery.event_id)] * 2


def test_redeliver_refuses_a_pending_delivery(hr_api, subscribe, hr_user):
    subscription = subscribe()
    delivery = services.subscription_ping(actor=hr_user, subscription=subscription)

    response = hr_api.post(f"{URL}{subscription.pk}/deliveries/{delivery.pk}/redeliver/")

    assert response.status_code == 400
    assert response.json()["code"] == "pending"


def test_redeliver_of_another_subscriptions_delivery_is_404(hr_api, subscribe, hr_user):
    mine, other = subscribe(), subscribe()
    delivery = services.subscription_ping(actor=hr_user, subscription=other)

    response = hr_api.post(f"{URL}{mine.pk}/deliveries/{delivery.pk}/redeliver/")

    assert response.status_code == 404


def test_ping_writes_a_test_delivery(hr_api, subscribe):
    subscription = subscribe()

    response = hr_api.post(f"{URL}{subscription.pk}/ping/")

    assert response.status_code == 201
    assert response.json()["event"] == "ping"


ENDPOINTS = [
    ("get", URL),
    ("post", URL),
    ("get", URL + "{id}/"),
    ("patch", URL + "{id}/"),
    ("delete", URL + "{id}/"),
    ("get", URL + "{id}/deliveries/"),
    ("post", URL + "{id}/deliveries/{delivery}/redeliver/"),
    ("post", URL + "{id}/ping/"),
]


@pytest.fixture
def one_delivery(subscribe, hr_user):
    subscription = subscribe()
    return services.subscription_ping(actor=hr_user, subscription=subscription)


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_interviewers_are_refused(interviewer_api, one_delivery, method, path):
    url = path.format(id=one_delivery.subscription_id, delivery=one_delivery.pk)

    assert getattr(interviewer_api, method)(url, {}, format="json").status_code == 403


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
def test_anonymous_callers_are_refused(one_delivery, method, path):
    url = path.format(id=one_delivery.subscription_id, delivery=one_delivery.pk)

    assert getattr(APIClient(), method)(url, {}, format="json").status_code == 401
    assert WebhookDelivery.objects.count() == 1


@pytest.mark.parametrize("size", [2, 12])
def test_subscription_list_query_count_is_constant(
    hr_api, subscribe, hr_user, size, django_assert_max_num_queries
):
    for _ in range(size):
        services.subscription_ping(actor=hr_user, subscription=subscribe())

    with django_assert_max_num_queries(3):
        response = hr_api.get(URL)

    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [2, 12])
def test_delivery_list_query_count_is_constant(
    hr_api, subscribe, hr_user, size, django_assert_max_num_queries
):
    subscription = subscribe()
    for _ in range(size):
        services.subscription_ping(actor=hr_user, subscription=subscription)

    with django_assert_max_num_queries(4):
        response = hr_api.get(f"{URL}{subscription.pk}/deliveries/")

    assert response.json()["count"] == size
