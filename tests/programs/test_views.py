"""HR pages of the foreign-expert cases: access by role, filters, actions, CSV, query counts."""

import csv
import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from programs import services
from programs.models import CaseStatus, FundingApplication, ImmigrationRecord, RecordKind
from tests.factories import CandidateFactory
from tests.programs.conftest import accepted_application

pytestmark = pytest.mark.django_db

TODAY = dt.date(2019, 10, 10)
NOON_TODAY = dt.datetime(2019, 10, 10, 4, tzinfo=dt.UTC)  # noon in Beijing
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pages(case) -> list[tuple[str, str]]:
    document = case.documents.first()
    funding = FundingApplication.objects.create(case=case, programme=case.programme, call_year=2019)
    record = ImmigrationRecord.objects.create(case=case, kind=RecordKind.VISA, visa_type="Z")
    return [
        ("get", reverse("hr-programs")),
        ("get", reverse("hr-programs-csv")),
        ("get", reverse("hr-programs-expiring")),
        ("get", reverse("hr-programs-expiring-csv")),
        ("post", reverse("hr-program-open")),
        ("get", reverse("hr-program-case", args=[case.pk])),
        ("post", reverse("hr-program-case-edit", args=[case.pk])),
        ("post", reverse("hr-program-case-move", args=[case.pk])),
        ("post", reverse("hr-program-funding-add", args=[case.pk])),
        ("post", reverse("hr-program-funding-edit", args=[case.pk, funding.pk])),
        ("post", reverse("hr-program-funding-move", args=[case.pk, funding.pk])),
        ("post", reverse("hr-program-record-add", args=[case.pk])),
        ("post", reverse("hr-program-record-edit", args=[case.pk, record.pk])),
        ("post", reverse("hr-program-document-add", args=[case.pk])),
        ("post", reverse("hr-program-document-edit", args=[case.pk, document.pk])),
        ("get", reverse("hr-program-document-file", args=[case.pk, document.pk])),
    ]


def test_anonymous_is_sent_to_login(client, make_case):
    for method, url in _pages(make_case()):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_interviewer_is_refused(client, interviewer, make_case):
    client.force_login(interviewer)
    case = make_case()
    events = case.events.count()
    for method, url in _pages(case):
        assert getattr(client, method)(url).status_code == 403, url
    assert case.events.count() == events


def test_hr_reaches_every_page(hr_client, make_case):
    case = make_case()
    edit = reverse("hr-program-case-edit", args=[case.pk])
    for method, url in _pages(case):
        # GETs answer (the file view: 404, no file yet); empty POSTs are refused as bad input,
        # except the details form, whose fields are all optional.
        expected = {"get": {200, 404}, "post": {302} if url == edit else {400}}[method]
        assert getattr(hr_client, method)(url).status_code in expected, url


def test_nav_links_to_the_cases_for_hr(hr_client):
    assert reverse("hr-programs") in hr_client.get(reverse("hr-jobs")).content.decode()


def test_list_filters_by_status_and_host(hr_client, make_case):
    make_case(host="Institute of Botany, CAS", status=CaseStatus.ACTIVE)
    kept = make_case(host="Institute of Atmospheric Physics, CAS", status=CaseStatus.ACTIVE)
    make_case(host="Institute of Atmospheric Physics, CAS")
    response = hr_client.get(reverse("hr-programs"), {"status": "active", "host": "atmos"})
    assert [row.case.pk for row in response.context["rows"]] == [kept.pk]


def test_list_filters_overdue_and_due_within(hr_client, make_case, hr_user):
    def arrived(days_ago: int):
        case = make_case(status=CaseStatus.ARRIVED, arrived_on=TODAY - dt.timedelta(days=days_ago))
        services.immigration_record_create(
            case=case, actor=hr_user, kind="accommodation_registration", issued_on=case.arrived_on
        )
        return case

    overdue = arrived(20)  # the permit card was due 5 days ago
    soon = arrived(10)  # the permit card is due in 5 days
    make_case()
    with time_machine.travel(NOON_TODAY, tick=False):
        rows = hr_client.get(reverse("hr-programs"), {"overdue": "true"}).context["rows"]
        assert [r.case.pk for r in rows] == [overdue.pk]
        rows = hr_client.get(reverse("hr-programs"), {"due_within": "7"}).context["rows"]
        assert [r.case.pk for r in rows] == [soon.pk]


