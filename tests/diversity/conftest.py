"""Fixtures of the monitoring tests: the monitoring switched on with options whose codes and
labels appear nowhere else (so a page can be searched for them), an applicant's status link,
and a maker of applications with answers that reached a given stage."""

import pytest

from applications import services as application_services
from applications import workflow
from ats.actors import SYSTEM
from diversity import services
from diversity.models import SelfIdentification
from diversity.options import default_age_band_options
from tests.factories import make_application, stages

# Distinctive codes and labels: a response that contains one has leaked an answer.
GENDERS = [
    {"code": "zq-orchid", "en": "Orchidvale", "zh": "兰谷"},
    {"code": "zq-fern", "en": "Fernhollow", "zh": "蕨洞"},
    {"code": "zq-moss", "en": "Mossbright", "zh": "苔明"},
]


def switch_on(**changes):
    fields = {
        "enabled": True,
        "intro_en": "We ask because we care.",
        "intro_zh": "我们关心公平。",
        "ask_gender": True,
        "gender_options": GENDERS,
        "ask_age_band": True,
        "age_band_options": default_age_band_options(),
    }
    fields.update(changes)
    return services.monitoring_settings_update(actor=SYSTEM, **fields)


@pytest.fixture
def monitoring_on(db):
    return switch_on()


@pytest.fixture
def applied(db):
    """An application and its status token."""
    application = make_application()
    return application, application_services.status_token_issue(application=application)


@pytest.fixture
def reached(hr_user, hr_decides_gates):
    """reached(job, index, gender=..., age_band=...) -> an application that got as far as the
    job's stage at `index` (0 = applied), with those answers (none when both are empty)."""

    def make(job, index, gender="", age_band="", **kwargs):
        application = make_application(job=job, **kwargs)
        if index:
            application = workflow.move(
                application,
                to_stage=stages(job)[index],
                actor=hr_user,
                override=True,
                reason="test set-up",
                notify=False,
            )
        if gender or age_band:
            SelfIdentification.objects.create(
                application=application, gender=gender, age_band=age_band
            )
        return application

    return make
