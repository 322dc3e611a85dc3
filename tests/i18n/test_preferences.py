"""Choosing the language: the browser's, the switcher's, or a staff user's profile setting; and
the time zone a staff user chose."""

import datetime as dt

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ats.middleware import UserPreferencesMiddleware
from ats.models import StaffProfile

pytestmark = pytest.mark.django_db


def test_careers_page_follows_the_browser(client):
    page = client.get(reverse("careers"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    assert 'lang="zh-hans"' in page.content.decode()
    english = client.get(reverse("careers"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert 'lang="en"' in english.content.decode()


def test_every_page_offers_the_switcher_and_it_holds(client):
    page = client.get(reverse("careers")).content.decode()
    assert 'action="/i18n/setlang/"' in page and "简体中文" in page and "English" in page
    answer = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/careers/"})
    assert answer.status_code == 302
    assert 'lang="zh-hans"' in client.get(reverse("careers")).content.decode()


def test_staff_language_comes_from_the_profile_over_the_browser(hr_user):
    StaffProfile.objects.create(user=hr_user, language="zh-hans")
    client = Client()
    client.force_login(hr_user)
    page = client.get(reverse("hr-jobs"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="zh-hans"' in page and "职位" in page


def test_profile_page_saves_language_and_zone(hr_client, hr_user):
    assert hr_client.get(reverse("profile")).status_code == 200
    answer = hr_client.post(
        reverse("profile"), {"language": "zh-hans", "time_zone": "Europe/Berlin"}
    )
    assert answer.status_code == 302
    profile = StaffProfile.objects.get(user=hr_user)
    assert (profile.language, profile.time_zone) == ("zh-hans", "Europe/Berlin")
    page = hr_client.get(reverse("profile"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="zh-hans"' in page


def test_profile_refuses_an_unknown_zone(hr_client, hr_user):
    answer = hr_client.post(reverse("profile"), {"language": "", "time_zone": "Mars/Olympus"})
    assert answer.status_code == 400
    assert not StaffProfile.objects.filter(user=hr_user, time_zone="Mars/Olympus").exists()


def test_switching_language_when_logged_in_is_remembered_in_the_profile(hr_client, hr_user):
    hr_client.post(reverse("set_language"), {"language": "zh-hans", "next": "/hr/jobs/"})
    assert StaffProfile.objects.get(user=hr_user).language == "zh-hans"


def test_times_are_shown_in_the_users_zone(rf, hr_user):
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return HttpResponse()

    request = rf.get("/hr/jobs/")
    request.user = hr_user
    request.session = {"ats_language": "", "ats_time_zone": "Europe/Berlin"}
    UserPreferencesMiddleware(view)(request)
    assert seen["zone"] == "Europe/Berlin"
    # After the request, and for everybody without a choice: the site's zone (Beijing).
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


def test_chinese_dates_are_written_year_month_day():
    from django.utils import formats, translation

    with translation.override("zh-hans"):
        assert formats.date_format(dt.date(2018, 12, 3), "DATE_FORMAT") == "2018年12月3日"
        assert (
            formats.date_format(dt.datetime(2018, 12, 3, 15, 30, tzinfo=dt.UTC), "DATETIME_FORMAT")
            == "2018年12月3日 15:30"
        )
    with translation.override("en"):
        assert formats.date_format(dt.date(2018, 12, 3), "DATE_FORMAT") == "3 Dec 2018"
        assert formats.time_format(dt.time(15, 30), "TIME_FORMAT") == "15:30"
