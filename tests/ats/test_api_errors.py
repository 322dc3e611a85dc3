"""Every error the API answers is a JSON object with `detail` and `code` (or field messages), as
the schema documents it (ats.api.exception_handler, ats.api.not_found)."""

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from ats.api import exception_handler

pytestmark = pytest.mark.django_db


def test_a_missing_row_is_404_with_detail_and_code(hr_api):
    response = hr_api.get("/api/jobs/999999/")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "code"}
    assert response.json()["code"] == "not_found"


def test_anonymous_is_401_with_detail_and_code(anon_api):
    response = anon_api.get("/api/jobs/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_an_interviewer_on_an_hr_endpoint_is_403_with_detail_and_code(interviewer_api):
    response = interviewer_api.get("/api/jobs/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("path", ["/api/applications/abc/", "/api/nothing-here/", "/api/jobs/-1/"])
def test_a_path_no_url_matches_is_a_json_404_under_the_api(hr_api, path):
    response = hr_api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_a_path_no_url_matches_is_a_page_404_elsewhere(hr_client):
    response = hr_client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_validation_error_with_a_plain_message_becomes_an_object():
    request = APIRequestFactory().post("/")
    context = {"view": APIView(), "request": request}
    response = exception_handler(serializers.ValidationError("Give at least one mark."), context)
    assert response is not None and response.status_code == 400
    assert response.data == {"detail": "Give at least one mark.", "code": "invalid"}


def test_field_messages_stay_field_messages(hr_api):
    response = hr_api.post("/api/jobs/", {"title": ""}, format="json")
    assert response.status_code == 400
    assert "title" in response.json() or "reference" in response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/api/applications/?job=99999999999999999999999",
        "/api/applications/?job=abc",
        "/api/applications/?page=99999999999999999999999",
        "/api/applications/?page_size=-1",
        "/api/jobs/?status=%00",
        "/api/stage-events/?application=1e400",
        "/api/jobs/99999999999999999999999/",
        "/api/programs/cases/?due_within=99999999999999999999",
        "/api/interviews/interviews/?starts_after=not-a-date",
    ],
)
def test_a_malformed_query_or_id_is_a_400_or_404_with_a_message(hr_api, path):
    response = hr_api.get(path)
    assert response.status_code in (200, 400, 404), (path, response.status_code)
    if response.status_code != 200:
        assert response.json()


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/jobs/", b'{"title": "x", "reference": "\x00"}'),
        ("/api/jobs/", b"\xff\xfe not json"),
        ("/api/jobs/", b'{"title": 1e999}'),
        ("/api/candidates/", b'{"full_name": "A", "email": "a@example.org", "nationality": 5}'),
        ("/api/pipelines/import/", b'{"format": "ats-pipeline/1", "stages": [{"name": {}}]}'),
        ("/api/pipelines/import/", b"[1, 2"),
        ("/api/applications/bulk-move/", b'{"applications": [99999999999999999999999]}'),
        (
            "/api/applications/bulk-move/",
            b'{"applications": [1], "to_stage": 99999999999999999999}',
        ),
        ("/api/screening/scores/bulk/", b'[{"sitting": 99999999999999999999, "section": 1}]'),
    ],
)
def test_a_malformed_body_is_a_400_with_a_message(hr_api, path, body):
    response = hr_api.generic("POST", path, body, content_type="application/json")
    assert response.status_code == 400, (path, response.status_code, response.content[:300])
    assert response.json()
