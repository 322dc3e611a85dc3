"""Possible duplicates on HR's pages: the banner, the board's marker, resolving, who may
(applications/views/application_page.py)."""

import pytest
from django.urls import reverse

from applications import services
from applications.models import Application, Candidate
from tests.applications.duplicates_support import (
    DISTINCT,
    OPEN,
    SAME,
    flag_state,
    flagged_pair,
    resolve_url,
)
from tests.factories import CandidateFactory, make_application

pytestmark = pytest.mark.django_db


def test_open_flag_is_a_banner_on_the_application_page(hr_client):
    new_app, old_app, flag = flagged_pair()
    html = hr_client.get(reverse("hr-application", args=[new_app.pk])).content.decode()
    assert f'id="duplicate-{flag.pk}"' in html
    assert "same phone number" in html
    assert "anna0@old.org" in html
    assert reverse("hr-application", args=[old_app.pk]) in html
    assert "Data steward" in html
    assert f'action="{resolve_url(flag)}"' in html
    assert "Nothing is merged" in html


def test_the_flag_shows_on_the_existing_candidates_page_too(hr_client):
    new_app, old_app, flag = flagged_pair()
    html = hr_client.get(reverse("hr-application", args=[old_app.pk])).content.decode()
    assert f'id="duplicate-{flag.pk}"' in html
    assert "anna0@new.org" in html
    assert reverse("hr-application", args=[new_app.pk]) in html


def test_unflagged_application_has_no_banner(hr_client):
    app = make_application(candidate=CandidateFactory(phone="+1 555 0100 999"))
    html = hr_client.get(reverse("hr-application", args=[app.pk])).content.decode()
    assert "Possible duplicate" not in html


def test_pipeline_card_marks_a_candidate_with_an_open_flag(hr_client, hr_user):
    new_app, _old_app, flag = flagged_pair()
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
    _new_app, old_app, _flag = flagged_pair()
    response = hr_client.get(reverse("hr-job", args=[old_app.job_id]))
    (card,) = [a for column in response.context["columns"] for a in column.applications]
    assert card.has_open_duplicate is True


def test_resolve_on_the_page_records_the_judgement_and_goes_back(hr_client, hr_user):
    new_app, old_app, flag = flagged_pair()
    response = hr_client.post(
        resolve_url(flag),
        {"resolution": SAME, "note": "  Same passport number.  ", "application": old_app.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("hr-application", args=[old_app.pk])
    resolution, note, by, at = flag_state(flag)
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
    new_app, _old_app, flag = flagged_pair()
    before = flag_state(flag)
    response = hr_client.post(resolve_url(flag), {"note": "hm", "application": new_app.pk})
    assert response.status_code == 400
    assert "Choose “same person” or “different people”." in response.content.decode()
    assert flag_state(flag) == before


def test_resolving_as_open_is_refused_on_the_page(hr_client):
    new_app, _old_app, flag = flagged_pair()
    before = flag_state(flag)
    response = hr_client.post(resolve_url(flag), {"resolution": OPEN, "application": new_app.pk})
    assert response.status_code == 400
    assert "Choose “same person” or “different people”." in response.content.decode()
    assert flag_state(flag) == before


def test_an_already_resolved_flag_is_not_resolved_again_on_the_page(hr_client, hr_user):
    new_app, _old_app, flag = flagged_pair()
    services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=DISTINCT, note="first")
    before = flag_state(flag)
    response = hr_client.post(
        resolve_url(flag),
        {"resolution": SAME, "note": "second", "application": new_app.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("hr-application", args=[new_app.pk])
    assert "already resolved (different people)" in response.content.decode()
    assert flag_state(flag) == before


def test_an_unrelated_application_id_is_not_trusted_for_the_way_back(hr_client):
    new_app, _old_app, flag = flagged_pair()
    stranger = make_application(candidate=CandidateFactory(phone="+1 555 0100 999"))
    response = hr_client.post(
        resolve_url(flag), {"resolution": DISTINCT, "application": stranger.pk}
    )
    assert response["Location"] == reverse("hr-application", args=[new_app.pk])


def test_anonymous_is_sent_to_login_and_nothing_changes(client):
    new_app, _old_app, flag = flagged_pair()
    before = flag_state(flag)
    response = client.post(resolve_url(flag), {"resolution": SAME, "application": new_app.pk})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert flag_state(flag) == before


def test_interviewer_is_refused_and_nothing_changes(client, interviewer):
    new_app, _old_app, flag = flagged_pair()
    before = flag_state(flag)
    client.force_login(interviewer)
    response = client.post(resolve_url(flag), {"resolution": SAME, "application": new_app.pk})
    assert response.status_code == 403
    assert flag_state(flag) == before


def test_hr_may_resolve_and_get_is_not_allowed(hr_client):
    new_app, _old_app, flag = flagged_pair()
    assert hr_client.get(resolve_url(flag)).status_code == 405
    response = hr_client.post(resolve_url(flag), {"resolution": SAME, "application": new_app.pk})
    assert response.status_code == 302
    assert flag_state(flag)[0] == SAME


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
    new_app, _old_app, _flag = flagged_pair()
    assert flag_queries(plain) == 0
    assert flag_queries(new_app) == 1
