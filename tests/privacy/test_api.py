"""The personal-data endpoints: erase, export, hold, access log, retention due; every role."""

import io
import json
import zipfile

import pytest
from rest_framework.test import APIClient

from applications.models import Candidate, ErasureRecord, LegalHold

pytestmark = pytest.mark.django_db


def _call(client, method: str, candidate_id: int, name: str):
    url = f"/api/candidates/{candidate_id}/{name}/"
    if method == "post":
        return client.post(url, {"reason": "Asked"}, format="json")
    return client.get(url)


ENDPOINTS = [
    ("post", "erase"),
    ("get", "export"),
    ("post", "hold"),
    ("post", "release-holds"),
    ("get", "access-log"),
]


@pytest.mark.parametrize(("method", "name"), ENDPOINTS)
def test_anonymous_gets_401(zofia, anon_api, method, name):
    assert _call(anon_api, method, zofia.candidate_id, name).status_code == 401


@pytest.mark.parametrize(("method", "name"), ENDPOINTS)
def test_an_interviewer_gets_403_and_nothing_changes(zofia, interviewer_api, method, name):
    assert _call(interviewer_api, method, zofia.candidate_id, name).status_code == 403
    assert not ErasureRecord.objects.exists() and not LegalHold.objects.exists()


def test_interviewer_and_anonymous_cannot_list_who_falls_due(interviewer_api):
    assert interviewer_api.get("/api/candidates/retention-due/").status_code == 403
    assert APIClient().get("/api/candidates/retention-due/").status_code == 401


def test_hr_erases_with_a_reason(zofia, hr_api):
    response = _call(hr_api, "post", zofia.candidate_id, "erase")

    assert response.status_code == 201
    assert response.json()["reason"] == "Asked"
    assert Candidate.objects.get(pk=zofia.candidate_id).erased_at is not None


def test_erasure_without_a_reason_is_400(zofia, hr_api):
    response = hr_api.post(f"/api/candidates/{zofia.candidate_id}/erase/", {}, format="json")

    assert response.status_code == 400
    assert "reason" in response.json()
    assert Candidate.objects.get(pk=zofia.candidate_id).erased_at is None


def test_erasure_under_a_hold_is_409_with_the_reason(zofia, hr_api):
    hr_api.post(
        f"/api/candidates/{zofia.candidate_id}/hold/", {"reason": "Audit 2026"}, format="json"
    )

    response = _call(hr_api, "post", zofia.candidate_id, "erase")

    assert response.status_code == 409
    assert response.json()["code"] == "legal_hold"
    assert "Audit 2026" in response.json()["detail"]
    released = hr_api.post(f"/api/candidates/{zofia.candidate_id}/release-holds/")
    assert released.status_code == 200 and released.json()[0]["released_at"]
    assert _call(hr_api, "post", zofia.candidate_id, "erase").status_code == 201


def test_hr_downloads_the_export_and_it_is_logged(zofia, hr_api):
    response = _call(hr_api, "get", zofia.candidate_id, "export")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert json.loads(archive.read("personal-data.json"))["applications"]["candidate"]["email"]
    log = _call(hr_api, "get", zofia.candidate_id, "access-log").json()
    assert [row["action"] for row in log] == ["exported"]


def test_an_unknown_candidate_is_404(hr_api):
    assert _call(hr_api, "get", 999999, "export").status_code == 404


@pytest.mark.parametrize("entries", [1, 7])
def test_the_access_log_costs_the_same_queries_at_any_size(
    zofia, hr_api, hr_user, entries, django_assert_max_num_queries
):
    from applications import services

    for _ in range(entries):
        services.personal_data_access_record(
            candidate_id=zofia.candidate_id, action="cv_opened", actor=hr_user
        )

    with django_assert_max_num_queries(5):
        response = hr_api.get(f"/api/candidates/{zofia.candidate_id}/access-log/")

    assert len(response.json()) == entries
