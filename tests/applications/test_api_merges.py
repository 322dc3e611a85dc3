"""Merging, reopening and undoing through the API (applications/api/candidates.py)."""

import pytest
from django.urls import reverse

from applications import services
from applications.models import Application, Candidate, CandidateMerge
from tests.applications.duplicates_support import DISTINCT, MERGED, OPEN, flag_state, flagged_pair

pytestmark = pytest.mark.django_db


def _merge(api, flag, survivor, reason=""):
    url = reverse("possible-duplicate-merge", args=[flag.pk])
    return api.post(url, {"survivor": survivor, "reason": reason}, format="json")


def test_hr_merges_a_flag_into_the_chosen_candidate_and_undoes_it(hr_api):
    new_app, _old_app, flag = flagged_pair()

    response = _merge(hr_api, flag, flag.existing_id, "Same passport")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["survivor"], body["absorbed"]) == (flag.existing_id, flag.candidate_id)
    assert body["moved"] >= 1 and body["undone_at"] is None
    assert Application.objects.get(pk=new_app.pk).candidate_id == flag.existing_id
    assert flag_state(flag)[0] == MERGED
    # The merged candidate is gone from the candidate list.
    ids = [row["id"] for row in hr_api.get(reverse("candidate-list")).json()["results"]]
    assert flag.candidate_id not in ids and flag.existing_id in ids

    listed = hr_api.get(reverse("candidate-merge-list")).json()["results"]
    assert [row["id"] for row in listed] == [body["id"]]
    undone = hr_api.post(reverse("candidate-merge-undo", args=[body["id"]]))
    assert undone.status_code == 200 and undone.json()["undone_by"] == "alice"
    assert Application.objects.get(pk=new_app.pk).candidate_id == flag.candidate_id
    assert flag_state(flag)[0] == OPEN

    again = hr_api.post(reverse("candidate-merge-undo", args=[body["id"]]))
    assert again.status_code == 409


def test_a_refused_merge_is_400_with_the_reason(hr_api, hr_user):
    _new, _old, flag = flagged_pair()
    services.legal_hold_set(candidate=flag.existing, actor=hr_user, reason="Court order")

    response = _merge(hr_api, flag, flag.candidate_id)

    assert response.status_code == 400
    assert response.json()["code"] == "legal_hold"
    assert "Court order" in response.json()["detail"]
    assert not CandidateMerge.objects.exists()


def test_the_survivor_must_be_one_of_the_two(hr_api):
    _new, _old, flag = flagged_pair()
    stranger = Candidate.objects.create(full_name="X", email="x@example.org")
    response = _merge(hr_api, flag, stranger.pk)
    assert response.status_code == 400
    assert "survivor" in response.json()
    assert not CandidateMerge.objects.exists()


def test_a_refused_undo_is_400_with_the_reason(hr_api, hr_user):
    _new, _old, flag = flagged_pair()
    first = services.candidate_merge(
        actor=hr_user, survivor=Candidate.objects.get(pk=flag.existing_id), absorbed=flag.candidate
    )
    services.candidate_merge(
        actor=hr_user,
        survivor=Candidate.objects.create(full_name="Y", email="y@example.org"),
        absorbed=Candidate.objects.get(pk=flag.existing_id),
    )
    response = hr_api.post(reverse("candidate-merge-undo", args=[first.pk]))
    assert response.status_code == 400
    assert response.json()["code"] == "later_merge"


def test_hr_reopens_a_judgement(hr_api, hr_user):
    _new, _old, flag = flagged_pair()
    services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=DISTINCT)
    response = hr_api.post(reverse("possible-duplicate-reopen", args=[flag.pk]))
    assert response.status_code == 200 and response.json()["resolution"] == OPEN
    assert hr_api.post(reverse("possible-duplicate-reopen", args=[flag.pk])).status_code == 409


def test_interviewers_get_403_and_anonymous_401(interviewer_api, anon_api, hr_user):
    _new, _old, flag = flagged_pair()
    merge = services.candidate_merge(
        actor=hr_user, survivor=Candidate.objects.get(pk=flag.existing_id), absorbed=flag.candidate
    )
    calls = [
        ("post", reverse("possible-duplicate-merge", args=[flag.pk])),
        ("post", reverse("possible-duplicate-reopen", args=[flag.pk])),
        ("get", reverse("candidate-merge-list")),
        ("get", reverse("candidate-merge-detail", args=[merge.pk])),
        ("post", reverse("candidate-merge-undo", args=[merge.pk])),
    ]
    for method, url in calls:
        assert getattr(interviewer_api, method)(url).status_code == 403, url
        assert getattr(anon_api, method)(url).status_code == 401, url
    merge.refresh_from_db()
    assert merge.undone_at is None


def test_the_merge_list_costs_the_same_queries_at_two_sizes(
    hr_api, hr_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def merged(n):
        _new, _old, flag = flagged_pair(n)
        services.candidate_merge(
            actor=hr_user,
            survivor=Candidate.objects.get(pk=flag.existing_id),
            absorbed=flag.candidate,
        )

    merged(0)
    url = reverse("candidate-merge-list")
    hr_api.get(url)
    with CaptureQueriesContext(connection) as small:
        hr_api.get(url)
    for n in range(1, 6):
        merged(n)
    with django_assert_max_num_queries(len(small)):
        assert len(hr_api.get(url).json()["results"]) == 6
