"""Every interview page × HR, an assigned interviewer, another interviewer and anonymous; and
what the pages do."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from applications import services as app_services
from interviews import selectors, services
from interviews.models import Interview, Scorecard
from tests.applications.cvfiles import good_pdf
from tests.factories import UserFactory, rejection_reason
from tests.interviews.conftest import beijing, score

pytestmark = pytest.mark.django_db

LOGIN = "login"


@pytest.fixture
def world(held, interviewer, other_interviewer, third_interviewer, hr_user):
    """Bob (assigned, has not scored yet) and Charlie (submitted) sit on the panel of a held
    interview with a CV; Dana is an interviewer on no panel of it."""
    app_services.cv_attach(
        application=held.application, name="cv.pdf", data=good_pdf(), enqueue_parse=False
    )
    submitted = score(held, other_interviewer)
    return {
        "interview": held,
        "application": held.application,
        "round": held.round,
        "job": held.application.job,
        "member": held.panel.get(interviewer=interviewer),
        "scorecard": submitted,
        "users": {"hr": hr_user, "assigned": interviewer, "other": third_interviewer},
    }


def _pages(w) -> list[tuple[str, str, dict[str, set[int]]]]:
    i, a, r, j = w["interview"].pk, w["application"].pk, w["round"].pk, w["job"].pk
    m, s = w["member"].pk, w["scorecard"].pk
    hr_get = {"hr": {200}, "assigned": {403}, "other": {403}}
    hr_post = {"hr": {400}, "assigned": {403}, "other": {403}}
    return [
        ("get", reverse("hr-job-interviews", args=[j]), {**hr_get, "hr": {302}}),
        ("get", reverse("hr-job-calibration", args=[j]), hr_get),
        ("get", reverse("hr-round", args=[r]), hr_get),
        ("get", reverse("hr-round-setup", args=[r]), hr_get),
        ("post", reverse("hr-round-setup", args=[r]), hr_post),
        ("get", reverse("hr-round-schedule", args=[r, a]), hr_get),
        ("post", reverse("hr-round-schedule", args=[r, a]), hr_post),
        ("post", reverse("hr-round-decide", args=[r, a]), {**hr_post, "hr": {302}}),
        ("get", reverse("hr-interview", args=[i]), hr_get),
        ("post", reverse("hr-interview-reschedule", args=[i]), hr_post),
        # A held (completed) interview can no longer be cancelled or missed.
        ("post", reverse("hr-interview-cancel", args=[i]), hr_post),
        ("post", reverse("hr-interview-no-show", args=[i]), hr_post),
        ("post", reverse("hr-interview-panel-add", args=[i]), hr_post),
        ("post", reverse("hr-interview-panel-replace", args=[i, m]), hr_post),
        ("post", reverse("hr-interview-panel-remove", args=[i, m]), hr_post),
        ("post", reverse("hr-scorecard-reopen", args=[i, s]), hr_post),
        ("get", reverse("interviews-mine"), {"hr": {200}, "assigned": {200}, "other": {200}}),
        (
            "get",
            reverse("interview-detail", args=[i]),
            {"hr": {302}, "assigned": {200}, "other": {404}},
        ),
        (
            "post",
            reverse("interview-conflict", args=[i]),
            {"hr": {403}, "assigned": {400}, "other": {404}},
        ),
        (
            "post",
            reverse("interview-scorecard", args=[i]),
            {"hr": {403}, "assigned": {400}, "other": {404}},
        ),
        (
            "get",
            reverse("interview-candidate", args=[a]),
            {"hr": {200}, "assigned": {200}, "other": {404}},
        ),
        (
            "get",
            reverse("interview-candidate-cv", args=[a]),
            {"hr": {200}, "assigned": {200}, "other": {404}},
        ),
    ]


def _snapshot():
    return (
        list(Interview.objects.values_list("status", "ical_sequence", "starts_at")),
        list(Scorecard.objects.values_list("status", "recommendation")),
    )


def test_anonymous_is_sent_to_login_everywhere(client, world):
    for method, url, _expected in _pages(world):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(LOGIN)), url


@pytest.mark.parametrize("role", ["hr", "assigned", "other"])
def test_every_page_for_every_role(world, role):
    client = Client()
    client.force_login(world["users"][role])
    before = _snapshot()
    for method, url, expected in _pages(world):
        response = getattr(client, method)(url)
        assert response.status_code in expected[role], (role, url, response.status_code)
    # Empty posts are refused as bad input, or refused outright: nothing changed.
    if role != "hr":
        assert _snapshot() == before


def test_a_user_without_a_role_gets_403_on_the_portal(client, world):
    nobody = UserFactory(username="nobody")
    nobody.refresh_from_db()  # the factory saves the password only with groups
    client.force_login(nobody)
    assert client.get(reverse("interviews-mine")).status_code == 403


def test_interviewer_is_sent_to_my_interviews_from_home(client, interviewer):
    client.force_login(interviewer)
    assert client.get(reverse("home"))["Location"] == reverse("interviews-mine")


def test_nav_links_my_interviews_for_interviewers_only(client, interviewer, hr_client):
    client.force_login(interviewer)
    assert reverse("interviews-mine") in client.get(reverse("interviews-mine")).content.decode()
    assert reverse("interviews-mine") not in hr_client.get(reverse("hr-jobs")).content.decode()


def test_my_interviews_sorts_upcoming_awaiting_and_done(
    client, held, in_round, schedule, interviewer, other_interviewer, hr_user
):
    upcoming = schedule(
        in_round("Ana Costa"), [interviewer, other_interviewer], start=beijing(2031, 5, 5, 9)
    )
    done = schedule(
        in_round("Omar Hassan"), [interviewer, other_interviewer], start=beijing(2019, 2, 13, 9)
    )
    score(done, interviewer)

    cancelled = schedule(
        in_round("Sara Khan"), [interviewer, other_interviewer], start=beijing(2019, 2, 12, 9)
    )
    services.interview_cancel(actor=hr_user, interview=cancelled, notify=False)
    client.force_login(interviewer)
    context = client.get(reverse("interviews-mine")).context
    mine = context["mine"]
    assert [x.interview.pk for x in mine.upcoming] == [upcoming.pk]
    assert [x.interview.pk for x in mine.awaiting] == [held.pk]
    assert [x.interview.pk for x in context["done"]] == [done.pk, cancelled.pk]


def test_the_scorecard_form_shows_the_anchors_and_submits(client, held, interviewer):
    client.force_login(interviewer)
    url = reverse("interview-detail", args=[held.pk])
    page = client.get(url).content.decode()
    assert "First confirm" not in page and "Before you score, confirm" in page
    assert (
        client.post(reverse("interview-conflict", args=[held.pk]), {"answer": "none"}).status_code
        == 302
    )
    page = client.get(url).content.decode()
    assert "5 — Expert command; links details to the larger picture and teaches the panel." in page
    criteria = selectors.round_criteria(held.round)
    data = {f"score_{c.pk}": "4" for c in criteria} | {"recommendation": "yes", "submit": "1"}
    data[f"score_{criteria[0].pk}"] = ""
    response = client.post(reverse("interview-scorecard", args=[held.pk]), data)
    assert response.status_code == 400
    assert "missing: Technical knowledge" in response.content.decode()
    data[f"score_{criteria[0].pk}"] = "5"
    response = client.post(reverse("interview-scorecard", args=[held.pk]), data)
    assert response.status_code == 302
    assert held.scorecards.get(interviewer=interviewer).is_submitted


def test_declaring_a_conflict_from_the_page_needs_a_note(client, held, interviewer):
    client.force_login(interviewer)
    url = reverse("interview-conflict", args=[held.pk])
    assert client.post(url, {"answer": "declared"}).status_code == 400
    assert client.post(url, {"answer": "declared", "note": "My cousin"}).status_code == 302
    assert held.panel.get(interviewer=interviewer).conflict_note == "My cousin"


def test_schedule_page_refuses_a_double_booking_naming_the_clash(
    hr_client, held, in_round, interviewer, third_interviewer
):
    application = in_round("Li Na")
    response = hr_client.post(
        reverse("hr-round-schedule", args=[held.round.pk, application.pk]),
        {
            "day": "2019-02-14",
            "start": "10:30",
            "end": "11:30",
            "time_zone": "Asia/Shanghai",
            "venue": "Room 3",
            "panel": [interviewer.pk, third_interviewer.pk],
        },
    )
    assert response.status_code == 400
    assert "is already on the panel of “Interview round 1 – Priya Menon” from 10:00 to 11:00" in (
        response.content.decode()
    )
    assert not application.interviews.exists()


def test_schedule_page_reads_the_time_in_the_chosen_zone(
    hr_client, in_round, round1, interviewer, other_interviewer
):
    application = in_round()
    response = hr_client.post(
        reverse("hr-round-schedule", args=[round1.pk, application.pk]),
        {
            "day": "2031-04-01",
            "start": "09:00",
            "end": "10:00",
            "time_zone": "Africa/Nairobi",
            "video_link": "https://meet.example.org/abc",
            "panel": [interviewer.pk, other_interviewer.pk],
        },
    )
    assert response.status_code == 302
    interview = application.interviews.get()
    assert interview.starts_at == dt.datetime(2031, 4, 1, 6, tzinfo=dt.UTC)
    assert interview.time_zone == "Africa/Nairobi"


def test_overview_shows_progress_score_and_disagreement(
    hr_client, held, interviewer, other_interviewer
):
    score(held, interviewer, scores=[5, 4, 4, 4])
    score(held, other_interviewer, scores=[3, 4, 4, 4])
    response = hr_client.get(reverse("hr-round", args=[held.round.pk]))
    [row] = response.context["overview"].rows
    assert (row.summary.submitted, row.summary.expected) == (2, 2)
    assert [c.name for c in row.summary.disagreements] == ["Technical knowledge"]
    # (5×30 + 4×25 + 4×25 + 4×20) / 100 = 4.3 and (3×30 + …) / 100 = 3.7: a mean of 4.0.
    assert row.summary.score == pytest.approx(4.0)
    html = response.content.decode()
    assert "2 of 2" in html and "Technical knowledge</span>" in html


def test_decision_buttons_reject_through_the_engine(hr_client, held):
    response = hr_client.post(
        reverse("hr-round-decide", args=[held.round.pk, held.application.pk]),
        {"outcome": "reject", "rejection_reason": rejection_reason("interview-performance").pk},
    )
    assert response.status_code == 302
    held.application.refresh_from_db()
    assert held.application.status == "rejected"


def test_hr_reopens_a_scorecard_from_the_page(hr_client, held, other_interviewer):
    submitted = score(held, other_interviewer)
    url = reverse("hr-scorecard-reopen", args=[held.pk, submitted.pk])
    assert hr_client.post(url, {}).status_code == 400
    assert hr_client.post(url, {f"s{submitted.pk}-reason": "Wrong scale"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "draft" and submitted.reopenings.get().reason == "Wrong scale"


def test_candidate_page_serves_the_cv_to_the_panel(client, world):
    client.force_login(world["users"]["assigned"])
    url = reverse("interview-candidate-cv", args=[world["application"].pk])
    response = client.get(url, {"inline": "1"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox; frame-ancestors 'self'"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_replaced_member_loses_access(client, held, hr_user, interviewer, third_interviewer):
    services.panel_member_replace(
        actor=hr_user,
        member=held.panel.get(interviewer=interviewer),
        replacement=third_interviewer,
        notify=False,
    )
    client.force_login(interviewer)
    assert client.get(reverse("interview-detail", args=[held.pk])).status_code == 404
    assert client.get(reverse("interview-candidate", args=[held.application_id])).status_code == 404


def test_hr_application_page_shows_the_interview_panel(hr_client, held, interviewer):
    score(held, interviewer)
    html = hr_client.get(reverse("hr-application", args=[held.application_id])).content.decode()
    assert 'id="interviews"' in html
    assert "1 of 2" in html
    assert reverse("hr-interview", args=[held.pk]) in html


def test_after_the_interview_the_hr_page_asks_for_the_member_the_round_needs(
    hr_client, held, hr_user, interviewer, other_interviewer
):
    score(held, interviewer)  # held: completed
    services.panel_member_remove(
        actor=hr_user, member=held.panel.get(interviewer=other_interviewer), reason="Conflict"
    )
    html = hr_client.get(reverse("hr-interview", args=[held.pk])).content.decode()
    assert "1 of 2 scorecards submitted" in html
    assert "The round needs a panel of at least 2" in html
    assert reverse("hr-interview-panel-add", args=[held.pk]) in html


def test_schedule_page_refuses_a_past_time_unless_recorded_without_invitations(
    hr_client,
    in_round,
    round1,
    interviewer,
    other_interviewer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    application = in_round()
    url = reverse("hr-round-schedule", args=[round1.pk, application.pk])
    data = {
        "day": "2019-02-20",
        "start": "10:00",
        "end": "11:00",
        "time_zone": "Asia/Shanghai",
        "venue": "Room 3",
        "panel": [interviewer.pk, other_interviewer.pk],
    }
    assert "Already took place" in hr_client.get(url).content.decode()
    response = hr_client.post(url, data)
    assert response.status_code == 400
    assert "record it without invitations" in response.content.decode()
    assert not application.interviews.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(url, {**data, "already_held": "on"})
    assert response.status_code == 302
    assert application.interviews.get().starts_at == beijing(2019, 2, 20, 10)
    assert mailoutbox == []
