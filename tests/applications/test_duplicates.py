"""Possible duplicates: HR sees the flag, resolves it once (nothing is merged), by page or API."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from applications import selectors, services
from applications.models import Application, Candidate, PossibleDuplicate
from ats.errors import ConflictError, InvalidInput
from tests.factories import CandidateFactory, make_application, make_job

pytestmark = pytest.mark.django_db

OPEN = PossibleDuplicate.Resolution.OPEN
SAME = PossibleDuplicate.Resolution.SAME_PERSON
DISTINCT = PossibleDuplicate.Resolution.DISTINCT


def _pair(n: int = 0) -> tuple[Application, Application, PossibleDuplicate]:
    """One person on file (with an application), then a look-alike under another e-mail who
    applies to another job and is flagged the way the submission service flags them."""
    phone = f"+49 30 {7000 + n}"
    existing = CandidateFactory(full_name=f"Anna Müller {n}", email=f"anna{n}@old.org", phone=phone)
    old_app = make_application(job=make_job(title="Data steward"), candidate=existing)
    new = CandidateFactory.create(
        full_name=f"Anna Muller {n}", email=f"anna{n}@new.org", phone=phone
    )
    new_app = make_application(job=make_job(title="Programme officer"), candidate=new)
    (flag,) = services.candidate_flag_duplicates(candidate=new)
    return new_app, old_app, flag


def _state(flag: PossibleDuplicate) -> tuple:
    flag.refresh_from_db()
    return (flag.resolution, flag.resolution_note, flag.resolved_by_id, flag.resolved_at)


def _resolve_url(flag: PossibleDuplicate) -> str:
    return reverse("hr-duplicate-resolve", args=[flag.pk])


# --- the application page and the board ------------------------------------------------------


def test_open_flag_is_a_banner_on_the_application_page(hr_client):
    new_app, old_app, flag = _pair()
    html = hr_client.get(reverse("hr-application", args=[new_app.pk])).content.decode()
    assert f'id="duplicate-{flag.pk}"' in html
    assert "same phone number" in html
    assert "anna0@old.org" in html
    assert reverse("hr-application", args=[old_app.pk]) in html
    assert "Data steward" in html
    assert f'action="{_resolve_url(flag)}"' in html
    assert "Nothing is merged" in html


def test_the_flag_shows_on_the_existing_candidates_page_too(hr_client):
    new_app, old_app, flag = _pair()
    html = hr_client.get(reverse("hr-application", args=[old_app.pk])).content.decode()
    assert f'id="duplicate-{flag.pk}"' in html
    assert "anna0@new.org" in html
    assert reverse("hr-application", args=[new_app.pk]) in html


def test_unflagged_application_has_no_banner(hr_client):
    app = make_application(candidate=CandidateFactory(phone="+1 555 0100 999"))
    html = hr_client.get(reverse("hr-application", args=[app.pk])).content.decode()
    assert "Possible duplicate" not in html


def test_pipeline_card_marks_a_candidate_with_an_open_flag(hr_client, hr_user):
    new_app, _old_app, flag = _pair()
    plain = make_application(job=new_app.job, candidate=CandidateFactory(phone="+1 555 0100 999"))
    response = hr_client.get(reverse("hr-job", args=[new_app.job_id]))
    cards = {a.pk: a for column in response.context["columns"] for a in column.applications}
    assert cards[new_app.pk].has_open_duplicate is True
    assert cards[plain.pk].has_open_duplicate is False
    assert response.content.decode().count("possible duplicate</span>") == 1

    services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=DISTINCT)
    response = hr_client.get(reverse("hr-job", args=[new_app.job_id]))
    assert "possible duplicate</span>" not in response.content.decode()


def test_the_existing_candidates_card_is_marked_as_well(hr_client):
    _new_app, old_app, _flag = _pair()
    response = hr_client.get(reverse("hr-job", args=[old_app.job_id]))
    (card,) = [a for column in response.context["columns"] for a in column.applications]
    assert card.has_open_duplicate is True


# --- resolving on the page -------------------------------------------------------------------


def test_resolve_on_the_page_records_the_judgement_and_goes_back(hr_client, hr_user):
    new_app, old_app, flag = _pair()
    response = hr_client.post(
        _resolve_url(flag),
        {"resolution": SAME, "note": "  Same passport number.  ", "application": old_app.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("hr-application", args=[old_app.pk])
    resolution, note, by, at = _state(flag)
    assert (resolution, note, by) == (SAME, "Same passport number.", hr_user.pk)
    assert at is not None
    # Nothing merged: two candidates, each with their own application.
    assert Candidate.objects.count() == 2
    assert Application.objects.get(pk=new_app.pk).candidate_id == flag.candidate_id
    assert Application.objects.get(pk=old_app.pk).candidate_id == flag.existing_id

    html = hr_client.get(response["Location"]).content.decode()
    assert f'id="duplicate-{flag.pk}"' not in html
    assert 'id="resolved-duplicates"' in html
    assert "Same person" in html and "Same passport number." in html
    assert "decided by Alice" in html


def test_resolve_on_the_page_needs_a_choice(hr_client):
    new_app, _old_app, flag = _pair()
    before = _state(flag)
    response = hr_client.post(_resolve_url(flag), {"note": "hm", "application": new_app.pk})
    assert response.status_code == 400
    assert "Choose “same person” or “different people”." in response.content.decode()
    assert _state(flag) == before


def test_resolving_as_open_is_refused_on_the_page(hr_client):
    new_app, _old_app, flag = _pair()
    before = _state(flag)
    response = hr_client.post(_resolve_url(flag), {"resolution": OPEN, "application": new_app.pk})
    assert response.status_code == 400
    assert "Choose “same person” or “different people”." in response.content.decode()
    assert _state(flag) == before


def test_an_already_resolved_flag_is_not_resolved_again_on_the_page(hr_client, hr_user):
    new_app, _old_app, flag = _pair()
    services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=DISTINCT, note="first")
    before = _state(flag)
    response = hr_client.post(
        _resolve_url(flag),
        {"resolution": SAME, "note": "second", "application": new_app.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("hr-application", args=[new_app.pk])
    assert "already resolved (different people)" in response.content.decode()
    assert _state(flag) == before


def test_an_unrelated_application_id_is_not_trusted_for_the_way_back(hr_client):
    new_app, _old_app, flag = _pair()
    stranger = make_application(candidate=CandidateFactory(phone="+1 555 0100 999"))
    response = hr_client.post(
        _resolve_url(flag), {"resolution": DISTINCT, "application": stranger.pk}
    )
    assert response["Location"] == reverse("hr-application", args=[new_app.pk])


# --- the service and the row invariant -------------------------------------------------------


def test_service_refuses_open_and_unknown_resolutions(hr_user):
    _new_app, _old_app, flag = _pair()
    before = _state(flag)
    for resolution in (OPEN, "merge", ""):
        with pytest.raises(InvalidInput) as refused:
            services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=resolution)
        assert "resolution" in refused.value.errors
    assert _state(flag) == before


def test_service_refuses_a_note_that_is_too_long(hr_user):
    _new_app, _old_app, flag = _pair()
    before = _state(flag)
    with pytest.raises(InvalidInput) as refused:
        services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=SAME, note="x" * 2001)
    assert list(refused.value.errors) == ["note"]
    assert _state(flag) == before


def test_service_refuses_to_resolve_twice(hr_user):
    _new_app, _old_app, flag = _pair()
    services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=SAME, note="checked")
    before = _state(flag)
    with pytest.raises(ConflictError) as refused:
        services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=DISTINCT)
    assert refused.value.code == "already_resolved"
    assert "already resolved (same person)" in refused.value.message
    assert _state(flag) == before


@pytest.mark.parametrize(
    "fields",
    [
        {"resolution": SAME},  # resolved, but by nobody at no time
        {"resolution": SAME, "resolved_at": timezone.now()},  # nobody
        {"resolution": DISTINCT, "with_user": True},  # no time
        {"resolution": OPEN, "resolved_at": timezone.now()},  # open with a time
        {"resolution": OPEN, "with_user": True},  # open with a person
        {"resolution": "merged", "resolved_at": timezone.now(), "with_user": True},
    ],
)
def test_constraint_keeps_resolution_who_and_when_together(hr_user, fields):
    _new_app, _old_app, flag = _pair()
    fields = dict(fields)
    if fields.pop("with_user", False):
        fields["resolved_by"] = hr_user
    with pytest.raises(IntegrityError), transaction.atomic():
        PossibleDuplicate.objects.filter(pk=flag.pk).update(**fields)
    assert _state(flag)[0] == OPEN


def test_constraint_accepts_a_complete_resolution(hr_user):
    _new_app, _old_app, flag = _pair()
    PossibleDuplicate.objects.filter(pk=flag.pk).update(
        resolution=DISTINCT, resolved_by=hr_user, resolved_at=timezone.now()
    )
    assert _state(flag)[0] == DISTINCT


# --- the selector ----------------------------------------------------------------------------


def test_candidate_flags_both_ways_with_the_other_candidate_and_applications(
    hr_user, django_assert_num_queries
):
    new_app, old_app, flag = _pair()
    # Same name and nationality as both of them: flagged against each, one decided already.
    third = CandidateFactory(full_name="Anna Muller 0", email="anna@third.org", phone="")
    third_app = make_application(candidate=third)
    later = {f.existing_id: f for f in services.candidate_flag_duplicates(candidate=third)}
    services.duplicate_resolve(
        duplicate=later[new_app.candidate_id], actor=hr_user, resolution=DISTINCT
    )

    with django_assert_num_queries(2):
        flags = selectors.candidate_duplicate_flags(new_app.candidate)
    # Open first; the candidate is the newer one in its own flag, the older one in third's.
    assert [(item.flag.pk, item.is_open) for item in flags] == [
        (flag.pk, True),
        (later[new_app.candidate_id].pk, False),
    ]
    assert flags[0].other == old_app.candidate
    assert flags[0].other_applications == [old_app]
    assert flags[1].other == third
    assert flags[1].other_applications == [third_app]

    # Both open on the older candidate's side: the newest flag first.
    existing_side = selectors.candidate_duplicate_flags(old_app.candidate)
    assert [item.other for item in existing_side] == [third, new_app.candidate]
    assert existing_side[1].other_applications == [new_app]


def test_application_page_query_count_does_not_grow_with_flags(hr_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    new_app, _old_app, _flag = _pair()
    url = reverse("hr-application", args=[new_app.pk])
    hr_client.get(url)  # warm the session and group caches
    with CaptureQueriesContext(connection) as one_flag:
        hr_client.get(url)
    for n in range(5):
        make_application(
            candidate=CandidateFactory(full_name=f"Look-alike {n}", phone="+49 30 7000")
        )
    assert len(services.candidate_flag_duplicates(candidate=new_app.candidate)) == 6
    with CaptureQueriesContext(connection) as six_flags:
        response = hr_client.get(url)
    assert len(response.context["open_duplicates"]) == 6
    assert len(six_flags) == len(one_flag)


# --- permissions on the page -----------------------------------------------------------------


def test_anonymous_is_sent_to_login_and_nothing_changes(client):
    new_app, _old_app, flag = _pair()
    before = _state(flag)
    response = client.post(_resolve_url(flag), {"resolution": SAME, "application": new_app.pk})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert _state(flag) == before


def test_interviewer_is_refused_and_nothing_changes(client, interviewer):
    new_app, _old_app, flag = _pair()
    before = _state(flag)
    client.force_login(interviewer)
    response = client.post(_resolve_url(flag), {"resolution": SAME, "application": new_app.pk})
    assert response.status_code == 403
    assert _state(flag) == before


def test_hr_may_resolve_and_get_is_not_allowed(hr_client):
    new_app, _old_app, flag = _pair()
    assert hr_client.get(_resolve_url(flag)).status_code == 405
    response = hr_client.post(_resolve_url(flag), {"resolution": SAME, "application": new_app.pk})
    assert response.status_code == 302
    assert _state(flag)[0] == SAME


def test_unknown_flag_is_404(hr_client):
    assert hr_client.post(reverse("hr-duplicate-resolve", args=[999999])).status_code == 404


def test_application_page_asks_for_flags_only_when_there_are_some(hr_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def flag_queries(app) -> int:
        with CaptureQueriesContext(connection) as captured:
            hr_client.get(reverse("hr-application", args=[app.pk]))
        table = '"applications_possibleduplicate"'
        return sum(q["sql"].startswith(f"SELECT {table}.") for q in captured.captured_queries)

    plain = make_application(candidate=CandidateFactory(phone="+1 555 0100 999"))
    new_app, _old_app, _flag = _pair()
    assert flag_queries(plain) == 0
    assert flag_queries(new_app) == 1


# --- the API ---------------------------------------------------------------------------------


def _api_urls(flag: PossibleDuplicate) -> list[tuple[str, str, dict]]:
    return [
        ("get", reverse("possible-duplicate-list"), {}),
        ("get", reverse("possible-duplicate-detail", args=[flag.pk]), {}),
        ("post", reverse("possible-duplicate-resolve", args=[flag.pk]), {"resolution": SAME}),
    ]


def test_api_anonymous_gets_401_and_nothing_changes(anon_api):
    _new_app, _old_app, flag = _pair()
    before = _state(flag)
    for method, url, body in _api_urls(flag):
        assert getattr(anon_api, method)(url, body).status_code == 401, url
    assert _state(flag) == before


def test_api_interviewer_gets_403_and_nothing_changes(interviewer_api):
    _new_app, _old_app, flag = _pair()
    before = _state(flag)
    for method, url, body in _api_urls(flag):
        assert getattr(interviewer_api, method)(url, body).status_code == 403, url
    assert _state(flag) == before


def test_api_hr_reaches_every_endpoint(hr_api):
    _new_app, _old_app, flag = _pair()
    for method, url, body in _api_urls(flag):
        assert getattr(hr_api, method)(url, body).status_code == 200, url
    assert _state(flag)[0] == SAME


def test_api_detail_names_both_candidates_and_their_applications(hr_api):
    new_app, old_app, flag = _pair()
    body = hr_api.get(reverse("possible-duplicate-detail", args=[flag.pk])).json()
    assert body["candidate"]["email"] == "anna0@new.org"
    assert [a["id"] for a in body["candidate"]["applications"]] == [new_app.pk]
    assert body["existing"]["applications"][0]["job_title"] == "Data steward"
    assert body["existing"]["applications"][0]["id"] == old_app.pk
    assert (body["resolution"], body["resolved_by"], body["resolved_at"]) == (OPEN, None, None)


def test_api_filters_by_resolved_and_by_candidate_on_either_side(hr_api, hr_user):
    new_a, old_a, flag_a = _pair(1)
    _new_b, _old_b, flag_b = _pair(2)
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
    _new_app, _old_app, flag = _pair()
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
    assert _state(flag)[:3] == (DISTINCT, "Different dates of birth.", hr_user.pk)
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
    _new_app, _old_app, flag = _pair()
    before = _state(flag)
    response = hr_api.post(reverse("possible-duplicate-resolve", args=[flag.pk]), body)
    assert response.status_code == 400
    assert response.json()[field][0]
    assert _state(flag) == before


def test_api_open_resolution_gets_a_plain_words_message(hr_api):
    _new_app, _old_app, flag = _pair()
    response = hr_api.post(
        reverse("possible-duplicate-resolve", args=[flag.pk]), {"resolution": OPEN}
    )
    assert response.json()["resolution"] == ["Choose “same person” or “different people”."]


def test_api_resolving_twice_is_409_and_changes_nothing(hr_api, hr_user):
    _new_app, _old_app, flag = _pair()
    services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=SAME, note="checked")
    before = _state(flag)
    response = hr_api.post(
        reverse("possible-duplicate-resolve", args=[flag.pk]), {"resolution": DISTINCT}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "already_resolved"
    assert "already resolved" in response.json()["detail"]
    assert _state(flag) == before


@pytest.mark.parametrize("size", [3, 30])
def test_api_list_query_count_is_constant(hr_api, size, django_assert_max_num_queries):
    for n in range(size):
        _pair(n)
    # Session, user, count, flags, both candidates (annotated with the identity masks of blind
    # screening), and their applications: the same at any size.
    with django_assert_max_num_queries(7):
        response = hr_api.get(reverse("possible-duplicate-list"))
    assert response.json()["count"] == size
