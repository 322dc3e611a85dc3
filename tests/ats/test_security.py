"""Hostile users get nowhere: login lockout, clean 404s for bad ids, safe CSV cells, the
client's address behind proxies, the Content-Security-Policy and the production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from ats.exports import csv_response, spreadsheet_safe
from ats.ratelimit import client_ip
from tests.factories import make_application

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("login_url", ["/accounts/login/", "/admin/login/"])
def test_a_dozen_wrong_passwords_lock_the_account_even_for_the_right_one(hr_user, login_url):
    client = Client()
    for _ in range(12):
        client.post(login_url, {"username": "alice", "password": "wrong-password"})
    response = client.post(login_url, {"username": "alice", "password": "pass-for-tests"})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_by_address_too(hr_user, interviewer):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(12):
        client.post("/accounts/login/", {"username": f"guess{n}", "password": "x" * 12})
    response = client.post("/accounts/login/", {"username": "alice", "password": "pass-for-tests"})
    assert response.status_code == 429


def test_hr_unlocks_by_resetting_the_attempts(hr_user):
    from axes.utils import reset

    client = Client()
    for _ in range(12):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong-password"})
    reset(username="alice")
    cache.clear()
    response = client.post("/accounts/login/", {"username": "alice", "password": "pass-for-tests"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "path",
    [
        "/api/applications/abc/",
        "/api/applications/1e3/",
        "/api/jobs/abc/funnel/",
        "/api/candidates/../",
        "/api/offers/%00/",
    ],
)
def test_a_malformed_id_in_a_path_is_404_not_500(hr_api, path):
    assert hr_api.get(path).status_code == 404


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("-2+3", "'-2+3"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Anna Müller", "Anna Müller"),
        (-5, -5),
        ("", ""),
    ],
)
def test_cells_a_spreadsheet_would_evaluate_are_defused(cell, shown):
    assert spreadsheet_safe(cell) == shown


def test_the_csv_writer_defuses_every_cell_and_keeps_a_safe_file_name():
    response = csv_response('a"b/../c.csv', ["name"], [["=1+1"], ["ok"]])
    assert response.content.decode().splitlines() == ["name", "'=1+1", "ok"]
    assert response["Content-Disposition"] == 'attachment; filename="a_b_.._c.csv"'


@pytest.mark.parametrize(
    ("count", "forwarded", "remote", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.1", "10.0.0.1"),  # no proxy: the header is the client's say
        (1, "6.6.6.6, 1.1.1.1", "10.0.0.1", "1.1.1.1"),  # the proxy appended the real one
        (2, "6.6.6.6, 1.1.1.1, 10.0.0.2", "10.0.0.1", "1.1.1.1"),
        (2, "1.1.1.1", "10.0.0.1", "10.0.0.1"),  # fewer entries than proxies: not believed
        (1, "not-an-address", "10.0.0.1", None),  # garbage is never stored as an address
        (0, "", "", None),  # an in-process request (force_login) has none
    ],
)
def test_the_client_address_is_counted_from_the_right(settings, count, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


def test_every_page_has_a_strict_policy_and_cannot_be_framed(client):
    response = client.get(reverse("careers"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_the_api_docs_need_a_login(client, hr_client):
    assert client.get(reverse("api-docs"))["Location"].startswith("/accounts/login/")
    assert client.get(reverse("api-schema")).status_code in (401, 403)
    assert hr_client.get(reverse("api-docs")).status_code == 200
    assert hr_client.get(reverse("api-schema")).status_code == 200


def test_the_public_api_is_throttled(anon_api, settings):
    from rest_framework.settings import api_settings

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "public": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from applications import careers_api

    careers_api.PublicRateThrottle.THROTTLE_RATES = rates
    try:
        codes = [anon_api.get(reverse("public-jobs")).status_code for _ in range(5)]
    finally:
        careers_api.PublicRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert codes == [200, 200, 200, 429, 429]


def test_a_cv_is_a_download_unless_hr_frames_it(hr_client, settings, tmp_path):
    from tests.applications.cv_support import make_cv

    settings.MEDIA_ROOT = tmp_path
    cv = make_cv(make_application())
    url = reverse("hr-application-cv", args=[cv.application_id])
    assert hr_client.get(url)["Content-Disposition"].startswith("attachment;")
    framed = hr_client.get(url + "?inline=1")
    assert framed["Content-Disposition"].startswith("inline;")
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert framed["Content-Security-Policy"] == "sandbox; frame-ancestors 'self'"


def test_production_settings_pass_the_deploy_check_with_nothing_else_set():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-" + "x1y2z3" * 8,
        ALLOWED_HOSTS="ats.example.org",
        DJANGO_SETTINGS_MODULE="ats.settings",
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
