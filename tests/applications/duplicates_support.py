"""Helpers for the tests of possible duplicates: a flagged pair and its state."""

from django.urls import reverse

from applications import services
from applications.models import Application, PossibleDuplicate
from tests.factories import CandidateFactory, make_application, make_job

OPEN = PossibleDuplicate.Resolution.OPEN
SAME = PossibleDuplicate.Resolution.SAME_PERSON
DISTINCT = PossibleDuplicate.Resolution.DISTINCT
MERGED = PossibleDuplicate.Resolution.MERGED


def flagged_pair(n: int = 0) -> tuple[Application, Application, PossibleDuplicate]:
    """One person on file (with an application), then a look-alike under another e-mail who
    applies to another job and is flagged the way the submission service flags them."""
    phone = f"+49 30 {7000 + n}"
    existing = CandidateFactory(full_name=f"Anna Müller {n}", email=f"anna{n}@old.org", phone=phone)
    old_app = make_application(job=make_job(title="Data steward"), candidate=existing)
    new = CandidateFactory.create(
        full_name=f"Anna Muller {n}", email=f"anna{n}@new.org", phone=phone
    )
    new_app = make_application(job=make_job(title="Programme officer"), candidate=new)
    (flag,) = services.candidate_flag_duplicates(candidate=new)
    return new_app, old_app, flag


def flag_state(flag: PossibleDuplicate) -> tuple:
    flag.refresh_from_db()
    return (flag.resolution, flag.resolution_note, flag.resolved_by_id, flag.resolved_at)


def resolve_url(flag: PossibleDuplicate) -> str:
    return reverse("hr-duplicate-resolve", args=[flag.pk])
