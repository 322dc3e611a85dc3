"""Blind screening holds in the Django admin too: a reviewer who has not decided does not find
the masked applicant in any admin list of `applications`."""

import pytest
from django.urls import reverse

from applications import services as app_services
from applications.models import PossibleDuplicate
from screening import services
from screening.models import Evaluation
from tests.factories import CandidateFactory
from tests.screening.test_blind_everywhere import _application, secrets_in

pytestmark = pytest.mark.django_db

LISTS = [
    "applications_candidate",
    "applications_application",
    "applications_stageevent",
    "applications_cvdocument",
    "applications_possibleduplicate",
    "applications_consentrecord",
    "screening_evaluation",
    "screening_screeningdecision",
]


@pytest.fixture
def staff_hr(hr_user):
    hr_user.is_staff = hr_user.is_superuser = True
    hr_user.save()
    return hr_user


def _admin_text(client, model_name: str) -> str:
    response = client.get(reverse(f"admin:{model_name}_changelist"))
    assert response.status_code == 200
    return response.content.decode()


def _on_every_list(application) -> None:
    """A row of every listed kind about the applicant."""
    other = CandidateFactory.create()
    PossibleDuplicate.objects.create(candidate=other, existing=application.candidate, reason="x")
    Evaluation.objects.get_or_create(
        application=application, defaults={"results": [], "recommendation": "pass"}
    )
    app_services.consent_record(
        application=application, purpose="application", text="I agree.", language="en"
    )


@pytest.mark.parametrize("model_name", LISTS)
def test_a_masked_applicant_is_listed_only_after_the_reviewers_decision(
    client, staff_hr, model_name
):
    application = _application(staff_hr, blind=True)
    _on_every_list(application)
    client.force_login(staff_hr)

    assert secrets_in(_admin_text(client, model_name)) == []

    services.decision_record(application=application, actor=staff_hr, decision="pass")
    assert secrets_in(_admin_text(client, model_name))


def test_a_job_without_blind_screening_is_listed(client, staff_hr):
    _application(staff_hr, blind=False)
    client.force_login(staff_hr)

    assert secrets_in(_admin_text(client, "applications_application"))
