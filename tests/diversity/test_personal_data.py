"""The answers are the person's data: in their subject-access export, gone with their erasure
(and with the retention job's), and the other person's stay."""

import json
import zipfile
from io import BytesIO

import pytest

from applications import services
from diversity.models import SelfIdentification
from tests.factories import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(monitoring_on):
    mine = make_application()
    theirs = make_application()
    SelfIdentification.objects.create(application=mine, gender="zq-orchid", age_band="25-34")
    SelfIdentification.objects.create(application=theirs, gender="zq-fern", age_band="")
    return mine, theirs


def test_the_export_includes_the_answers(answered, hr_user):
    mine, _theirs = answered
    archive = services.candidate_export(candidate=mine.candidate, actor=hr_user)
    document = json.loads(zipfile.ZipFile(BytesIO(archive)).read("personal-data.json"))
    [row] = document["diversity"]["self_identification"]
    assert row["gender"] == "zq-orchid" and row["gender_label"] == "Orchidvale"
    assert row["age_band"] == "25-34" and row["job_reference"] == mine.job.reference
    assert "zq-fern" not in json.dumps(document)


def test_erasure_removes_the_answers_and_keeps_the_other_persons(answered, hr_user):
    mine, theirs = answered
    services.candidate_erase(candidate=mine.candidate, actor=hr_user, reason="Asked")
    assert not SelfIdentification.objects.filter(application=mine).exists()
    assert SelfIdentification.objects.get(application=theirs).gender == "zq-fern"


def test_the_retention_job_removes_them_too(answered, settings):
    import datetime as dt

    from django.utils import timezone

    mine, _theirs = answered
    from applications import workflow
    from ats.actors import SYSTEM
    from tests.factories import rejection_reason

    workflow.reject(mine, rejection_reason=rejection_reason(), actor=SYSTEM, notify=False)
    services.retention_apply(now=timezone.now() + dt.timedelta(days=3650))
    assert not SelfIdentification.objects.filter(application=mine).exists()
