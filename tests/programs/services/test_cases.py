"""case_move: only allowed moves, each audited; evidence refuses a move that lacks it."""

import datetime as dt
import itertools

import pytest

from ats.errors import DomainError
from programs import services
from programs import workflow as case_workflow
from programs.models import CaseEvent, CaseStatus, DocumentStatus, RecordKind
from tests.programs.conftest import at

pytestmark = pytest.mark.django_db

PAIRS = [(a, b) for a, b in itertools.product(CaseStatus.values, repeat=2) if a != b]
LEGAL = [(a, b) for a, b in PAIRS if b in case_workflow.TRANSITIONS[a]]
ILLEGAL = [(a, b) for a, b in PAIRS if b not in case_workflow.TRANSITIONS[a]]


def test_every_status_has_its_transitions_listed():
    assert set(case_workflow.TRANSITIONS) == set(CaseStatus.values)


@pytest.mark.parametrize(("from_status", "to_status"), LEGAL)
def test_legal_move_is_made_and_audited(make_case, hr_user, monkeypatch, from_status, to_status):
    monkeypatch.setattr(case_workflow, "EVIDENCE", {})  # the table alone; evidence: below
    case = make_case(status=from_status)
    services.case_move(case=case, to_status=to_status, actor=hr_user, reason="because")
    case.refresh_from_db()
    assert case.status == to_status
    event = case.events.get(kind=CaseEvent.Kind.MOVED)
    assert (event.from_status, event.to_status, event.actor, event.reason) == (
        from_status,
        to_status,
        hr_user,
        "because",
    )


@pytest.mark.parametrize(("from_status", "to_status"), ILLEGAL)
def test_illegal_move_is_refused(make_case, hr_user, monkeypatch, from_status, to_status):
    monkeypatch.setattr(case_workflow, "EVIDENCE", {})
    case = make_case(status=from_status)
    with pytest.raises(DomainError) as refused:
        services.case_move(case=case, to_status=to_status, actor=hr_user, reason="because")
    assert refused.value.code == "illegal_move"
    case.refresh_from_db()
    assert case.status == from_status
    assert not case.events.filter(kind=CaseEvent.Kind.MOVED).exists()


def test_move_to_the_current_status_changes_nothing(make_case, hr_user):
    case = make_case()
    services.case_move(case=case, to_status=CaseStatus.FUNDING_PENDING, actor=hr_user)
    assert not case.events.filter(kind=CaseEvent.Kind.MOVED).exists()


@pytest.mark.parametrize("to_status", [CaseStatus.WITHDRAWN, CaseStatus.ENDED])
def test_withdraw_and_end_need_a_reason(make_case, hr_user, to_status):
    status = CaseStatus.VISA_ISSUED if to_status == CaseStatus.WITHDRAWN else CaseStatus.ACTIVE
    case = make_case(status=status)
    with pytest.raises(DomainError) as refused:
        services.case_move(case=case, to_status=to_status, actor=hr_user)
    assert refused.value.code == "reason_required"


def test_withdrawn_is_refused_after_arrival(make_case, hr_user):
    case = make_case(status=CaseStatus.ARRIVED)
    with pytest.raises(DomainError):
        services.case_move(case=case, to_status=CaseStatus.WITHDRAWN, actor=hr_user, reason="x")


def test_arrived_refused_without_a_visa_record(make_case, hr_user):
    case = make_case(status=CaseStatus.VISA_ISSUED)
    with pytest.raises(DomainError) as refused:
        services.case_move(case=case, to_status=CaseStatus.ARRIVED, actor=hr_user)
    assert refused.value.code == "evidence_missing"
    assert "visa" in refused.value.message
    case.refresh_from_db()
    assert case.status == CaseStatus.VISA_ISSUED


def test_arrival_records_the_day_of_entry(make_case, hr_user):
    case = make_case(status=CaseStatus.VISA_ISSUED)
    services.immigration_record_create(
        case=case,
        actor=hr_user,
        kind=RecordKind.VISA,
        visa_type="Z",
        issued_on=dt.date(2019, 7, 25),
    )
    services.case_move(
        case=case, to_status=CaseStatus.ARRIVED, actor=hr_user, at=at(dt.date(2019, 9, 1))
    )
    case.refresh_from_db()
    assert case.arrived_on == dt.date(2019, 9, 1)


