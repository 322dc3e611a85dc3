"""/api/interviews/: every endpoint × HR, an assigned interviewer, another interviewer and
anonymous; then scheduling, scoring and deciding through the API."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from rest_framework.test import APIClient

from interviews import services
from interviews.models import Interview, PanelMember, RoundDecision, Scorecard
from tests.interviews.conftest import score

pytestmark = pytest.mark.django_db

API = "/api/interviews/"


@pytest.fixture
def world(held, interviewer, other_interviewer, third_interviewer, hr_user):
    """Bob (assigned, no scorecard yet) and Charlie (submitted) on a held interview; Dana is an
    interviewer on no panel of it."""
    submitted = score(held, other_interviewer)
    return {
        "interview": held,
        "member": held.panel.get(interviewer=interviewer),
        "scorecard": submitted,
        "users": {"hr": hr_user, "assigned": interviewer, "other": third_interviewer},
    }


def _endpoints(w) -> list[tuple[str, str, dict[str, set[int]]]]:
    i, r, m, s = w["interview"].pk, w["interview"].round_id, w["member"].pk, w["scorecard"].pk
    job = w["interview"].application.job_id
    hr_only_read = {"hr": {200}, "assigned": {403}, "other": {403}}
    hr_only_write = {"hr": {400}, "assigned": {403}, "other": {403}}
    return [
        ("get", f"{API}rounds/", hr_only_read),
        ("get", f"{API}rounds/{r}/", hr_only_read),
        ("patch", f"{API}rounds/{r}/", hr_only_read),
        ("post", f"{API}rounds/ensure/", hr_only_write),
        ("put", f"{API}rounds/{r}/criteria/", hr_only_write),
        ("get", f"{API}rounds/{r}/overview/", hr_only_read),
        ("get", f"{API}interviews/", {"hr": {200}, "assigned": {200}, "other": {200}}),
        ("get", f"{API}interviews/{i}/", {"hr": {200}, "assigned": {200}, "other": {404}}),
        ("post", f"{API}interviews/", hr_only_write),
        ("post", f"{API}interviews/{i}/reschedule/", hr_only_write),
        # The interview is held (completed): it can no longer be cancelled or missed.
        ("post", f"{API}interviews/{i}/cancel/", hr_only_write),
        ("post", f"{API}interviews/{i}/no-show/", hr_only_write),
        ("get", f"{API}panel-members/", {"hr": {200}, "assigned": {200}, "other": {200}}),
        ("get", f"{API}panel-members/{m}/", {"hr": {200}, "assigned": {200}, "other": {404}}),
        ("post", f"{API}panel-members/", hr_only_write),
        (
            "post",
            f"{API}panel-members/{m}/declare-conflict/",
            {"hr": {403}, "assigned": {400}, "other": {404}},
        ),
        (
            "post",
            f"{API}panel-members/{m}/confirm-no-conflict/",
            {"hr": {403}, "assigned": {200}, "other": {404}},
        ),
        ("post", f"{API}panel-members/{m}/replace/", hr_only_write),
        ("post", f"{API}panel-members/{m}/remove/", hr_only_write),
        ("get", f"{API}scorecards/", {"hr": {200}, "assigned": {200}, "other": {200}}),
        # Charlie's scorecard: Bob has not submitted his own yet.
        ("get", f"{API}scorecards/{s}/", {"hr": {200}, "assigned": {404}, "other": {404}}),
        ("patch", f"{API}scorecards/{s}/", {"hr": {403}, "assigned": {404}, "other": {404}}),
        ("post", f"{API}scorecards/{s}/submit/", {"hr": {403}, "assigned": {404}, "other": {404}}),
        ("post", f"{API}scorecards/{s}/reopen/", hr_only_write),
        ("post", f"{API}scorecards/", {"hr": {400}, "assigned": {400}, "other": {400}}),
        ("get", f"{API}decisions/", hr_only_read),
        ("post", f"{API}decisions/", hr_only_write),
        ("get", f"{API}calibration/?job={job}", hr_only_read),
    ]


def _snapshot():
    return (
        list(Interview.objects.values_list("status", "ical_sequence", "starts_at")),
        list(Scorecard.objects.values_list("status", "recommendation")),
        list(PanelMember.objects.values_list("removed_at", "conflict_status")),
        RoundDecision.objects.count(),
    )


def test_anonymous_gets_401_everywhere(anon_api, world):
    for method, url, _expected in _endpoints(world):
        assert getattr(anon_api, method)(url, {}).status_code == 401, url


@pytest.mark.parametrize("role", ["hr", "assigned", "other"])
def test_every_endpoint_for_every_role(world, role):
    client = APIClient()
    client.force_authenticate(world["users"][role])
    before = _snapshot()
    for method, url, expected in _endpoints(world):
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code in expected[role], (role, url, response.status_code)
    if role == "other":
        assert _snapshot() == before


def test_an_interviewer_lists_only_their_interviews_and_seats(
    world, interviewer_api, in_round, schedule, other_interviewer, third_interviewer
):
    schedule(
        in_round("Li Na"),
        [other_interviewer, third_interviewer],
        start=world["interview"].starts_at.replace(day=20),
    )
    data = interviewer_api.get(f"{API}interviews/").json()
    assert [row["id"] for row in data["results"]] == [world["interview"].pk]
    seats = interviewer_api.get(f"{API}panel-members/").json()["results"]
    assert {row["interview"] for row in seats} == {world["interview"].pk}


def test_schedule_through_the_api_reads_naive_times_in_the_given_zone(
    hr_api, in_round, round1, interviewer, other_interviewer
):
    application = in_round("Amara Okafor")
    response = hr_api.post(
        f"{API}interviews/",
        {
            "application": application.pk,
            "round": round1.pk,
            "starts_at": "2031-04-01T09:00",
            "ends_at": "2031-04-01T10:00",
            "time_zone": "Africa/Nairobi",
            "video_link": "https://meet.example.org/a",
            "panel": [interviewer.pk, other_interviewer.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["local_start"] == "2031-04-01T09:00"
    assert body["starts_at"].startswith("2031-04-01T14:00:00+08:00")  # shown in Beijing
    assert {m["interviewer"] for m in body["panel"]} == {interviewer.pk, other_interviewer.pk}
    assert len(body["criteria"]) == 4 and body["criteria"][0]["anchor_5"]


def test_double_booking_through_the_api_is_a_400_naming_the_clash(
    hr_api, world, in_round, round1, interviewer, third_interviewer
):
    response = hr_api.post(
        f"{API}interviews/",
        {
            "application": in_round("Li Na").pk,
            "round": round1.pk,
            "starts_at": "2019-02-14T10:30:00+08:00",
            "ends_at": "2019-02-14T11:30:00+08:00",
            "venue": "Room 4",
            "panel": [interviewer.pk, third_interviewer.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "double_booked"
    assert (
        "“Interview round 1 – Priya Menon” from 10:00 to 11:00 on 14 Feb 2019"
        in (response.json()["detail"])
    )


def test_score_through_the_api(world, interviewer_api):
    interview, member = world["interview"], world["member"]
    assert (
        interviewer_api.post(f"{API}panel-members/{member.pk}/confirm-no-conflict/").status_code
        == 200
    )
    criteria = list(interview.round.criteria.order_by("position"))
    created = interviewer_api.post(
        f"{API}scorecards/",
        {"interview": interview.pk, "ratings": [{"criterion": criteria[0].pk, "score": 5}]},
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    refused = interviewer_api.post(f"{API}scorecards/{pk}/submit/")
    assert refused.status_code == 400 and refused.json()["code"] == "incomplete"
    patched = interviewer_api.patch(
        f"{API}scorecards/{pk}/",
        {
            "recommendation": "strong_yes",
            "ratings": [{"criterion": c.pk, "score": 4, "notes": "good"} for c in criteria[1:]],
        },
        format="json",
    )
    assert patched.status_code == 200
    assert [r["score"] for r in patched.json()["ratings"]] == [5, 4, 4, 4]
    submitted = interviewer_api.post(f"{API}scorecards/{pk}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert submitted.json()["weighted_score"] == pytest.approx(4.3)
    locked = interviewer_api.patch(f"{API}scorecards/{pk}/", {"notes": "x"}, format="json")
    assert locked.status_code == 400 and locked.json()["code"] == "scorecard_locked"


def test_hr_reopens_and_decides_through_the_api(world, hr_api, interviewer):
    score(world["interview"], interviewer)
    pk = world["scorecard"].pk
    assert hr_api.post(f"{API}scorecards/{pk}/reopen/", {}).status_code == 400
    reopened = hr_api.post(f"{API}scorecards/{pk}/reopen/", {"reason": "Scale misread"})
    assert reopened.status_code == 200
    assert reopened.json()["reopenings"][0]["reason"] == "Scale misread"
    application = world["interview"].application
    body = {"application": application.pk, "round": world["interview"].round_id}
    refused = hr_api.post(f"{API}decisions/", {**body, "outcome": "advance"})
    assert refused.status_code == 400
    assert "1 of 2 scorecards submitted" in refused.json()["detail"]
    rejected = hr_api.post(
        f"{API}decisions/", {**body, "outcome": "reject", "rejection_reason": "no-show"}
    )
    assert rejected.status_code == 201
    assert rejected.json()["rejection_reason"] == "no-show"
    application.refresh_from_db()
    assert application.status == "rejected"


def test_overview_and_calibration_through_the_api(world, hr_api, interviewer):
    score(world["interview"], interviewer, scores=[2, 4, 4, 4])
    overview = hr_api.get(f"{API}rounds/{world['interview'].round_id}/overview/").json()
    [row] = overview["rows"]
    assert (row["scorecards_submitted"], row["panel_size"]) == (2, 2)
    assert row["disagreements"] == ["Technical knowledge"]
    job = world["interview"].application.job_id
    rows = hr_api.get(f"{API}calibration/", {"job": job}).json()
    assert {r["interviewer_name"].split()[0] for r in rows} == {"Bob", "Charlie"}
    assert hr_api.get(f"{API}calibration/", {"job": "x"}).status_code == 400


def test_interview_filters(world, hr_api, interviewer, third_interviewer):
    mine = hr_api.get(f"{API}interviews/", {"interviewer": interviewer.pk}).json()
    assert [r["id"] for r in mine["results"]] == [world["interview"].pk]
    assert (
        hr_api.get(f"{API}interviews/", {"interviewer": third_interviewer.pk}).json()["count"] == 0
    )
    assert hr_api.get(f"{API}interviews/", {"status": "nonsense"}).status_code == 400


def test_conflict_notes_are_private_to_hr_and_the_member(world, interviewer, other_interviewer):
    seat = world["interview"].panel.get(interviewer=interviewer)
    services.panel_member_declare_conflict(actor=interviewer, member=seat, note="My cousin")
    charlie = APIClient()
    charlie.force_authenticate(other_interviewer)
    row = charlie.get(f"{API}panel-members/{seat.pk}/").json()
    assert row["conflict_status"] == "declared" and row["conflict_note"] == ""


def test_reschedule_through_the_api_keeps_the_interviews_zone(
    hr_api, in_round, schedule, interviewer, other_interviewer
):
    start = dt.datetime(2031, 4, 1, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    interview = schedule(in_round(), [interviewer, other_interviewer], start=start)
    response = hr_api.post(
        f"{API}interviews/{interview.pk}/reschedule/",
        {"starts_at": "2031-04-02T14:00", "ends_at": "2031-04-02T15:00", "venue": "Room 9"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["time_zone"], body["local_start"], body["ical_sequence"]) == (
        "Europe/Berlin",
        "2031-04-02T14:00",
        1,
    )


def test_schedule_in_the_past_through_the_api_is_recorded_only_without_invitations(
    hr_api, in_round, round1, interviewer, other_interviewer
):
    body = {
        "application": in_round().pk,
        "round": round1.pk,
        "starts_at": "2019-03-01T09:00",
        "ends_at": "2019-03-01T10:00",
        "time_zone": "Asia/Shanghai",
        "venue": "Room 2",
        "panel": [interviewer.pk, other_interviewer.pk],
    }
    refused = hr_api.post(f"{API}interviews/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "in_the_past"
    recorded = hr_api.post(f"{API}interviews/", {**body, "notify": False}, format="json")
    assert recorded.status_code == 201, recorded.json()
    assert recorded.json()["local_start"] == "2019-03-01T09:00"