def test_csv_export_lists_the_filtered_cases(hr_client, make_case):
    make_case(status=CaseStatus.ACTIVE, host="IAP")
    make_case(host="IGSNRR")
    response = hr_client.get(reverse("hr-programs-csv"), {"status": "active"})
    lines = response.content.decode().strip().splitlines()
    assert lines[0].startswith("case,expert,nationality")
    assert len(lines) == 2 and ",IAP," in lines[1]


def test_open_a_case_from_the_list(hr_client, make_case, hr_user, pifi):
    application = accepted_application(hr=hr_user, foreign_call=False)
    response = hr_client.post(
        reverse("hr-program-open"),
        {"application": application.pk, "programme": pifi.pk, "host_institute": "IAP"},
    )
    assert response.status_code == 302
    assert application.expert_case.host_institute == "IAP"


def test_case_page_shows_checklist_deadlines_and_moves(hr_client, make_case):
    case = make_case(status=CaseStatus.ARRIVED, arrived_on=dt.date(2019, 9, 1))
    html = hr_client.get(reverse("hr-program-case", args=[case.pk])).content.decode()
    assert "Highest degree certificate" in html
    assert "Residence permit (30 days after entry)" in html
    assert "overdue" in html
    assert "Move to “Work permit card issued”" in html


def test_refused_move_is_shown_on_the_page(hr_client, make_case):
    case = make_case(status=CaseStatus.VISA_ISSUED)
    response = hr_client.post(
        reverse("hr-program-case-move", args=[case.pk]), {"to_status": "arrived"}
    )
    assert response.status_code == 400
    assert "no issued visa recorded" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.VISA_ISSUED