def _ready_all_documents(case, hr_user):
    for document in case.documents.all():
        fields = {"status": DocumentStatus.RECEIVED}
        if document.authentication != "none":
            fields = {"status": DocumentStatus.LEGALISED, "legalisation_kind": "apostille"}
        services.case_document_update(document=document, actor=hr_user, **fields)
    services.immigration_record_create(
        case=case,
        actor=hr_user,
        kind=RecordKind.NOTIFICATION_LETTER,
        issued_on=dt.date(2019, 7, 10),
    )


def test_notice_issued_refused_while_degree_certificate_is_not_legalised(make_case, hr_user):
    case = make_case(status=CaseStatus.PERMIT_APPLYING)
    _ready_all_documents(case, hr_user)
    degree = case.documents.get(code="degree")
    services.case_document_update(
        document=degree, actor=hr_user, status=DocumentStatus.RECEIVED, legalisation_kind=""
    )
    with pytest.raises(DomainError) as refused:
        services.case_move(case=case, to_status=CaseStatus.NOTICE_ISSUED, actor=hr_user)
    assert "Highest degree certificate (not yet legalised or verified)" in refused.value.message
    case.refresh_from_db()
    assert case.status == CaseStatus.PERMIT_APPLYING


def test_notice_issued_refused_while_a_required_document_is_missing(make_case, hr_user):
    case = make_case(status=CaseStatus.PERMIT_APPLYING)
    _ready_all_documents(case, hr_user)
    services.case_document_update(
        document=case.documents.get(code="medical"), actor=hr_user, status="missing"
    )
    with pytest.raises(DomainError) as refused:
        services.case_move(case=case, to_status=CaseStatus.NOTICE_ISSUED, actor=hr_user)
    assert "Medical report (missing)" in refused.value.message


def test_notice_issued_once_documents_are_ready_and_the_letter_is_recorded(make_case, hr_user):
    case = make_case(status=CaseStatus.PERMIT_APPLYING)
    _ready_all_documents(case, hr_user)
    services.case_move(case=case, to_status=CaseStatus.NOTICE_ISSUED, actor=hr_user)
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTICE_ISSUED


def test_verified_degree_is_enough_but_a_verified_police_record_is_not(make_case, hr_user):
    case = make_case(status=CaseStatus.PERMIT_APPLYING)
    _ready_all_documents(case, hr_user)
    services.case_document_update(
        document=case.documents.get(code="degree"), actor=hr_user, status="verified"
    )
    police = case.documents.get(code="no-criminal-record")
    services.case_document_update(document=police, actor=hr_user, status="verified")
    with pytest.raises(DomainError) as refused:
        services.case_move(case=case, to_status=CaseStatus.NOTICE_ISSUED, actor=hr_user)
    assert "No-criminal-record certificate (not yet legalised)" in refused.value.message
    assert "degree" not in refused.value.message


def test_permit_applying_refused_without_awarded_funding(make_case, hr_user):
    case = make_case()
    with pytest.raises(DomainError) as refused:
        services.case_move(case=case, to_status=CaseStatus.PERMIT_APPLYING, actor=hr_user)
    assert "funding" in refused.value.message


def test_case_without_programme_needs_no_funding(make_case, hr_user):
    case = make_case(programme=None)
    services.case_move(case=case, to_status=CaseStatus.PERMIT_APPLYING, actor=hr_user)
    case.refresh_from_db()
    assert case.status == CaseStatus.PERMIT_APPLYING


def test_case_events_are_append_only(make_case):
    event = make_case().events.first()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_back_to_active_needs_the_renewed_residence_permit(make_case, hr_user):
    case = make_case(status=CaseStatus.RENEWAL_DUE)
    services.immigration_record_create(
        case=case,
        actor=hr_user,
        kind=RecordKind.RESIDENCE_PERMIT,
        issued_on=dt.date(2019, 9, 25),
        valid_to=dt.date(2020, 9, 1),
    )
    when = at(dt.date(2020, 7, 20))
    with pytest.raises(DomainError) as refused:
        services.case_move(case=case, to_status=CaseStatus.ACTIVE, actor=hr_user, at=when)
    assert "no renewed residence permit" in refused.value.message
    services.immigration_record_create(
        case=case,
        actor=hr_user,
        kind=RecordKind.RESIDENCE_PERMIT,
        issued_on=dt.date(2020, 7, 20),
        valid_to=dt.date(2022, 9, 1),
    )
    services.case_move(case=case, to_status=CaseStatus.ACTIVE, actor=hr_user, at=when)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE
