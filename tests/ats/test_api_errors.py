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
