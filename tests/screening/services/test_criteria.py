"""A job's screening criteria: lists cleaned, country rules checked, a version per real change
(screening.services.criteria)."""

import pytest

from ats.errors import DomainError, InvalidInput
from screening import services
from tests.factories import make_job

pytestmark = pytest.mark.django_db


def test_saving_the_same_criteria_changes_nothing(hr_user):
    job = make_job()
    services.criteria_save(job=job, actor=hr_user, min_degree="master", desired_skills="GIS, R")
    again = services.criteria_save(
        job=job, actor=hr_user, min_degree="master", desired_skills=["GIS", "R"]
    )
    assert again.version == 1


def test_criteria_lists_are_cleaned(hr_user):
    criteria = services.criteria_save(
        job=make_job(),
        actor=hr_user,
        required_languages="english, Mandarin, English",
        desired_skills=["  Grant   writing ", "grant writing", "GIS"],
    )
    assert criteria.required_languages == ["English", "Chinese"]
    assert criteria.desired_skills == ["Grant writing", "GIS"]


def test_country_rule_needs_countries(hr_user):
    with pytest.raises(InvalidInput):
        services.criteria_save(job=make_job(), actor=hr_user, nationality_rule="one_of")


def test_unknown_country_code_is_refused(hr_user):
    with pytest.raises(DomainError) as refused:
        services.criteria_save(
            job=make_job(), actor=hr_user, nationality_rule="one_of", countries="DE, XX"
        )
    assert refused.value.field == "countries"
