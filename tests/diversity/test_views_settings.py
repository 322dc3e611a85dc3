"""HR's settings page: the options as one line each, saved, refused when wrong."""

import pytest
from django.urls import reverse

from diversity import selectors

pytestmark = pytest.mark.django_db

URL = reverse("diversity-settings")


def _post(client, **changes):
    data = {
        "enabled": "on",
        "intro_en": "Thank you for helping.",
        "intro_zh": "",
        "ask_gender": "on",
        "gender_options": "woman | Woman | 女性\nman | Man | 男性\nself | Another way",
        "ask_age_band": "on",
        "age_band_options": "young | Under 30\nold | 30 or over | 30 岁及以上",
    }
    data.update(changes)
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


def test_the_page_shows_the_defaults_as_lines(hr_client):
    html = hr_client.get(URL).content.decode()
    assert "woman | Woman | 女性" in html
    assert "Prefer not to say" in html  # the help says it is always offered


def test_hr_saves_the_settings(hr_client, hr_user):
    assert _post(hr_client).status_code == 302
    config = selectors.monitoring_settings()
    assert config.enabled and config.updated_by == hr_user
    assert config.gender_options[2] == {"code": "self", "en": "Another way", "zh": ""}
    assert [o["code"] for o in config.age_band_options] == ["young", "old"]
    assert "self | Another way" in hr_client.get(URL).content.decode()


def test_switching_off_keeps_the_options(hr_client):
    _post(hr_client)
    assert _post(hr_client, enabled=None).status_code == 302
    config = selectors.monitoring_settings()
    assert not config.enabled and config.gender_options[0]["code"] == "woman"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("woman Woman", "Line 1"),
        ("woman | Woman\nwoman | Female", "used twice"),
        ("Woman! | Woman", "not a valid code"),
        ("prefer_not_to_say | No", "kept for"),
        ("", "at least one answer option"),
        ("woman |  ", "needs an English label"),
    ],
)
def test_bad_options_are_refused_and_nothing_changes(hr_client, options, message):
    page = _post(hr_client, gender_options=options)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not selectors.monitoring_settings().enabled


def test_no_question_asked_is_refused(hr_client):
    page = _post(hr_client, ask_gender=None, ask_age_band=None)
    assert page.status_code == 400
    assert "Ask at least one question" in page.content.decode()
