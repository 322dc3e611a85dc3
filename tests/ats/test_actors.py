"""Who may act: users, the applicant through their link, named system actors (ats/actors.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from applications import services, workflow
from applications.models import ApplicationStatus, Candidate
from ats.actors import (
    DEMO,
    SYSTEM,
    ApplicantActor,
    SystemActor,
    acting_user,
    actor_label,
    is_applicant_of,
    require_hr,
)
from ats.errors import DomainError
from tests.factories import channel, make_application, make_job

pytestmark = pytest.mark.django_db


def test_hr_and_the_system_pass_the_hr_check(hr_user):
    require_hr(hr_user, "move applications")
    require_hr(SYSTEM, "move applications")
    require_hr(DEMO)


@pytest.mark.parametrize("who", ["interviewer", "anonymous", "applicant"])
def test_everybody_else_is_refused_with_the_action_named(interviewer, who):
    actor = {
        "interviewer": interviewer,
        "anonymous": AnonymousUser(),
        "applicant": ApplicantActor(1),
    }[who]
    with pytest.raises(DomainError, match="Only HR staff may move applications") as caught:
        require_hr(actor, "move applications")
    assert caught.value.code == "forbidden"


def test_a_judgement_needs_a_person_not_the_system(hr_user):
    require_hr(hr_user, "record screening decisions", person=True)
    with pytest.raises(DomainError, match="record screening decisions"):
        require_hr(SystemActor("screening rules"), "record screening decisions", person=True)


def test_only_a_person_on_the_staff_is_recorded_in_audit_columns(hr_user):
    assert acting_user(hr_user) == hr_user
    assert acting_user(SYSTEM) is None
    assert acting_user(ApplicantActor(7)) is None
    assert acting_user(AnonymousUser()) is None


def test_every_actor_has_a_name_for_pages(hr_user):
    hr_user.first_name, hr_user.last_name = "Li", "Wei"
    assert actor_label(hr_user) == "Li Wei"
    assert actor_label(DEMO) == "demo"
    assert actor_label(ApplicantActor(3)) == "the applicant"


def test_the_applicant_acts_only_on_their_own_application():
    assert is_applicant_of(ApplicantActor(5), 5)
    assert not is_applicant_of(ApplicantActor(5), 6)
    assert not is_applicant_of(SYSTEM, 5)


def test_an_applicant_withdraws_their_own_application_but_not_another():
    mine, other = make_application(), make_application()
    with pytest.raises(DomainError, match="withdraw applications on an applicant's behalf"):
        workflow.withdraw(other, actor=ApplicantActor(mine.pk))
    assert workflow.withdraw(mine, actor=ApplicantActor(mine.pk)).status == (
        ApplicationStatus.WITHDRAWN
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda actor, job: services.job_update(job=job, actor=actor, title="New title"),
        lambda actor, job: services.posting_add(
            job=job, actor=actor, channel=channel("linkedin"), posted_on=job.opens_on
        ),
        lambda actor, job: services.job_questions_replace(job=job, actor=actor, questions=[]),
        lambda actor, job: services.job_stages_replace(job=job, actor=actor, stages=[]),
        lambda actor, job: services.pipeline_template_save(actor=actor, name="X", stages=[]),
        lambda actor, job: services.candidate_create(
            actor=actor, full_name="Ana Lima", email="ana@example.org"
        ),
    ],
    ids=["job_update", "posting_add", "questions", "stages", "template", "candidate_create"],
)
def test_hr_services_refuse_an_interviewer_and_change_nothing(interviewer, call):
    job = make_job(title="Data steward")
    with pytest.raises(DomainError) as caught:
        call(interviewer, job)
    assert caught.value.code == "forbidden"
    job.refresh_from_db()
    assert job.title == "Data steward" and not job.postings.exists()
    assert not Candidate.objects.filter(email="ana@example.org").exists()
