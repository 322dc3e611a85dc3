"""Independence: nobody reads another panel member's scorecard before submitting their own,
on any page or endpoint; and nobody reads the scorecards of an interview they are not on."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from interviews import selectors, services
from tests.factories import UserFactory
from tests.interviews.conftest import beijing, score

pytestmark = pytest.mark.django_db

API = "/api/interviews/scorecards/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def charlies(held, other_interviewer):
    return score(
        held,
        other_interviewer,
        scores=[1, 1, 1, 1],
        recommendation="strong_no",
        notes="CHARLIE-SECRET",
    )


def test_before_submitting_a_member_sees_only_their_own(held, charlies, interviewer, client):
    mine = score(held, interviewer, submit=False)
    api = _api(interviewer)
    assert [row["id"] for row in api.get(API).json()["results"]] == [mine.pk]
    assert api.get(f"{API}{charlies.pk}/").status_code == 404
    assert api.get(API, {"interview": held.pk}).json()["count"] == 1
    assert not selectors.scorecard_visible_to(interviewer, charlies)
    client.force_login(interviewer)
    page = client.get(reverse("interview-detail", args=[held.pk]))
    assert "CHARLIE-SECRET" not in page.content.decode()
    assert page.context["others"] == [] and page.context["summary"] is None
    # The interview in the API carries no scores either.
    body = api.get(f"/api/interviews/interviews/{held.pk}/").content.decode()
    assert "CHARLIE-SECRET" not in body and "strong_no" not in body


def test_after_submitting_a_member_sees_the_others_submitted_ones(
    held, charlies, interviewer, client
):
    score(held, interviewer)
    api = _api(interviewer)
    assert api.get(f"{API}{charlies.pk}/").json()["notes"] == "CHARLIE-SECRET"
    assert selectors.scorecard_visible_to(interviewer, charlies)
    client.force_login(interviewer)
    page = client.get(reverse("interview-detail", args=[held.pk]))
    assert "CHARLIE-SECRET" in page.content.decode()
    assert page.context["summary"].submitted == 2


def test_drafts_of_others_stay_hidden_even_after_submitting(held, interviewer, other_interviewer):
    draft = score(held, interviewer, submit=False, notes="BOB-DRAFT")
    score(held, other_interviewer)
    api = _api(other_interviewer)
    assert api.get(f"{API}{draft.pk}/").status_code == 404
    assert "BOB-DRAFT" not in api.get(API).content.decode()


def test_a_reopened_scorecard_hides_the_others_again(held, charlies, interviewer, hr_user):
    mine = score(held, interviewer)
    services.scorecard_reopen(actor=hr_user, scorecard=mine, reason="Redo")
    assert _api(interviewer).get(f"{API}{charlies.pk}/").status_code == 404


def test_an_interviewer_on_another_panel_reads_none_of_these(
    held, charlies, in_round, schedule, third_interviewer, interviewer, client
):
    # Dana sits on (and scores) another interview; that opens nothing of this one.

    fourth = UserFactory(username="erin", first_name="Erin", groups=["interviewer"])
    elsewhere = schedule(
        in_round("Li Na"), [third_interviewer, fourth], start=beijing(2019, 2, 15, 9)
    )
    score(elsewhere, third_interviewer)
    api = _api(third_interviewer)
    assert api.get(f"{API}{charlies.pk}/").status_code == 404
    assert {row["interview"] for row in api.get(API).json()["results"]} == {elsewhere.pk}
    assert api.get(f"/api/interviews/interviews/{held.pk}/").status_code == 404
    created = api.post(API, {"interview": held.pk}, format="json")
    assert created.status_code == 404
    client.force_login(third_interviewer)
    assert client.get(reverse("interview-detail", args=[held.pk])).status_code == 404


def test_hr_reads_every_scorecard_drafts_included(held, charlies, interviewer, hr_api):
    draft = score(held, interviewer, submit=False)
    ids = {row["id"] for row in hr_api.get(API).json()["results"]}
    assert ids == {charlies.pk, draft.pk}
    assert hr_api.get(f"{API}{draft.pk}/").status_code == 200


def test_nobody_edits_another_members_scorecard(held, charlies, interviewer):
    score(held, interviewer)
    api = _api(interviewer)
    assert api.patch(f"{API}{charlies.pk}/", {"notes": "x"}, format="json").status_code == 403
    assert api.post(f"{API}{charlies.pk}/submit/").status_code == 403
