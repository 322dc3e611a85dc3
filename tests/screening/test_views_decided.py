"""The "Decided" page lists every screening decision of a job, also after the applications left
screening, without revealing a blind-screened applicant the reader has not decided on."""

import pytest
from django.urls import reverse

from ats.paging import LIST_PAGE_SIZE
from screening import services
from screening.models import ScreeningDecision
from tests.factories import CandidateFactory, UserFactory, make_job
from tests.screening.support import bulk_screening, in_stage, screening_application

pytestmark = pytest.mark.django_db


def test_decisions_are_listed_with_reviewer_note_and_where_the_application_is_now(
    hr_client, hr_user
):
    job = make_job()
    application = screening_application(
        hr_user, job=job, candidate=CandidateFactory(full_name="Lotte van der Berg")
    )
    services.decision_record(
        application=application, actor=hr_user, decision="pass", note="Strong writer"
    )
    in_stage(application, "exam", hr_user)
    page = hr_client.get(reverse("hr-screening-decided", args=[job.pk])).content.decode()
    assert "Lotte van der Berg" in page and "Strong writer" in page
    assert "Written examination" in page
    assert reverse("hr-application", args=[application.pk]) in page


def test_a_blind_applicant_not_yet_decided_by_the_reader_stays_hidden(hr_client, hr_user):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, blind=True)
    application = screening_application(
        hr_user, job=job, candidate=CandidateFactory(full_name="Ngozi Okafor")
    )
    colleague = UserFactory(groups=["hr"])
    services.decision_record(application=application, actor=colleague, decision="pass")
    page = hr_client.get(reverse("hr-screening-decided", args=[job.pk])).content.decode()
    assert "Ngozi" not in page and "Okafor" not in page
    assert f"#A-{application.pk:04d}" in page
    services.decision_record(application=application, actor=hr_user, decision="fail")
    page = hr_client.get(reverse("hr-screening-decided", args=[job.pk])).content.decode()
    assert "Ngozi Okafor" in page


@pytest.mark.parametrize("size", [10, 300])
def test_query_count_is_constant(hr_client, hr_user, size, django_assert_max_num_queries):
    job = make_job()
    for application in bulk_screening(job, size, hr_user):
        services.decision_record(application=application, actor=hr_user, decision="hold")
    with django_assert_max_num_queries(8):
        response = hr_client.get(reverse("hr-screening-decided", args=[job.pk]))
    recorded = ScreeningDecision.objects.filter(application__job=job).count()
    assert recorded >= size
    assert len(response.context["decisions"]) == min(recorded, LIST_PAGE_SIZE)
    assert response.context["page"].paginator.count == recorded


def test_a_long_history_is_paged_newest_first_without_repeats(hr_client, hr_user):
    job = make_job()
    for application in bulk_screening(job, 60, hr_user):
        services.decision_record(application=application, actor=hr_user, decision="hold")
    url = reverse("hr-screening-decided", args=[job.pk])
    first = hr_client.get(url)
    html = first.content.decode()
    recorded = ScreeningDecision.objects.filter(application__job=job).count()
    assert LIST_PAGE_SIZE < recorded <= 2 * LIST_PAGE_SIZE
    assert f"Page 1 of 2 ({recorded} in all)" in html
    assert 'href="?page=2" rel="next"' in html
    second = hr_client.get(url, {"page": 2})
    shown = [row.decision.pk for row in first.context["decisions"]] + [
        row.decision.pk for row in second.context["decisions"]
    ]
    newest_first = ScreeningDecision.objects.filter(application__job=job).order_by("-at", "-id")
    assert shown == list(newest_first.values_list("pk", flat=True))
    assert f"{recorded} decisions on 60 applications" in html
