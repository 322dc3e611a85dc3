"""The HR webhook pages: list, subscribe (secret shown once), one subscription with its
deliveries and actions; HR only."""

import pytest
from django.test import Client

from tests.factories import UserFactory
from webhooks import services
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription


def test_the_hr_navigation_links_the_webhooks_page(hr_client):
    page = hr_client.get("/hr/webhooks/").content.decode()

    assert 'href="/hr/webhooks/"' in page
    assert "No subscriptions yet." in page


def test_subscribing_shows_the_secret_once(hr_client):
    response = hr_client.post(
        "/hr/webhooks/add/",
        {"url": "http://127.0.0.1:9/hooks", "events": ["application.hired", "offer.accepted"]},
    )

    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert subscription.events == ["application.hired", "offer.accepted"]
    assert subscription.secret in response.content.decode()
    assert (
        subscription.secret
        not in hr_client.get(f"/hr/webhooks/{subscription.pk}/").content.decode()
    )
    assert subscription.secret not in hr_client.get("/hr/webhooks/").content.decode()


def test_an_internal_url_is_refused_on_the_form(hr_client, settings):
    settings.WEBHOOK_ALLOWED_HOSTS = []

    response = hr_client.post(
        "/hr/webhooks/add/", {"url": "http://192.168.0.10/hooks", "events": ["application.hired"]}
    )

    assert response.status_code == 400
    assert "internal address" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_the_page_lists_deliveries_with_a_redeliver_button_for_finished_ones(
    hr_client, subscribe, hr_user
):
    subscription = subscribe()
    pending = services.subscription_ping(actor=hr_user, subscription=subscription)
    failed = services.subscription_ping(actor=hr_user, subscription=subscription)
    WebhookDelivery.objects.filter(pk=failed.pk).update(
        status=DeliveryStatus.FAILED, attempts=3, last_error="HTTP 500 Internal Server Error"
    )

    page = hr_client.get(f"/hr/webhooks/{subscription.pk}/").content.decode()

    assert "HTTP 500 Internal Server Error" in page
    assert "&quot;event&quot;: &quot;ping&quot;" in page  # the payload, as JSON
    assert f"/deliveries/{failed.pk}/redeliver/" in page
    assert f"/deliveries/{pending.pk}/redeliver/" not in page


def test_redeliver_from_the_page(hr_client, subscribe, hr_user):
    subscription = subscribe()
    delivery = services.subscription_ping(actor=hr_user, subscription=subscription)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)

    response = hr_client.post(f"/hr/webhooks/{subscription.pk}/deliveries/{delivery.pk}/redeliver/")

    assert response.status_code == 302
    assert WebhookDelivery.objects.filter(event_id=delivery.event_id).count() == 2


def test_edit_switch_off_and_delete_from_the_page(hr_client, subscribe):
    subscription = subscribe()
    base = f"/hr/webhooks/{subscription.pk}"

    edited = hr_client.post(
        f"{base}/edit/",
        {"url": subscription.url, "description": "HRIS", "events": ["offer.accepted"]},
    )
    switched = hr_client.post(f"{base}/active/", {"active": "0"})

    assert (edited.status_code, switched.status_code) == (302, 302)
    subscription.refresh_from_db()
    assert (subscription.description, subscription.events) == ("HRIS", ["offer.accepted"])
    assert not subscription.active
    assert "Alice" in subscription.disabled_reason
    assert hr_client.post(f"{base}/delete/").status_code == 302
    assert not WebhookSubscription.objects.exists()


def test_a_refused_action_is_shown_as_a_message(hr_client, subscribe, hr_user):
    subscription = subscribe()
    services.subscription_update(actor=hr_user, subscription=subscription, active=False)

    response = hr_client.post(f"/hr/webhooks/{subscription.pk}/ping/", follow=True)

    assert "switched off" in response.content.decode()
    assert not WebhookDelivery.objects.exists()


PAGES = [
    ("get", "/hr/webhooks/"),
    ("post", "/hr/webhooks/add/"),
    ("get", "/hr/webhooks/{id}/"),
    ("post", "/hr/webhooks/{id}/edit/"),
    ("post", "/hr/webhooks/{id}/active/"),
    ("post", "/hr/webhooks/{id}/delete/"),
    ("post", "/hr/webhooks/{id}/ping/"),
    ("post", "/hr/webhooks/{id}/deliveries/{delivery}/redeliver/"),
]


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_pages_are_for_hr_only(subscribe, hr_user, method, path):
    subscription = subscribe()
    delivery = services.subscription_ping(actor=hr_user, subscription=subscription)
    url = path.format(id=subscription.pk, delivery=delivery.pk)
    interviewer = Client()
    interviewer.force_login(UserFactory(username="bob", groups=["interviewer"]))

    assert getattr(interviewer, method)(url).status_code == 403
    anonymous = getattr(Client(), method)(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert WebhookSubscription.objects.filter(active=True).count() == 1
    assert WebhookDelivery.objects.count() == 1


@pytest.mark.parametrize("size", [2, 12])
def test_list_and_detail_query_counts_are_constant(
    hr_client, subscribe, hr_user, size, django_assert_max_num_queries
):
    for _ in range(size):
        subscription = subscribe()
        for _ in range(3):
            services.subscription_ping(actor=hr_user, subscription=subscription)

    with django_assert_max_num_queries(6):
        hr_client.get("/hr/webhooks/")
    with django_assert_max_num_queries(7):
        hr_client.get(f"/hr/webhooks/{subscription.pk}/")
