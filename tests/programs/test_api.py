"""The /api/programs/ endpoints: HR only, filters, moves and rules as 400 JSON, query counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from programs import services
from programs.models import CaseStatus, FundingApplication, ImmigrationRecord
from tests.programs.conftest import accepted_application

pytestmark = pytest.mark.django_db

API = "/api/programs/"


def _endpoints(case) -> list[tuple[str, str]]:
    document = case.documents.first()
    funding = FundingApplication.objects.create(case=case, programme=case.programme, call_year=2019)
    record = ImmigrationRecord.objects.create(case=case, kind="visa", visa_type="Z")
    programme, category = case.programme_id, case.category_id
    requirement = document.requirement_id
    return [
        ("get", f"{API}programmes/"),
        ("post", f"{API}programmes/"),
        ("get", f"{API}programmes/{programme}/"),
        ("patch", f"{API}programmes/{programme}/"),
        ("get", f"{API}categories/"),
        ("post", f"{API}categories/"),
        ("patch", f"{API}categories/{category}/"),
        ("get", f"{API}document-requirements/"),
        ("post", f"{API}document-requirements/"),
        ("patch", f"{API}document-requirements/{requirement}/"),
        ("get", f"{API}cases/"),
        ("post", f"{API}cases/"),
        ("get", f"{API}cases/{case.pk}/"),
        ("patch", f"{API}cases/{case.pk}/"),
        ("post", f"{API}cases/{case.pk}/move/"),
        ("get", f"{API}funding-applications/"),
        ("post", f"{API}funding-applications/"),
        ("get", f"{API}funding-applications/{funding.pk}/"),
        ("patch", f"{API}funding-applications/{funding.pk}/"),
        ("post", f"{API}funding-applications/{funding.pk}/move/"),
        ("get", f"{API}immigration-records/"),
        ("post", f"{API}immigration-records/"),
        ("get", f"{API}immigration-records/{record.pk}/"),
        ("patch", f"{API}immigration-records/{record.pk}/"),
        ("get", f"{API}documents/"),
        ("post", f"{API}documents/"),
        ("get", f"{API}documents/{document.pk}/"),
        ("patch", f"{API}documents/{document.pk}/"),
        ("post", f"{API}documents/{document.pk}/upload/"),
        ("get", f"{API}documents/{document.pk}/file/"),
        ("get", f"{API}expiring/"),
    ]


def test_anonymous_gets_401_everywhere(anon_api, make_case):
    for method, url in _endpoints(make_case()):
        assert getattr(anon_api, method)(url).status_code == 401, url


def test_interviewer_gets_403_everywhere(interviewer_api, make_case):
    case = make_case()
    for method, url in _endpoints(case):
        assert getattr(interviewer_api, method)(url, {}).status_code == 403, url
    assert case.events.count() == 1  # only "opened"


def test_hr_reaches_every_endpoint(hr_api, make_case):
    for method, url in _endpoints(make_case()):
        response = getattr(hr_api, method)(url, {})
        # Reads answer (the file: 404, none uploaded); empty writes are refused as bad input or
        # change nothing (a PATCH with no fields).
        allowed = {"get": {200, 404}, "post": {400}, "patch": {200}}[method]
        assert response.status_code in allowed, (url, response.status_code)


def test_case_list_filters_by_status_and_nationality(hr_api, make_case):
    kept = make_case(status=CaseStatus.ACTIVE, nationality="FR")
    make_case(status=CaseStatus.ACTIVE, nationality="DE")
    make_case(nationality="FR")
    data = hr_api.get(f"{API}cases/", {"status": "active", "nationality": "FR"}).json()
    assert [c["id"] for c in data["results"]] == [kept.pk]


def test_case_list_overdue_filter(hr_api, make_case):
    late = make_case(status=CaseStatus.ARRIVED, arrived_on=timezone.localdate() - dt.timedelta(40))
    make_case()
    data = hr_api.get(f"{API}cases/", {"overdue": "true"}).json()
    assert [c["id"] for c in data["results"]] == [late.pk]
    assert data["results"][0]["overdue"] is True


def test_bad_filter_value_is_a_400(hr_api):
    assert hr_api.get(f"{API}cases/", {"due_within": "soon"}).status_code == 400


def test_illegal_move_is_a_400_naming_it(hr_api, make_case):
    case = make_case()
    response = hr_api.post(f"{API}cases/{case.pk}/move/", {"to_status": "active"})
    assert response.status_code == 400
    assert response.json()["code"] == "illegal_move"


def test_move_without_evidence_is_a_400_naming_it(hr_api, make_case):
    case = make_case(status=CaseStatus.VISA_ISSUED)
    response = hr_api.post(f"{API}cases/{case.pk}/move/", {"to_status": "arrived"})
    assert response.status_code == 400
    assert "no issued visa recorded" in response.json()["detail"]


def test_legal_move_answers_with_the_case_and_its_history(hr_api, make_case):
    case = make_case(status=CaseStatus.VISA_ISSUED)
    response = hr_api.post(
        f"{API}cases/{case.pk}/move/", {"to_status": "withdrawn", "reason": "Declined"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "withdrawn"
    assert body["events"][-1]["reason"] == "Declined"


def test_open_a_case_through_the_api(hr_api, hr_user, pifi, hr_decides_gates):
    application = accepted_application(hr=hr_user, foreign_call=False)
    response = hr_api.post(
        f"{API}cases/", {"application": application.pk, "programme": pifi.pk}, format="json"
    )
    assert response.status_code == 201
    assert len(response.json()["documents"]) == 10


def test_pifi_for_a_host_national_is_a_400(hr_api, make_case, pifi):
    case = make_case(nationality="CN")
    response = hr_api.post(
        f"{API}funding-applications/",
        {"case": case.pk, "programme": pifi.pk, "call_year": 2019},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "host_national"


def test_funding_move_through_the_api(hr_api, make_case, pifi, hr_user):
    funding = services.funding_application_create(
        case=make_case(), actor=hr_user, programme=pifi, call_year=2019
    )
    response = hr_api.post(
        f"{API}funding-applications/{funding.pk}/move/",
        {"to_status": "submitted", "submitted_on": "2019-03-15"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


def test_record_with_points_of_another_category_is_a_400(hr_api, make_case):
    case = make_case()
    response = hr_api.post(
        f"{API}immigration-records/",
        {
            "case": case.pk,
            "kind": "work_permit",
            "permit_category": "A",
            "points": 70,
            "issued_on": "2019-09-12",
        },
    )
    assert response.status_code == 400
    assert "permit_category" in response.json()


def test_document_upload_and_download(hr_api, make_case):
    document = make_case().documents.get(code="photo")
    response = hr_api.post(
        f"{API}documents/{document.pk}/upload/",
        {"file": SimpleUploadedFile("me.png", b"\x89PNG\r\n\x1a\n....")},
        format="multipart",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "received"
    download = hr_api.get(response.json()["file_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"


def test_programme_rules_are_editable_data(hr_api, pifi):
    response = hr_api.patch(f"{API}programmes/{pifi.pk}/", {"max_continuations": 3})
    assert response.status_code == 200
    pifi.refresh_from_db()
    assert pifi.max_continuations == 3


def test_expiring_report(hr_api, make_case, hr_user):
    case = make_case(status=CaseStatus.ACTIVE)
    services.immigration_record_create(
        case=case,
        actor=hr_user,
        kind="residence_permit",
        issued_on=dt.date(2019, 9, 25),
        valid_to=timezone.localdate() + dt.timedelta(days=20),
    )
    data = hr_api.get(f"{API}expiring/").json()
    assert [(r["case"], r["days_left"]) for r in data] == [(case.pk, 20)]


@pytest.mark.parametrize("size", [2, 8])
def test_case_list_query_count_is_constant(hr_api, make_case, size, django_assert_max_num_queries):
    for i in range(size):
        make_case(status=CaseStatus.ARRIVED, arrived_on=dt.date(2019, 9, 1) + dt.timedelta(days=i))
    with django_assert_max_num_queries(4):
        response = hr_api.get(f"{API}cases/")
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [2, 8])
def test_expiring_query_count_is_constant(
    hr_api, make_case, hr_user, size, django_assert_max_num_queries
):
    for i in range(size):
        services.immigration_record_create(
            case=make_case(status=CaseStatus.ACTIVE),
            actor=hr_user,
            kind="work_permit",
            issued_on=dt.date(2019, 9, 12),
            valid_to=timezone.localdate() + dt.timedelta(days=5 + i),
        )
    with django_assert_max_num_queries(2):
        assert len(hr_api.get(f"{API}expiring/").json()) == size


def test_expiring_report_lists_a_passport_the_stay_needs(hr_api, make_case):
    case = make_case(
        status=CaseStatus.VISA_ISSUED, passport_number="X1", passport_expiry=timezone.localdate()
    )
    data = hr_api.get(f"{API}expiring/").json()
    assert [(r["id"], r["case"], r["kind"], r["number"], r["days_left"]) for r in data] == [
        (None, case.pk, "passport", "X1", 0)
    ]


def test_case_deadlines_include_the_passport(hr_api, make_case):
    expiry = timezone.localdate() + dt.timedelta(days=100)
    case = make_case(status=CaseStatus.VISA_ISSUED, passport_expiry=expiry)
    body = hr_api.get(f"{API}cases/{case.pk}/").json()
    assert [(d["key"], d["expires_on"], d["overdue"]) for d in body["deadlines"]] == [
        ("passport_renewal", expiry.isoformat(), True)
    ]
    assert body["overdue"] is True
    listed = hr_api.get(f"{API}cases/", {"overdue": "true"}).json()["results"]
    assert [c["id"] for c in listed] == [case.pk]


@pytest.mark.parametrize("size", [2, 8])
def test_expiring_query_count_is_constant_with_passports(
    hr_api, make_case, hr_user, size, django_assert_max_num_queries
):
    for i in range(size):
        case = make_case(
            status=CaseStatus.ACTIVE, passport_expiry=timezone.localdate() + dt.timedelta(i)
        )
        services.immigration_record_create(
            case=case,
            actor=hr_user,
            kind="residence_permit",
            issued_on=dt.date(2019, 9, 25),
            valid_to=timezone.localdate() + dt.timedelta(days=300),
        )
    with django_assert_max_num_queries(2):
        assert len(hr_api.get(f"{API}expiring/").json()) == size


@pytest.mark.parametrize("days", ["soon", "-1", "3651"])
def test_expiring_report_refuses_a_bad_horizon(hr_api, days):
    response = hr_api.get(f"{API}expiring/", {"days": days})
    assert response.status_code == 400
    assert "days" in response.json()


def test_browsable_api_renders_a_case_with_its_edit_form(hr_client, make_case):
    case = make_case(status=CaseStatus.ARRIVED, arrived_on=dt.date(2019, 9, 1))
    response = hr_client.get(f"{API}cases/{case.pk}/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "residence_permit" in response.content.decode()
