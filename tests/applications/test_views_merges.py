"""The duplicates page: the queue side by side, "not the same person", merge, reopen, undo
(applications/views/duplicates.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications import services
from applications.models import Application, Candidate, CandidateMerge
from tests.applications.duplicates_support import DISTINCT, MERGED, OPEN, flag_state, flagged_pair

pytestmark = pytest.mark.django_db

QUEUE = "/hr/duplicates/"


@pytest.fixture
def interviewer_client(client, interviewer):
    client.force_login(interviewer)
    return client


def test_the_queue_shows_both_people_side_by_side_with_their_applications(hr_client):
    new_app, old_app, flag = flagged_pair()
    html = hr_client.get(QUEUE).content.decode()
    assert f'id="duplicate-{flag.pk}"' in html
    assert "same phone number" in html
    for text in (
        "anna0@old.org",
        "anna0@new.org",
        "Data steward",
        "Programme officer",
        "+49 30 7000",
    ):
        assert text in html
    assert reverse("hr-application", args=[old_app.pk]) in html
    assert reverse("hr-duplicate-merge", args=[flag.pk]) in html
    assert reverse("hr-duplicate-distinct", args=[flag.pk]) in html


def test_the_navigation_links_the_queue_and_loads_the_open_count(hr_client):
    flagged_pair(0)
    flagged_pair(1)
    html = hr_client.get(reverse("hr-jobs")).content.decode()
    assert f'href="{QUEUE}"' in html
    # Nothing counted yet: the page asks for the count after loading.
    assert reverse("hr-duplicates-count") in html
    badge = hr_client.get(reverse("hr-duplicates-count")).content.decode()
    assert ">2<" in badge


def test_a_kept_count_is_shown_at_once_and_forgotten_when_a_flag_is_decided(
    hr_client, hr_user, django_capture_on_commit_callbacks
):
    _new, _old, flag = flagged_pair(0)
    flagged_pair(1)
    hr_client.get(reverse("hr-duplicates-count"))
    with CaptureQueriesContext(connection) as queries:
        html = hr_client.get(reverse("hr-jobs")).content.decode()
    assert not any("possibleduplicate" in q["sql"] for q in queries.captured_queries)
    assert reverse("hr-duplicates-count") not in html
    assert ">2<" in html
    with django_capture_on_commit_callbacks(execute=True):
        services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=DISTINCT)
    html = hr_client.get(reverse("hr-jobs")).content.decode()
    assert reverse("hr-duplicates-count") in html  # counted again, after the page
    assert ">1<" in hr_client.get(reverse("hr-duplicates-count")).content.decode()


def test_the_application_page_links_the_queue(hr_client):
    new_app, _old, _flag = flagged_pair()
    html = hr_client.get(reverse("hr-application", args=[new_app.pk])).content.decode()
    assert f'href="{QUEUE}"' in html


@pytest.mark.parametrize(
    "name,method",
    [
        ("hr-duplicates", "get"),
        ("hr-duplicates-count", "get"),
        ("hr-duplicate-distinct", "post"),
        ("hr-duplicate-merge", "post"),
        ("hr-duplicate-reopen", "post"),
        ("hr-merge-undo", "get"),
        ("hr-merge-undo", "post"),
    ],
)
def test_interviewers_get_403_and_nothing_changes(interviewer_client, hr_user, name, method):
    _new, _old, flag = flagged_pair()
    merge = services.candidate_merge(
        actor=hr_user, survivor=Candidate.objects.get(pk=flag.existing_id), absorbed=flag.candidate
    )
    needs_pk = name not in ("hr-duplicates", "hr-duplicates-count")
    pk = merge.pk if name == "hr-merge-undo" else flag.pk
    url = reverse(name, args=[pk]) if needs_pk else reverse(name)
    response = getattr(interviewer_client, method)(url, {"survivor": flag.existing_id})
    assert response.status_code == 403
    merge.refresh_from_db()
    assert merge.undone_at is None


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(QUEUE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_not_the_same_person_resolves_the_flag(hr_client, hr_user):
    _new, _old, flag = flagged_pair()
    response = hr_client.post(
        reverse("hr-duplicate-distinct", args=[flag.pk]), {"note": "Different birthdays"}
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert flag_state(flag)[:3] == (DISTINCT, "Different birthdays", hr_user.pk)
    html = hr_client.get(QUEUE).content.decode()
    assert f'id="resolved-{flag.pk}"' in html
    assert reverse("hr-duplicate-reopen", args=[flag.pk]) in html


def test_reopen_from_the_page_opens_the_flag_again(hr_client, hr_user):
    _new, _old, flag = flagged_pair()
    services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=DISTINCT)
    hr_client.post(reverse("hr-duplicate-reopen", args=[flag.pk]))
    assert flag_state(flag)[0] == OPEN
    assert flag.reopenings.get().previous_resolution == DISTINCT


def test_merge_into_the_chosen_candidate_then_undo(hr_client):
    new_app, old_app, flag = flagged_pair()
    response = hr_client.post(
        reverse("hr-duplicate-merge", args=[flag.pk]),
        {"survivor": flag.existing_id, "reason": "Same passport"},
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=new_app.pk).candidate_id == flag.existing_id
    assert flag_state(flag)[0] == MERGED
    merge = CandidateMerge.objects.get()
    assert merge.reason == "Same passport"
    html = hr_client.get(QUEUE).content.decode()
    assert f'id="merge-{merge.pk}"' in html
    assert f'id="duplicate-{flag.pk}"' not in html

    confirm = hr_client.get(reverse("hr-merge-undo", args=[merge.pk]))
    assert confirm.status_code == 200
    assert "Undo the merge" in confirm.content.decode()
    hr_client.post(reverse("hr-merge-undo", args=[merge.pk]))
    assert Application.objects.get(pk=new_app.pk).candidate_id == flag.candidate_id
    assert flag_state(flag)[0] == OPEN
    merge.refresh_from_db()
    assert merge.undone_at is not None


def test_merge_needs_one_of_the_two_as_survivor(hr_client):
    _new, _old, flag = flagged_pair()
    stranger = Candidate.objects.create(full_name="X", email="x@example.org")
    response = hr_client.post(
        reverse("hr-duplicate-merge", args=[flag.pk]), {"survivor": stranger.pk}, follow=True
    )
    assert "Choose which of the two candidates is kept." in response.content.decode()
    assert not CandidateMerge.objects.exists()


def test_a_refused_merge_shows_why(hr_client, hr_user):
    _new, _old, flag = flagged_pair()
    services.legal_hold_set(candidate=flag.candidate, actor=hr_user, reason="Court order")
    response = hr_client.post(
        reverse("hr-duplicate-merge", args=[flag.pk]), {"survivor": flag.existing_id}, follow=True
    )
    assert "Court order" in response.content.decode()
    assert not CandidateMerge.objects.exists()


def test_the_queue_costs_the_same_queries_at_two_sizes(
    hr_client, hr_user, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _new, _old, flag = flagged_pair(0)
    services.candidate_merge(
        actor=hr_user, survivor=Candidate.objects.get(pk=flag.existing_id), absorbed=flag.candidate
    )
    _new, _old, other = flagged_pair(1)
    services.duplicate_resolve(duplicate=other, actor=hr_user, resolution=DISTINCT)
    flagged_pair(2)
    hr_client.get(QUEUE)  # warm the session and group caches
    with CaptureQueriesContext(connection) as small:
        hr_client.get(QUEUE)
    for n in range(3, 12):
        flagged_pair(n)
    _new, _old, more = flagged_pair(12)
    services.duplicate_resolve(duplicate=more, actor=hr_user, resolution=DISTINCT)
    with django_assert_max_num_queries(len(small)):
        response = hr_client.get(QUEUE)
    assert len(response.context["rows"]) == 10


def test_the_queue_is_paginated(hr_client, monkeypatch):
    from applications.views import duplicates

    monkeypatch.setattr(duplicates, "PAGE_SIZE", 2)
    flags = [flagged_pair(n)[2] for n in range(3)]
    first = hr_client.get(QUEUE).content.decode()
    second = hr_client.get(QUEUE, {"page": 2}).content.decode()
    assert f'id="duplicate-{flags[2].pk}"' in first and f'id="duplicate-{flags[0].pk}"' in second
    assert f'id="duplicate-{flags[0].pk}"' not in first
    assert "Page 1 of 2" in first


def test_a_person_blind_screening_hides_is_shown_by_reference_and_not_acted_on(hr_client, hr_user):
    from tests.screening.test_blind_everywhere import EMAIL, NAME, _application

    application = _application(hr_user, blind=True)
    look_alike = Candidate.objects.create(
        full_name=NAME.upper(), email="other@example.org", nationality="NG"
    )
    (flag,) = services.candidate_flag_duplicates(candidate=look_alike)
    assert flag.existing_id == application.candidate_id

    html = hr_client.get(QUEUE).content.decode()

    assert f'id="duplicate-{flag.pk}"' in html
    assert NAME not in html and EMAIL not in html
    assert reverse("hr-duplicate-merge", args=[flag.pk]) not in html


def test_an_old_link_to_a_merged_in_person_leads_to_the_record_kept(hr_client, hr_user):
    new_app, old_app, _flag = flagged_pair()
    survivor, absorbed = old_app.candidate, new_app.candidate
    services.candidate_merge(actor=hr_user, survivor=survivor, absorbed=absorbed)

    response = hr_client.get(reverse("hr-candidate", args=[absorbed.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("hr-candidate", args=[survivor.pk])
    assert hr_client.get(reverse("hr-candidate", args=[survivor.pk])).status_code == 200
