"""The applicant's optional form under their status link: offered only when the monitoring is
on, saved, changed and deleted by them, and in Chinese too."""

import re

import pytest
from django.urls import reverse

from diversity.models import SelfIdentification
from diversity.options import PREFER_NOT_TO_SAY
from tests.diversity.conftest import switch_on

pytestmark = pytest.mark.django_db

LINK_TEXT = "Help us check our process is fair (optional)"


def _form_url(token):
    return reverse("careers-about-you", args=[token])


def test_disabled_no_link_and_the_form_is_not_found(client, applied):
    application, token = applied
    status = client.get(reverse("careers-status", args=[token])).content.decode()
    assert LINK_TEXT not in status and _form_url(token) not in status
    submitted = client.get(reverse("careers-submitted", args=[application.job.reference]))
    assert LINK_TEXT not in submitted.content.decode()
    assert client.get(_form_url(token)).status_code == 404
    assert client.post(_form_url(token), {"gender": "zq-fern"}).status_code == 404
    assert not SelfIdentification.objects.exists()


def test_enabled_the_status_and_confirmation_pages_offer_it(client, applied, monitoring_on):
    application, token = applied
    status = client.get(reverse("careers-status", args=[token])).content.decode()
    assert LINK_TEXT in status and _form_url(token) in status
    submitted = client.get(reverse("careers-submitted", args=[application.job.reference]))
    assert LINK_TEXT in submitted.content.decode()


def test_the_form_explains_and_offers_prefer_not_to_say(client, applied, monitoring_on):
    _application, token = applied
    page = client.get(_form_url(token))
    html = page.content.decode()
    assert page.status_code == 200 and page["Referrer-Policy"] == "no-referrer"
    assert "stored apart from your application" in html
    assert "We ask because we care." in html
    assert "Orchidvale" in html and "25–34" in html
    assert html.count(f'value="{PREFER_NOT_TO_SAY}"') == 2  # one per question


def test_the_form_saves_changes_and_deletes(client, applied, monitoring_on):
    application, token = applied
    saved = client.post(_form_url(token), {"gender": "zq-fern", "age_band": "25-34"})
    assert saved.status_code == 302
    row = SelfIdentification.objects.get(application=application)
    assert (row.gender, row.age_band) == ("zq-fern", "25-34")
    page = client.get(_form_url(token)).content.decode()
    assert re.search(r'value="zq-fern"[^>]*checked', page)
    assert not re.search(r'value="zq-moss"[^>]*checked', page)
    client.post(_form_url(token), {"gender": PREFER_NOT_TO_SAY, "age_band": ""})
    row.refresh_from_db()
    assert (row.gender, row.age_band) == (PREFER_NOT_TO_SAY, "")
    deleted = client.post(reverse("careers-about-you-delete", args=[token]))
    assert deleted.status_code == 302
    assert not SelfIdentification.objects.exists()


def test_each_question_is_optional(client, applied, monitoring_on):
    application, token = applied
    assert client.post(_form_url(token), {"age_band": "65-plus"}).status_code == 302
    row = SelfIdentification.objects.get(application=application)
    assert (row.gender, row.age_band) == ("", "65-plus")


def test_an_answer_not_offered_is_refused_and_nothing_stored(client, applied, monitoring_on):
    _application, token = applied
    page = client.post(_form_url(token), {"gender": "woman"})
    assert page.status_code == 400
    assert "Select a valid choice" in page.content.decode()
    assert not SelfIdentification.objects.exists()


def test_a_wrong_token_is_not_found(client, monitoring_on):
    assert client.get(_form_url("not-a-token")).status_code == 404
    assert client.post(reverse("careers-about-you-delete", args=["x"])).status_code == 404


def test_the_form_needs_the_csrf_token(applied, monitoring_on):
    from django.test import Client

    _application, token = applied
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(_form_url(token), {"gender": "zq-fern"}).status_code == 403
    assert not SelfIdentification.objects.exists()


def test_the_form_is_rate_limited(client, applied, monitoring_on, settings):
    settings.APPLY_RATE_LIMIT_PER_HOUR = 2
    _application, token = applied
    for _ in range(2):
        assert client.post(_form_url(token), {"gender": "zq-fern"}).status_code == 302
    refused = client.post(_form_url(token), {"gender": "zq-moss"})
    assert refused.status_code == 429
    assert SelfIdentification.objects.get().gender == "zq-fern"


def test_switched_off_the_applicant_still_sees_and_deletes_their_answers(client, applied):
    switch_on()
    application, token = applied
    client.post(_form_url(token), {"gender": "zq-fern"})
    switch_on(enabled=False)
    page = client.get(_form_url(token)).content.decode()
    assert "Delete my answers" in page and 'name="gender"' not in page
    assert client.post(_form_url(token), {"gender": "zq-moss"}).status_code == 200
    assert SelfIdentification.objects.get().gender == "zq-fern"
    client.post(reverse("careers-about-you-delete", args=[token]))
    assert not SelfIdentification.objects.exists()
    assert client.get(_form_url(token)).status_code == 404


def test_the_form_in_chinese_shows_the_chinese_labels(client, applied, monitoring_on):
    _application, token = applied
    html = client.get(_form_url(token), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "兰谷" in html and "我们关心公平。" in html
    assert "Orchidvale" not in html
