"""The admin shows subscriptions and deliveries read-only, and never a subscription's secret."""

from django.contrib.auth import get_user_model

from tests.webhooks.conftest import SECRET
from webhooks import services


def test_the_admin_page_of_a_subscription_hides_its_secret(client, subscribe, hr_user):
    subscription = subscribe()
    delivery = services.subscription_ping(actor=hr_user, subscription=subscription)
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.org", "pw"))

    page = client.get(f"/admin/webhooks/webhooksubscription/{subscription.pk}/change/")
    delivery_page = client.get(f"/admin/webhooks/webhookdelivery/{delivery.pk}/change/")

    assert page.status_code == delivery_page.status_code == 200
    assert subscription.url in page.content.decode()
    assert SECRET not in page.content.decode()
    assert "ping" in delivery_page.content.decode()
