"""Every model registered in the admin opens its list, and its add page answers as its admin
says: records that change only through the services offer no add page (403)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "pw")


@pytest.mark.parametrize(("app_label", "model_name"), REGISTERED)
def test_every_admin_list_and_add_page_answers(client, superuser, app_label, model_name):
    client.force_login(superuser)
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    model_admin = next(
        a
        for m, a in admin.site._registry.items()
        if m._meta.model_name == model_name and m._meta.app_label == app_label
    )
    request = RequestFactory().get("/")
    request.user = superuser
    expected = 200 if model_admin.has_add_permission(request) else 403
    assert client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == expected
