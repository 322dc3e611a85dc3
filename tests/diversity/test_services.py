"""Who may write the settings and the answers, and what a bad answer does (nothing)."""

import pytest

from applications.models import Application
from ats.actors import SYSTEM, ApplicantActor
from ats.errors import DomainError, InvalidInput
from diversity import selectors, services
from diversity.models import SelfIdentification
from diversity.options import PREFER_NOT_TO_SAY
from tests.diversity.conftest import GENDERS, switch_on
from tests.factories import make_application

pytestmark = pytest.mark.django_db


def test_monitoring_is_off_until_hr_switches_it_on():
    config = selectors.monitoring_settings()
    assert config.enabled is False and config.pk == 1
    assert [o["code"] for o in config.gender_options][:2] == ["woman", "man"]


def test_settings_are_hr_only(interviewer, hr_user):
    with pytest.raises(DomainError) as refused:
        services.monitoring_settings_update(
            actor=interviewer,
            enabled=True,
            intro_en="",
            intro_zh="",
            ask_gender=True,
            gender_options=GENDERS,
            ask_age_band=False,
            age_band_options=GENDERS,
        )
    assert refused.value.code == "forbidden"
    assert selectors.monitoring_settings().enabled is False
    switch_on()
    row = services.monitoring_settings_update(
        actor=hr_user,
        enabled=True,
        intro_en="",
        intro_zh="",
        ask_gender=True,
        gender_options=GENDERS,
        ask_age_band=False,
        age_band_options=GENDERS,
    )
    assert row.updated_by == hr_user and selectors.monitoring_settings().ask_age_band is False


def test_settings_refuse_bad_options_and_no_question():
    with pytest.raises(InvalidInput) as bad:
        switch_on(gender_options=[{"code": PREFER_NOT_TO_SAY, "en": "No", "zh": ""}])
    assert "gender_options" in bad.value.errors
    with pytest.raises(InvalidInput) as none:
        switch_on(ask_gender=False, ask_age_band=False)
    assert "enabled" in none.value.errors
    assert selectors.monitoring_settings().enabled is False


def test_only_the_applicant_writes_their_answers(monitoring_on, hr_user):
    application = make_application()
    for actor in (hr_user, SYSTEM, ApplicantActor(application_id=application.pk + 1)):
        with pytest.raises(DomainError):
            services.self_identification_save(
                application=application, actor=actor, gender="zq-fern", age_band=""
            )
        with pytest.raises(DomainError):
            services.self_identification_delete(application=application, actor=actor)
    assert not SelfIdentification.objects.exists()


def test_an_answer_not_offered_is_refused(monitoring_on):
    application = make_application()
    me = ApplicantActor(application_id=application.pk)
    with pytest.raises(InvalidInput) as refused:
        services.self_identification_save(
            application=application, actor=me, gender="woman", age_band=""
        )
    assert "gender" in refused.value.errors
    switch_on(ask_age_band=False)
    with pytest.raises(InvalidInput):
        services.self_identification_save(
            application=application, actor=me, gender="", age_band="25-34"
        )
    assert not SelfIdentification.objects.exists()


def test_answers_are_refused_while_monitoring_is_off():
    application = make_application()
    with pytest.raises(DomainError) as refused:
        services.self_identification_save(
            application=application,
            actor=ApplicantActor(application_id=application.pk),
            gender=PREFER_NOT_TO_SAY,
            age_band="",
        )
    assert refused.value.code == "off"


def test_two_empty_answers_store_nothing(monitoring_on):
    application = make_application()
    me = ApplicantActor(application_id=application.pk)
    services.self_identification_save(
        application=application, actor=me, gender="zq-fern", age_band=""
    )
    assert (
        services.self_identification_save(application=application, actor=me, gender="", age_band="")
        is None
    )
    assert not SelfIdentification.objects.exists()


def test_the_application_leads_nowhere_near_its_answers(monitoring_on):
    application = make_application()
    services.self_identification_save(
        application=application,
        actor=ApplicantActor(application_id=application.pk),
        gender="zq-fern",
        age_band="25-34",
    )
    # No reverse relation: a serializer, form or admin of the application cannot reach them.
    assert [
        f for f in Application._meta.get_fields() if f.related_model is SelfIdentification
    ] == []
    assert selectors.self_identification_of(application).gender == "zq-fern"


def test_the_answers_last_as_long_as_the_application(monitoring_on):
    application = make_application()
    SelfIdentification.objects.create(application=application, gender="zq-fern")
    Application.objects.filter(pk=application.pk).delete()
    assert not SelfIdentification.objects.exists()
