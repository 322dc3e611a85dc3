"""The possible-duplicates API (applications/api/candidates.py)."""

import pytest
from django.urls import reverse

from applications import services
from applications.models import Candidate, PossibleDuplicate
from tests.applications.duplicates_support import DISTINCT, OPEN, SAME, flag_state, flagged_pair

pytestmark = pytest.mark.django_db


def _api_urls(flag: PossibleDuplicate) -> list[tuple[str, str, dict]]:
    return [
        ("get", reverse("possible-duplicate-list"), {}),
        ("get", reverse("possible-duplicate-detail", args=[flag.pk]), {}),
        ("post", reverse("possible-duplicate-resolve", args=[flag.pk]), {"resolution": SAME}),
    ]


def test_api_anonymous_gets_401_and_nothing_changes(anon_api):
    _new_app, _old_app, flag = flagged_pair()
    before = flag_state(flag)
    for method, url, body in _api_urls(flag):
        assert getattr(anon_api, method)(url, body).status_code == 401, url
    assert flag_state(flag) == before


def test_api_interviewer_gets_403_and_nothing_changes(interviewer_api):
    _new_app, _old_app, flag = flagged_pair()
    before = flag_state(flag)
    for method, url, body in _api_urls(flag):
        assert getattr(interviewer_api, method)(url, body).status_code == 403, url
    assert flag_state(flag) == before


def test_api_hr_reaches_every_endpoint(hr_api):
    _new_app, _old_app, flag = flagged_pair()
    for method, url, body in _api_urls(flag):
        assert getattr(hr_api, method)(url, body).status_code == 200, url
    assert flag_state(flag)[0] == SAME


def test_api_detail_names_both_candidates_and_their_applications(hr_api):
    new_app, old_app, flag = flagged_pair()
    body = hr_api.get(reverse("possible-duplicate-detail", args=[flag.pk])).json()
    assert body["candidate"]["email"] == "anna0@new.org"
    assert [a["id"] for a in body["candidate"]["applications"]] == [new_app.pk]
    assert body["existing"]["applications"][0]["job_title"] == "Data steward"
    assert body["existing"]["applications"][0]["id"] == old_app.pk
    assert (body["resolution"], body["resolved_by"], body["resolved_at"]) == (OPEN, None, None)


def test_api_filters_by_resolved_and_by_candidate_on_either_side(hr_api, hr_user):
    new_a, old_a, flag_a = flagged_pair(1)
    _new_b, _old_b, flag_b = flagged_pair(2)
    services.duplicate_resolve(duplicate=flag_b, actor=hr_user, resolution=DISTINCT)
    url = reverse("possible-duplicate-list")

    def ids(params):
        response = hr_api.get(url, params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids({}) == {flag_a.pk, flag_b.pk}
    assert ids({"resolved": "false"}) == {flag_a.pk}
    assert ids({"resolved": "true"}) == {flag_b.pk}
    assert ids({"candidate": new_a.candidate_id}) == {flag_a.pk}
    assert ids({"candidate": old_a.candidate_id}) == {flag_a.pk}
    assert ids({"candidate": old_a.candidate_id, "resolved": "true"}) == set()


def test_api_unknown_candidate_filter_is_400(hr_api):
    response = hr_api.get(reverse("possible-duplicate-list"), {"candidate": 999999})
    assert response.status_code == 400
    assert "candidate" in response.json()


def test_api_resolve_records_and_returns_the_flag(hr_api, hr_user):
    _new_app, _old_app, flag = flagged_pair()
    response = hr_api.post(
        reverse("possible-duplicate-resolve", args=[flag.pk]),
        {"resolution": DISTINCT, "note": "Different dates of birth."},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["resolution"], body["resolution_note"], body["resolved_by"]) == (
        DISTINCT,
        "Different dates of birth.",
        "alice",
    )
    assert body["resolved_at"]
    assert flag_state(flag)[:3] == (DISTINCT, "Different dates of birth.", hr_user.pk)
    assert Candidate.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "resolution"),
        ({"resolution": OPEN}, "resolution"),
        ({"resolution": "merge"}, "resolution"),
        ({"resolution": SAME, "note": "x" * 2001}, "note"),
    ],
)
def test_api_bad_input_is_400_with_field_messages_and_changes_nothing(hr_api, body, field):
    _new_app, _old_app, flag = flagged_pair()
    before = flag_state(flag)
    response = hr_api.post(reverse("possible-duplicate-resolve", args=[flag.pk]), body)
    assert response.status_code == 400
    assert response.json()[field][0]
    assert flag_state(flag) == before


def test_api_open_resolution_gets_a_plain_words_message(hr_api):
    _new_app, _old_app, flag = flagged_pair()
    response = hr_api.post(
        reverse("possible-duplicate-resolve", args=[flag.pk]), {"resolution": OPEN}
    )
    assert response.json()["resolution"] == ["Choose “same person” or “different people”."]


def test_api_resolving_twice_is_409_and_changes_nothing(hr_api, hr_user):
    _new_app, _old_app, flag = flagged_pair()
    services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=SAME, note="checked")
    before = flag_state(flag)
    response = hr_api.post(
        reverse("possible-duplicate-resolve", args=[flag.pk]), {"resolution": DISTINCT}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "already_resolved"
    assert "already resolved" in response.json()["detail"]
    assert flag_state(flag) == before


@pytest.mark.parametrize("size", [3, 30])
def test_api_list_query_count_is_constant(hr_api, size, django_assert_max_num_queries):
    for n in range(size):
        flagged_pair(n)
    # Session, user, count, flags, both candidates (annotated with the identity masks of blind
    # screening), and their applications: the same at any size.
    with django_assert_max_num_queries(7):
        response = hr_api.get(reverse("possible-duplicate-list"))
    assert response.json()["count"] == size
