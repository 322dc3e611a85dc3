"""People with data on file for the privacy tests: a candidate with a CV, a cover letter,
answers, a status link and a duplicate flag."""

import uuid

import pytest
from django.utils import timezone

from applications import services
from applications.models import Candidate, PossibleDuplicate, Submission
from tests.applications.cv_support import make_cv
from tests.factories import CandidateFactory, make_application, make_job


def person_on_file(name: str, email: str, phone: str, *, job=None):
    """An application of a new candidate, with everything a person leaves behind on applying."""
    candidate = CandidateFactory.create(full_name=name, email=email, phone=phone)
    application = make_application(candidate=candidate, job=job or make_job())
    application.answers = {"motivation": f"I am {name}"}
    application.save(update_fields=["answers"])
    Submission.objects.create(
        application=application,
        key=uuid.uuid4(),
        cover_letter=f"Dear team, I am {name}, reach me at {email}.",
        consent_text="I agree.",
        consented_at=timezone.now(),
        ip_address="192.0.2.7",
    )
    # Plain text, so that a scan of the files can read the person in it.
    make_cv(
        application,
        data=f"{name}\n{email}\n{phone}\n".encode(),
        content_type="text/plain",
        text=f"{name}\n{email}\n{phone}",
        original_name=f"{name}.txt",
    )
    services.status_token_issue(application=application)
    return application


@pytest.fixture
def zofia(db):
    return person_on_file("Zofia Quarterbridge", "zofia.q@example.org", "+48 601 234 567")


@pytest.fixture
def ming(db):
    return person_on_file("Ming Oakhollow", "ming.o@example.cn", "+86 139 1111 2222")


@pytest.fixture
def flagged(zofia, ming):
    return PossibleDuplicate.objects.create(
        candidate=ming.candidate, existing=zofia.candidate, reason="same phone"
    )


def fresh(candidate: Candidate) -> Candidate:
    return Candidate.objects.get(pk=candidate.pk)
