"""The base template shows no template comment as text (Django's {# #} is one line only)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_no_template_comment_leaks_into_the_page(client):
    page = client.get(reverse("login")).content.decode()
    assert "{#" not in page and "#}" not in page
