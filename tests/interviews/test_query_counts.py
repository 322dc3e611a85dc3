"""Query counts of the lists stay the same from 5 to 200 interviews."""

import datetime as dt

import pytest
from django.urls import reverse

from ats.paging import LIST_PAGE_SIZE
from interviews.models import (
    ConflictStatus,
    Interview,
    PanelMember,
    Rating,
    Scorecard,
    ScorecardStatus,
)
from interviews.views import DONE_PAGE_SIZE
from tests.interviews.conftest import HELD

pytestmark = pytest.mark.django_db

SIZES = [5, 200]


@pytest.fixture
def populate(in_round, round1, interviewer, other_interviewer):
    """populate(n): n applications in round 1, each with an interview (one hour apart, a
    quarter of them ahead), both members' seats, and scorecards: Charlie's submitted, Bob's a
    draft on every other one. Rows are written directly: this is about reading them."""

    def make(n: int) -> list[Interview]:
        applications = [in_round() for _ in range(n)]
        interviews = Interview.objects.bulk_create(
            Interview(
                application=a,
                round=round1,
                starts_at=HELD
                + dt.timedelta(hours=k)
                + (dt.timedelta(days=9000) if k % 4 == 0 else dt.timedelta()),
                ends_at=HELD
                + dt.timedelta(hours=k, minutes=45)
                + (dt.timedelta(days=9000) if k % 4 == 0 else dt.timedelta()),
                venue="Room 1",
            )
            for k, a in enumerate(applications)
        )
        PanelMember.objects.bulk_create(
            PanelMember(
                interview=i,
                interviewer=user,
                conflict_status=ConflictStatus.NONE,
                conflict_at=HELD,
            )
            for i in interviews
            for user in (interviewer, other_interviewer)
        )
        cards = Scorecard.objects.bulk_create(
            [
                Scorecard(
                    interview=i,
                    interviewer=other_interviewer,
                    status=ScorecardStatus.SUBMITTED,
                    recommendation="yes",
                    submitted_at=HELD,
                )
                for i in interviews
            ]
            + [Scorecard(interview=i, interviewer=interviewer) for i in interviews[::2]]
        )
        criteria = list(round1.criteria.all())
        Rating.objects.bulk_create(
            Rating(scorecard=card, criterion=c, score=1 + (card.pk + c.pk) % 5)
            for card in cards
            for c in criteria
        )
        return interviews

    return make


@pytest.mark.parametrize("size", SIZES)
def test_my_interviews_query_count_is_constant(
    client, interviewer, populate, size, django_assert_max_num_queries
):
    populate(size)
    client.force_login(interviewer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("interviews-mine"))
    mine = response.context["mine"]
    assert (
        len(mine.upcoming) + len(mine.awaiting) + response.context["page"].paginator.count == size
    )


@pytest.mark.parametrize("size", SIZES)
def test_my_done_list_is_paged_and_its_query_count_is_constant(
    client, other_interviewer, populate, size, django_assert_max_num_queries
):
    populate(size)  # every one of Charlie's scorecards is submitted: all of them are done
    client.force_login(other_interviewer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("interviews-mine"))
    done = response.context["done"]
    assert response.context["page"].paginator.count == size
    assert len(done) == min(size, DONE_PAGE_SIZE)
    assert [d.interview.starts_at for d in done] == sorted(
        (d.interview.starts_at for d in done), reverse=True
    )
    assert all(d.submitted for d in done)
    html = response.content.decode()
    assert html.count('<tr><td><a href="/interviews/') == len(done)
    assert ('rel="next"' in html) == (size > DONE_PAGE_SIZE)


def test_the_done_pages_together_list_every_done_seat_once(client, other_interviewer, populate):
    interviews = populate(45)
    client.force_login(other_interviewer)
    seen = []
    for number in (1, 2, 3):
        response = client.get(reverse("interviews-mine"), {"page": number})
        seen += [d.interview.pk for d in response.context["done"]]
    assert sorted(seen) == sorted(i.pk for i in interviews)
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("size", SIZES)
def test_round_overview_query_count_is_constant(
    hr_client, round1, populate, size, django_assert_max_num_queries
):
    populate(size)
    with django_assert_max_num_queries(16):
        response = hr_client.get(reverse("hr-round", args=[round1.pk]))
    rows = response.context["overview"].rows
    assert len(rows) == size
    assert all(row.summary.expected == 2 for row in rows)
    shown = response.context["page"].object_list
    assert len(shown) == min(size, LIST_PAGE_SIZE)
    assert ('rel="next"' in response.content.decode()) == (size > LIST_PAGE_SIZE)


@pytest.mark.parametrize("size", SIZES)
def test_api_interview_list_query_count_is_constant(
    interviewer_api, populate, size, django_assert_max_num_queries
):
    populate(size)
    with django_assert_max_num_queries(8):
        response = interviewer_api.get("/api/interviews/interviews/", {"page_size": 500})
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", SIZES)
def test_api_scorecard_list_query_count_is_constant(
    hr_api, populate, size, django_assert_max_num_queries
):
    populate(size)
    with django_assert_max_num_queries(8):
        response = hr_api.get("/api/interviews/scorecards/", {"page_size": 500})
    assert response.json()["count"] == size + (size + 1) // 2


@pytest.mark.parametrize("size", SIZES)
def test_api_round_overview_query_count_is_constant(
    hr_api, round1, populate, size, django_assert_max_num_queries
):
    populate(size)
    with django_assert_max_num_queries(9):
        response = hr_api.get(f"/api/interviews/rounds/{round1.pk}/overview/")
    assert len(response.json()["rows"]) == size


@pytest.mark.parametrize("size", SIZES)
def test_calibration_query_count_is_constant(
    hr_client, job, populate, size, django_assert_max_num_queries
):
    populate(size)
    with django_assert_max_num_queries(9):
        response = hr_client.get(reverse("hr-job-calibration", args=[job.pk]))
    # Bob has only drafts; Charlie submitted on every interview.
    assert [
        (line.interviewer.username, line.row.interviews) for line in response.context["lines"]
    ] == [("charlie", size)]
