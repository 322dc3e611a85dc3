"""Who may act: every service that changes a case or the reference data is HR's (or the
system's); an interviewer, an applicant or an anonymous user is refused and nothing changes."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import StageEvent
from ats.actors import SYSTEM, ApplicantActor
from ats.errors import DomainError
from programs import services
from programs.models import CaseEvent, ExpertCase, FundingApplication, ImmigrationRecord
from tests.programs.conftest import accepted_application

pytestmark = pytest.mark.django_db


def _calls(case, pifi, hr_user):
    """Each service with arguments that HR could use; the actor is filled in by the test."""
    funding = FundingApplication.objects.create(case=case, programme=pifi, call_year=2019)
    record = ImmigrationRecord.objects.create(
        case=case, kind="visa", visa_type="Z", status="applied"
    )
    document = case.documents.get(code="cv")
    application = accepted_application(hr=hr_user, foreign_call=False)
    return {
        "programme_save": lambda a: services.programme_save(
            actor=a, programme=pifi, max_continuations=3
        ),
        "programme_category_save": lambda a: services.programme_category_save(
            actor=a, category=pifi.categories.first(), name="Renamed"
        ),
        "document_requirement_save": lambda a: services.document_requirement_save(
            actor=a, requirement=pifi.document_requirements.first(), name="Renamed"
        ),
        "case_open": lambda a: services.case_open(application=application, actor=a),
        "case_update": lambda a: services.case_update(case=case, actor=a, supervisor="Prof. X"),
        "case_move": lambda a: services.case_move(
            case=case, actor=a, to_status="withdrawn", reason="r"
        ),
        "funding_application_create": lambda a: services.funding_application_create(
            case=case, actor=a, programme=pifi, call_year=2020
        ),
        "funding_application_update": lambda a: services.funding_application_update(
            funding=funding, actor=a, notes="n"
        ),
        "funding_application_move": lambda a: services.funding_application_move(
            funding=funding, actor=a, to_status="withdrawn"
        ),
        "immigration_record_create": lambda a: services.immigration_record_create(
            case=case, actor=a, kind="visa", visa_type="Z", status="applied"
        ),
        "immigration_record_update": lambda a: services.immigration_record_update(
            record=record, actor=a, number="E123"
        ),
        "case_document_update": lambda a: services.case_document_update(
            document=document, actor=a, status="received"
        ),
        "case_document_add": lambda a: services.case_document_add(
            case=case, actor=a, name="Extra paper"
        ),
        "case_document_attach": lambda a: services.case_document_attach(
            document=document, actor=a, uploaded=SimpleUploadedFile("cv.pdf", b"%PDF-1.4 x")
        ),
    }


SERVICES = [
    "programme_save",
    "programme_category_save",
    "document_requirement_save",
    "case_open",
    "case_update",
    "case_move",
    "funding_application_create",
    "funding_application_update",
    "funding_application_move",
    "immigration_record_create",
    "immigration_record_update",
    "case_document_update",
    "case_document_add",
    "case_document_attach",
]


@pytest.fixture(params=["interviewer", "applicant", "anonymous"])
def outsider(request, interviewer):
    return {
        "interviewer": interviewer,
        "applicant": ApplicantActor(application_id=1),
        "anonymous": AnonymousUser(),
    }[request.param]


@pytest.mark.parametrize("name", SERVICES)
def test_only_hr_may_act(make_case, pifi, hr_user, outsider, name):
    case = make_case()
    call = _calls(case, pifi, hr_user)[name]
    events = CaseEvent.objects.count()
    with pytest.raises(DomainError) as refused:
        call(outsider)
    assert refused.value.code == "forbidden"
    assert CaseEvent.objects.count() == events
    assert ExpertCase.objects.count() == 1  # no case for the application `case_open` was given
    case.refresh_from_db()
    assert case.supervisor == "" and case.status == "funding_pending"


def test_every_service_is_in_the_matrix():
    writes = {name for name in services.__all__ if name[0].islower()} - {
        "case_open_for_stage_event",  # the system's, below
        "reminder_recipients",  # a read
        "reminders_send",  # the system's own notice
    }
    assert writes == set(SERVICES)


@pytest.mark.parametrize("name", SERVICES)
def test_hr_may_act(make_case, pifi, hr_user, name):
    case = make_case()
    _calls(case, pifi, hr_user)[name](hr_user)


def test_the_workflow_listener_opens_the_case_as_the_system(hr_user, hr_decides_gates):
    application = accepted_application(hr=hr_user)
    event = StageEvent.objects.filter(application=application).latest("id")
    case = services.case_open_for_stage_event(event_id=event.pk, actor=SYSTEM)
    assert case is not None and case.application_id == application.pk
    # The move was HR's, so the history names them; the authority was the system's.
    assert case.opened_by == hr_user


def test_a_stage_event_without_a_person_opens_the_case_in_the_systems_name(
    hr_user, hr_decides_gates
):
    application = accepted_application(hr=hr_user)
    event = StageEvent.objects.filter(application=application).latest("id")
    StageEvent.objects.filter(pk=event.pk).update(actor=None)
    case = services.case_open_for_stage_event(event_id=event.pk, actor=SYSTEM)
    assert case is not None
    assert (case.opened_by, case.events.get().actor) == (None, None)


def test_reference_data_needs_hr_too(pifi, interviewer):
    with pytest.raises(DomainError):
        services.programme_save(actor=interviewer, programme=pifi, max_continuations=9)
    pifi.refresh_from_db()
    assert pifi.max_continuations == 2
