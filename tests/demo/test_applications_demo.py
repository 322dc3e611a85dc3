"""The demo tells the first user's story, through the engine, and loads only once; its open
job has work in progress at every early stage."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications import selectors, tallies
from applications.demo import EXPERT_REF, STAFF_REF, live_job
from applications.models import (
    Application,
    Candidate,
    ConsentRecord,
    CVDocument,
    JobOpening,
    Offer,
    StageEvent,
)

# One worker loads the demo once for the whole package (see conftest.py), also under xdist.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_every_applicant_has_a_parsed_cv(demo):
    story = CVDocument.objects.filter(application__job__reference__in=[STAFF_REF, EXPERT_REF])
    assert story.count() == 127
    assert CVDocument.objects.count() == Application.objects.count() == 127 + 12
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


def test_every_demo_job_has_tallies_equal_to_a_recount(demo):
    jobs = list(JobOpening.objects.values_list("pk", flat=True))
    assert jobs
    for job_id in jobs:
        recounted = tallies.tallies_recount(job_id)
        assert sum(t.furthest for t in recounted.values()), job_id
        assert {pk: vars(t) for pk, t in tallies.tallies_of(job_id).items()} == {
            pk: pytest.approx(vars(t)) for pk, t in recounted.items()
        }


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
    story = StageEvent.objects.filter(application__job__reference__in=[STAFF_REF, EXPERT_REF])
    assert not story.filter(at__year__gt=2019).exists()


def _snapshot():
    live = live_job()
    return (
        JobOpening.objects.count(),
        Candidate.objects.count(),
        Application.objects.count(),
        StageEvent.objects.count(),
        CVDocument.objects.count(),
        sorted(selectors.job_stage_counts([live.pk])[live.pk].items()),
        (live.opens_on, live.closes_on),
    )


def test_load_demo_twice_changes_nothing(demo):
    before = _snapshot()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _snapshot() == before


# --- the open job's work in progress --------------------------------------------------------


def _live_stage_counts(job):
    counts = selectors.job_stage_counts([job.pk])[job.pk]
    return {stage.name: counts[stage.pk] for stage in job.stages.all() if counts[stage.pk]}


def test_the_open_job_has_work_at_every_early_stage(demo):
    job = live_job()
    assert job.status == "open" and selectors.job_is_accepting(job)
    assert _live_stage_counts(job) == {
        "Application received": 4,
        "Preliminary screening": 4,
        "Written examination": 2,
        "Interview round 1": 2,
    }
    assert set(job.applications.values_list("status", flat=True)) == {"active"}


def test_the_open_jobs_applicants_are_varied_and_came_by_three_channels(demo):
    applications = live_job().applications.select_related("candidate", "source", "cv")
    assert {a.source.slug for a in applications} == {"careers", "linkedin", "referral"}
    assert len({a.candidate.nationality.code for a in applications}) >= 8
    for application in applications:
        assert application.cv.parse_status == "parsed"
        parsed_name = application.cv.parsed["name"]["value"] or ""
        assert parsed_name.casefold() == application.candidate.full_name.casefold()
    # None of them is an applicant of the 2018 story.
    story = Application.objects.filter(job__reference__in=[STAFF_REF, EXPERT_REF])
    assert not applications.filter(candidate__in=story.values("candidate")).exists()


def test_the_open_jobs_history_is_of_the_last_weeks(demo):
    job = live_job()
    now = timezone.now()
    today = timezone.localdate()
    assert job.opens_on < today < job.closes_on
    for application in job.applications.all():
        times = list(application.events.values_list("at", flat=True))
        assert times == sorted(times)
        assert job.opens_on <= timezone.localdate(times[0]) and times[-1] < now
        assert now - times[0] < dt.timedelta(days=28)


def test_the_first_two_had_the_exam_waived_by_an_override(demo):
    overrides = StageEvent.objects.filter(application__job=live_job(), is_override=True)
    assert overrides.count() == 2
    assert {e.to_stage.name for e in overrides} == {"Interview round 1"}
    assert {e.from_stage.name for e in overrides} == {"Preliminary screening"}
    assert all(e.reason.startswith("Written examination waived") for e in overrides)


def test_every_demo_application_keeps_the_consent_its_applicant_gave(demo):
    consents = ConsentRecord.objects.filter(purpose=ConsentRecord.Purpose.APPLICATION)
    assert consents.count() == Application.objects.count()
    given = {c.application_id: c.given_at for c in consents}
    for application in Application.objects.only("pk", "submitted_at"):
        assert given[application.pk] == application.submitted_at
    assert all(c.text and c.text_version for c in consents)  # the words they saw, kept
