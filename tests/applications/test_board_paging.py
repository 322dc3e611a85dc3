"""The pipeline board a page per column: counts, the first cards, "show more", its filters."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import selectors, workflow
from applications.models import Application
from tests.applications.cv_support import make_cv
from tests.factories import make_application, make_job, rejection_reason, stages

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hr_decides_gates", "private_media")]

PAGE = selectors.BOARD_PAGE_SIZE


def _fill(job, n: int) -> list[int]:
    """`n` applications in the first column, in the board's order (ties on the time included:
    every third one shares its time with the one before)."""
    start = timezone.now() - timedelta(days=30)
    ids = [make_application(job=job).pk for _ in range(n)]
    for i, pk in enumerate(ids):
        at = start + timedelta(minutes=i - (i % 3 == 2))
        Application.objects.filter(pk=pk).update(stage_entered_at=at)
    return [
        pk
        for pk in Application.objects.filter(pk__in=ids)
        .order_by("stage_entered_at", "id")
        .values_list("pk", flat=True)
    ]


def _card_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'name="applications" value="(\d+)" form="bulk"', html)]


def _more_url(html: str) -> str | None:
    found = re.search(r'class="button more" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_a_long_column_shows_its_first_page_and_a_show_more_control(hr_client):
    job = make_job()
    ordered = _fill(job, 120)
    response = hr_client.get(reverse("hr-job", args=[job.pk]))
    html = response.content.decode()
    first = response.context["columns"][0]
    assert first.total == 120
    assert [a.pk for a in first.applications] == ordered[:PAGE]
    assert html.count('class="appcard') == PAGE
    assert _card_ids(html) == ordered[:PAGE]
    assert '<span class="count" title="120 applications">120</span>' in html
    assert "Show 50 more" in html and "70 not shown" in html
    assert 'hx-get="' in html and 'hx-swap="outerHTML"' in html


def test_show_more_pages_through_the_column_without_gaps_or_repeats(hr_client):
    job = make_job()
    ordered = _fill(job, 120)
    html = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    seen = _card_ids(html)
    url = _more_url(html)
    pages = 0
    while url:
        response = hr_client.get(url, HTTP_HX_REQUEST="true")
        fragment = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in fragment  # a fragment for htmx, not a page
        seen += _card_ids(fragment)
        url = _more_url(fragment)
        pages += 1
    assert pages == 2
    assert seen == ordered


def test_the_second_page_offers_the_rest(hr_client):
    job = make_job()
    _fill(job, 120)
    html = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    fragment = hr_client.get(_more_url(html), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.count('class="appcard') == PAGE
    assert "Show 20 more" in fragment and "not shown" not in fragment
    last = hr_client.get(_more_url(fragment), HTTP_HX_REQUEST="true").content.decode()
    assert last.count('class="appcard') == 20
    assert _more_url(last) is None


def test_show_more_works_without_javascript_as_a_page(hr_client):
    job = make_job()
    ordered = _fill(job, 60)
    html = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    response = hr_client.get(_more_url(html))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page
    assert _card_ids(page) == ordered[PAGE:]
    assert 'id="bulk"' in page  # the cards can be selected and acted on from there too
    assert "Back to the board" in page


def test_rejected_and_withdrawn_are_paged_the_same_way(hr_client, hr_user):
    job = make_job()
    ordered = _fill(job, 70)
    for pk in ordered[:60]:
        workflow.reject(
            Application.objects.get(pk=pk),
            rejection_reason=rejection_reason(),
            actor=hr_user,
            notify=False,
        )
    hidden = hr_client.get(reverse("hr-job", args=[job.pk])).context["columns"][0]
    assert hidden.total == 10 and len(hidden.applications) == 10
    response = hr_client.get(reverse("hr-job", args=[job.pk]) + "?closed=1")
    html = response.content.decode()
    shown = response.context["columns"][0]
    assert shown.total == 70 and len(shown.applications) == PAGE
    url = _more_url(html)
    assert "closed=1" in url
    rest = hr_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert len(_card_ids(rest)) == 20


def test_the_cv_filter_narrows_counts_cards_and_the_next_pages(hr_client):
    job = make_job()
    ordered = _fill(job, 60)
    masters = ordered[::2]  # 30 with a master's degree, 30 without a CV
    for pk in masters:
        make_cv(Application.objects.get(pk=pk), degree="master")
    response = hr_client.get(reverse("hr-job", args=[job.pk]) + "?degree=master")
    column = response.context["columns"][0]
    assert column.total == 30
    assert [a.pk for a in column.applications] == masters
    assert _more_url(response.content.decode()) is None


def test_the_cv_filter_is_kept_by_show_more(hr_client):
    job = make_job()
    ordered = _fill(job, 110)
    masters = ordered[:104]
    for pk in masters:
        make_cv(Application.objects.get(pk=pk), degree="master")
    html = hr_client.get(reverse("hr-job", args=[job.pk]) + "?degree=master").content.decode()
    url = _more_url(html)
    assert "degree=master" in url
    second = hr_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    third = hr_client.get(_more_url(second), HTTP_HX_REQUEST="true").content.decode()
    assert _card_ids(html) + _card_ids(second) + _card_ids(third) == masters


def test_a_damaged_show_more_link_is_a_clear_400(hr_client):
    job = make_job()
    url = reverse("hr-job-cards", args=[job.pk, stages(job)[0].pk])
    response = hr_client.get(url + "?after_at=yesterday&after_id=3")
    assert response.status_code == 400


def test_a_stage_of_another_job_is_404(hr_client):
    job, other = make_job(), make_job()
    url = reverse("hr-job-cards", args=[job.pk, stages(other)[0].pk])
    assert hr_client.get(url).status_code == 404


def test_the_cards_endpoint_is_for_hr_only(client, interviewer):
    job = make_job()
    url = reverse("hr-job-cards", args=[job.pk, stages(job)[0].pk])
    assert client.get(url).status_code == 302
    client.force_login(interviewer)
    assert client.get(url).status_code == 403


def test_cards_carry_no_forms_of_their_own(hr_client):
    job = make_job()
    _fill(job, 5)
    few = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    _fill(job, 40)
    many = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    assert few.count("<form") == many.count("<form")
    assert 'form="card-action" formaction="' in many  # "Advance" posts the one shared form


def test_a_cards_reject_uses_the_bars_reason_and_note(hr_client):
    job = make_job()
    app = make_application(job=job)
    response = hr_client.post(
        reverse("hr-pipeline-reject", args=[app.pk]),
        {"rejection_reason": rejection_reason().pk, "note": "no permit", "message": "none"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == "rejected"
    assert app.events.last().reason == "no permit"


def test_a_cards_reject_without_a_reason_changes_nothing(hr_client):
    app = make_application()
    response = hr_client.post(
        reverse("hr-pipeline-reject", args=[app.pk]), {"rejection_reason": ""}, follow=True
    )
    assert "Choose a rejection reason" in response.content.decode()
    app.refresh_from_db()
    assert app.status == "active"


@pytest.mark.parametrize("size", [5, 120])
def test_board_query_count_is_the_same_at_any_size(
    hr_client, hr_user, size, django_assert_max_num_queries
):
    job = make_job()
    _fill(job, size)
    for pk in Application.objects.filter(job=job).values_list("pk", flat=True)[: size // 3]:
        workflow.move(
            Application.objects.get(pk=pk), to_stage=stages(job)[1], actor=hr_user, notify=False
        )
    with django_assert_max_num_queries(15):
        response = hr_client.get(reverse("hr-job", args=[job.pk]) + "?closed=1")
    assert sum(c.total for c in response.context["columns"]) == size


@pytest.mark.parametrize("size", [60, 200])
def test_show_more_query_count_is_the_same_at_any_size(
    hr_client, size, django_assert_max_num_queries
):
    job = make_job()
    _fill(job, size)
    html = hr_client.get(reverse("hr-job", args=[job.pk])).content.decode()
    with django_assert_max_num_queries(8):
        response = hr_client.get(_more_url(html), HTTP_HX_REQUEST="true")
    assert len(_card_ids(response.content.decode())) == min(size - PAGE, PAGE)


def test_the_whole_boards_totals_come_from_the_tallies_and_equal_a_count(hr_client, hr_user):
    """Moves, rejections, a withdrawal and a hire later, each column's total is the count of
    its active and hired cards, and the whole board counts no applications to say so."""
    job = make_job()
    first, second, *_rest, last = stages(job)
    ordered = _fill(job, 12)
    for pk in ordered[:5]:
        workflow.move(Application.objects.get(pk=pk), to_stage=second, actor=hr_user)
    for pk in ordered[5:8]:
        workflow.reject(
            Application.objects.get(pk=pk),
            rejection_reason=rejection_reason(),
            actor=hr_user,
            notify=False,
        )
    workflow.withdraw(Application.objects.get(pk=ordered[8]), actor=hr_user, notify=False)
    workflow.move(
        Application.objects.get(pk=ordered[9]),
        to_stage=last,
        actor=hr_user,
        override=True,
        reason="Known to us",
    )
    with CaptureQueriesContext(connection) as queries:
        columns = hr_client.get(reverse("hr-job", args=[job.pk])).context["columns"]
    totals = {column.stage.pk: column.total for column in columns}
    counted = {column.stage.pk: 0 for column in columns} | {
        row["stage_id"]: row["n"]
        for row in Application.objects.filter(job=job, status__in=["active", "hired"])
        .values("stage_id")
        .annotate(n=Count("id"))
    }
    assert totals == counted
    assert totals[first.pk] == 2 and totals[second.pk] == 5 and totals[last.pk] == 1
    assert not any(
        "COUNT(" in q["sql"]
        and "GROUP BY" in q["sql"]
        and '"stage_id"' in q["sql"]
        and "applications_application" in q["sql"].split("FROM", 1)[1][:40]
        for q in queries.captured_queries
    )
