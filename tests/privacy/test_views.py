"""The personal-data section of the HR application page, its buttons and the access log."""

import pytest
from django.urls import reverse

from applications.models import Candidate, LegalHold, PersonalDataAccess

pytestmark = pytest.mark.django_db


def section(client, application) -> str:
    return client.get(
        reverse("hr-application-personal-data", args=[application.pk])
    ).content.decode()


def test_the_application_page_loads_the_personal_data_section(zofia, hr_client):
    page = hr_client.get(reverse("hr-application", args=[zofia.pk])).content.decode()

    assert reverse("hr-application-personal-data", args=[zofia.pk]) in page


def test_the_section_offers_export_and_erasure(zofia, hr_client):
    response = hr_client.get(reverse("hr-application-personal-data", args=[zofia.pk]))

    page = response.content.decode()
    assert reverse("hr-candidate-export", args=[zofia.candidate_id]) in page
    assert reverse("hr-candidate-erase", args=[zofia.candidate_id]) in page


def test_erasure_needs_the_confirmation_tick(zofia, hr_client):
    url = reverse("hr-candidate-erase", args=[zofia.candidate_id])

    response = hr_client.post(url, {"reason": "Asked", "application": zofia.pk}, follow=True)

    assert "Tick the box to confirm the erasure." in response.content.decode()
    assert Candidate.objects.get(pk=zofia.candidate_id).erased_at is None


def test_confirmed_erasure_returns_to_the_page_which_says_so(zofia, hr_client):
    url = reverse("hr-candidate-erase", args=[zofia.candidate_id])

    response = hr_client.post(
        url, {"reason": "Asked", "confirm": "on", "application": zofia.pk}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("hr-application", args=[zofia.pk])
    assert "was erased." in response.content.decode()
    assert "Zofia" not in response.content.decode()
    assert "was erased on" in section(hr_client, zofia)


def test_a_hold_is_set_from_the_page(zofia, hr_client):
    url = reverse("hr-candidate-hold", args=[zofia.candidate_id])

    hr_client.post(url, {"reason": "Pending complaint", "application": zofia.pk})

    assert LegalHold.objects.get().reason == "Pending complaint"


def test_opening_the_cv_is_in_the_access_log_on_the_page(zofia, hr_client, hr_user):
    hr_client.get(reverse("hr-application-cv", args=[zofia.pk]))

    entry = PersonalDataAccess.objects.get()
    assert (entry.action, entry.user, entry.application_id) == ("cv_opened", hr_user, zofia.pk)
    assert "Opened the CV" in section(hr_client, zofia)


def test_the_export_button_downloads_the_zip(zofia, hr_client):
    response = hr_client.get(reverse("hr-candidate-export", args=[zofia.candidate_id]))

    assert response["Content-Type"] == "application/zip"


@pytest.mark.parametrize("name", ["hr-candidate-export", "hr-candidate-erase", "hr-candidate-hold"])
def test_interviewers_and_anonymous_are_kept_out(zofia, client, interviewer, name):
    """The export, erasure and hold buttons answer to HR only."""
    url = reverse(name, args=[zofia.candidate_id])
    method = client.get if name == "hr-candidate-export" else client.post
    assert method(url).status_code == 302  # to the login page
    client.force_login(interviewer)
    assert method(url).status_code == 403
    assert Candidate.objects.get(pk=zofia.candidate_id).erased_at is None


def test_the_section_is_for_hr_only(zofia, client, interviewer):
    url = reverse("hr-application-personal-data", args=[zofia.pk])
    assert client.get(url).status_code == 302
    client.force_login(interviewer)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("entries", [1, 8])
def test_the_section_costs_the_same_queries_at_any_size(
    zofia, hr_client, entries, django_assert_max_num_queries
):
    for _ in range(entries):
        hr_client.get(reverse("hr-application-cv", args=[zofia.pk]))

    with django_assert_max_num_queries(12):
        response = hr_client.get(reverse("hr-application-personal-data", args=[zofia.pk]))

    assert response.content.decode().count("Opened the CV") == entries


@pytest.mark.parametrize("count", [1, 6])
def test_the_retention_page_lists_who_falls_due_with_holds(
    hr_client, hr_user, count, django_assert_max_num_queries
):
    from applications import services
    from tests.privacy.test_retention import rejected

    people = [rejected(720 + n) for n in range(count)]
    services.legal_hold_set(candidate=people[0].candidate, actor=hr_user, reason="Court order")

    with django_assert_max_num_queries(12):
        response = hr_client.get(reverse("hr-personal-data"))

    page = response.content.decode()
    assert all(p.candidate.full_name in page for p in people)
    assert "Held by HR: Court order" in page


def test_the_retention_page_is_for_hr_only(client, interviewer):
    client.force_login(interviewer)
    assert client.get(reverse("hr-personal-data")).status_code == 403


def test_the_retention_page_warns_when_people_are_past_their_date(hr_client, hr_user):
    from applications import services
    from tests.privacy.test_retention import rejected

    soon, late, held = rejected(720), rejected(800), rejected(810)
    services.legal_hold_set(candidate=held.candidate, actor=hr_user, reason="Court order")

    page = hr_client.get(reverse("hr-personal-data")).content.decode()

    assert all(p.candidate.full_name in page for p in (soon, late, held))
    assert page.count(">overdue</span>") == 2  # the late one and the held one
    # Only the one nothing holds should have been erased: the scheduler is not running.
    assert "1 person is past their erasure date and not held" in page


def test_the_retention_page_says_nothing_of_a_scheduler_when_nobody_is_late(hr_client):
    from tests.privacy.test_retention import rejected

    rejected(720)
    page = hr_client.get(reverse("hr-personal-data")).content.decode()
    assert ">overdue</span>" not in page and "past their erasure date" not in page
