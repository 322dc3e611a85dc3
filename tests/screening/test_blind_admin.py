"""Blind screening holds in the Django admin too: a reviewer who has not decided does not find
the masked applicant in any admin list of `applications`."""

import pytest
from django.urls import reverse

from screening import services
from tests.screening.test_blind_everywhere import _application, secrets_in

pytestmark = pytest.mark.django_db

LISTS = ["candidate", "application", "stageevent", "cvdocument", "possibleduplicate"]


@pytest.fixture
def staff_hr(hr_user):
    hr_user.is_staff = hr_user.is_superuser = True
    hr_user.save()
    return hr_user


def _admin_text(client, model_name: str) -> str:
    response = client.get(reverse(f"admin:applications_{model_name}_changelist"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("model_name", LISTS)
def test_a_masked_applicant_is_not_listed_before_the_decision(client, staff_hr, model_name):
    _application(staff_hr, blind=True)
    client.force_login(staff_hr)

    assert secrets_in(_admin_text(client, model_name)) == []


def test_the_applicant_is_listed_after_the_reviewers_decision(client, staff_hr):
    application = _application(staff_hr, blind=True)
    services.decision_record(application=application, actor=staff_hr, decision="pass")
    client.force_login(staff_hr)

    assert secrets_in(_admin_text(client, "candidate"))


def test_a_job_without_blind_screening_is_listed(client, staff_hr):
    _application(staff_hr, blind=False)
    client.force_login(staff_hr)

    assert secrets_in(_admin_text(client, "application"))