def test_move_from_the_page(hr_client, make_case, hr_user):
    case = make_case(status=CaseStatus.VISA_ISSUED)
    services.immigration_record_create(
        case=case, actor=hr_user, kind="visa", visa_type="Z", issued_on=dt.date(2019, 7, 25)
    )
    response = hr_client.post(
        reverse("hr-program-case-move", args=[case.pk]),
        {"to_status": "arrived", "at": "2019-09-01"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.arrived_on) == ("arrived", dt.date(2019, 9, 1))


def test_funding_for_a_host_national_is_refused_on_the_page(hr_client, make_case, pifi):
    case = make_case(nationality="CN")
    response = hr_client.post(
        reverse("hr-program-funding-add", args=[case.pk]),
        {"programme": pifi.pk, "call_year": 2019, "continuation_number": 0, "currency": "CNY"},
    )
    assert response.status_code == 400
    assert "not open to nationals of China" in response.content.decode()
    assert not case.fundings.exists()


def test_record_added_from_the_page(hr_client, make_case):
    case = make_case()
    response = hr_client.post(
        reverse("hr-program-record-add", args=[case.pk]),
        {
            "new-kind": "work_permit",
            "new-status": "issued",
            "new-permit_category": "A",
            "new-points": "90",
            "new-issued_on": "2019-09-12",
            "new-valid_to": "2020-09-01",
        },
    )
    assert response.status_code == 302
    assert case.records.get().points == 90


def test_document_upload_from_the_page(hr_client, make_case):
    case = make_case()
    document = case.documents.get(code="cv")
    response = hr_client.post(
        reverse("hr-program-document-edit", args=[case.pk, document.pk]),
        {
            f"d{document.pk}-status": "missing",
            f"d{document.pk}-file": SimpleUploadedFile("cv.pdf", b"%PDF-1.4 tiny"),
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.status, document.original_name) == ("received", "cv.pdf")


@pytest.mark.parametrize("size", [2, 8])
def test_list_query_count_is_constant(hr_client, make_case, size, django_assert_max_num_queries):
    for i in range(size):
        make_case(status=CaseStatus.ARRIVED, arrived_on=dt.date(2019, 9, 1) + dt.timedelta(days=i))
    with django_assert_max_num_queries(9):
        response = hr_client.get(reverse("hr-programs"))
    assert len(response.context["rows"]) == size


@pytest.mark.parametrize("size", [2, 8])
def test_expiry_report_query_count_is_constant(
    hr_client, make_case, hr_user, size, django_assert_max_num_queries
):
    for i in range(size):
        services.immigration_record_create(
            case=make_case(status=CaseStatus.ACTIVE),
            actor=hr_user,
            kind="residence_permit",
            issued_on=dt.date(2019, 9, 25),
            valid_to=timezone.localdate() + dt.timedelta(days=10 + i),
        )
    with django_assert_max_num_queries(5):
        response = hr_client.get(reverse("hr-programs-expiring"))
    assert len(response.context["rows"]) == size


def test_file_is_served_to_hr_only(make_case, hr_user, client, interviewer):
    document = make_case().documents.get(code="passport")
    services.case_document_attach(
        document=document, actor=hr_user, uploaded=SimpleUploadedFile("p.pdf", PDF)
    )
    url = reverse("hr-program-document-file", args=[document.case_id, document.pk])
    assert client.get(url).status_code == 302
    client.force_login(interviewer)
    assert client.get(url).status_code == 403
    client.force_login(hr_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Security-Policy"] == "sandbox; frame-ancestors 'self'"
    assert response["Content-Disposition"] == 'attachment; filename="passport.pdf"'


def test_expiry_report_and_case_page_show_the_passport(hr_client, make_case):
    case = make_case(
        status=CaseStatus.VISA_ISSUED,
        passport_number="X4418207",
        passport_expiry=timezone.localdate() + dt.timedelta(days=45),
    )
    report = hr_client.get(reverse("hr-programs-expiring"))
    assert [(row.case.pk, row.kind) for row in report.context["rows"]] == [(case.pk, "passport")]
    assert "X4418207" in report.content.decode()
    csv_lines = hr_client.get(reverse("hr-programs-expiring-csv")).content.decode().splitlines()
    assert f"{case.pk}," in csv_lines[1] and ",passport,X4418207," in csv_lines[1]
    page = hr_client.get(reverse("hr-program-case", args=[case.pk])).content.decode()
    assert "New passport (six months before the passport expires)" in page


def test_a_formula_in_a_name_is_exported_as_text(hr_client, make_case):
    from tests.factories import CandidateFactory

    for name in ('=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)"):
        make_case(candidate=CandidateFactory.create(full_name=name), host="IAP")
    body = hr_client.get(reverse("hr-programs-csv")).content.decode()
    assert "'=HYPERLINK" in body and "'+cmd|" in body and "'@SUM(" in body
    for line in body.splitlines()[1:]:
        cells = next(csv.reader([line]))
        assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_a_formula_in_an_experts_name_is_exported_neutralised(hr_client, make_case):
    make_case(candidate=CandidateFactory(full_name='=HYPERLINK("http://evil","Anna")'))
    response = hr_client.get(reverse("hr-programs-csv"))
    assert response.status_code == 200
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    assert "'=HYPERLINK(" in text.decode()
    assert ",=HYPERLINK(" not in text.decode() and "\n=HYPERLINK(" not in text.decode()


def test_the_case_list_is_paged_and_keeps_its_filters(hr_client, make_case, monkeypatch):
    monkeypatch.setattr("ats.paging.LIST_PAGE_SIZE", 2)
    cases = [make_case(status=CaseStatus.ACTIVE) for _ in range(3)]
    make_case()  # another status: filtered out
    first = hr_client.get(reverse("hr-programs"), {"status": "active"})
    html = first.content.decode()
    assert len(first.context["rows"]) == 2
    assert "Page 1 of 2 (3 in all)" in html and "3 cases" in html
    assert 'href="?status=active&amp;page=2" rel="next"' in html
    second = hr_client.get(reverse("hr-programs"), {"status": "active", "page": "2"})
    shown = [r.case.pk for r in first.context["rows"]] + [r.case.pk for r in second.context["rows"]]
    assert sorted(shown) == sorted(c.pk for c in cases)


@pytest.mark.parametrize("size", [2, 7])
def test_case_list_page_query_count_is_constant(
    hr_client, make_case, monkeypatch, size, django_assert_max_num_queries
):
    monkeypatch.setattr("ats.paging.LIST_PAGE_SIZE", 2)
    for _ in range(size):
        make_case()
    with django_assert_max_num_queries(12):
        response = hr_client.get(reverse("hr-programs"))
    assert response.content.decode().count('<td><a href="/hr/programs/') == min(size, 2)
    assert response.context["page"].paginator.count == size
