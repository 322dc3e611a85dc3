"""The demo tells the first user's story, through the engine, and loads only once."""

import pytest
from django.core.management import call_command

from applications import selectors
from applications.demo import EXPERT_REF, STAFF_REF
from applications.models import Application, JobOpening, Offer, StageEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module (127 CVs are parsed), rolled back afterwards."""
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


def test_every_applicant_has_a_parsed_cv(demo):
    from applications.models import CVDocument

    assert CVDocument.objects.count() == Application.objects.count() == 127
    assert set(CVDocument.objects.values_list("parse_status", flat=True)) == {"parsed"}
    cvs = CVDocument.objects.select_related("application__candidate")
    same_name = sum(
        (cv.parsed["name"]["value"] or "").casefold()
        == cv.application.candidate.full_name.casefold()
        for cv in cvs
    )
    assert same_name >= 0.9 * len(cvs)  # the CV tells the same person's story
    assert len({cv.application.candidate.nationality.code for cv in cvs}) >= 15


def test_staff_posting_25_applications_4_joined(demo):
    job = JobOpening.objects.get(reference=STAFF_REF)
    assert job.applications.count() == 25
    assert job.applications.filter(status="hired").count() == 4
    funnel = {row.stage.name: row.reached for row in selectors.job_funnel(job)}
    assert funnel["Application received"] == 25
    assert funnel["Written examination"] == 15
    assert funnel["Interview round 1"] == 8
    assert funnel["Interview round 2"] == 6
    assert funnel["Joined"] == 4
    submitted = job.applications.values_list("submitted_at", flat=True)
    assert (max(submitted) - min(submitted)).days <= 31


def test_expert_call_102_linkedin_applications_2_foreign_experts(demo):
    job = JobOpening.objects.get(reference=EXPERT_REF)
    assert job.applications.filter(source__slug="linkedin").count() == 102
    hired = job.applications.filter(status="hired").select_related("candidate")
    assert hired.count() == 2
    assert all(a.candidate.nationality != "CN" for a in hired)
    assert Offer.objects.filter(application__in=hired, status="accepted").count() == 2
    yield_rows = selectors.job_channel_yield(job)
    assert yield_rows == [
        {
            "source__name": "LinkedIn",
            "source__slug": "linkedin",
            "applied": 102,
            "active": 0,
            "hired": 2,
        }
    ]


def test_every_demo_change_is_in_the_audit_log(demo):
    for application in Application.objects.all():
        assert application.events.count() == application.version
    assert not StageEvent.objects.filter(at__year__gt=2019).exists()


def test_load_demo_twice_changes_nothing(demo):
    before = (Application.objects.count(), StageEvent.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Application.objects.count(), StageEvent.objects.count()) == before
