"""Acceptance: `apply_retention` on the demo erases the expired 2018 applicants who were not
hired, and nobody else; a second run and a dry run change nothing."""

import io

import pytest
from django.core.management import call_command

from applications.demo import EXPERT_REF, STAFF_REF
from applications.models import Application, Candidate, JobOpening

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def _people() -> list[tuple]:
    return list(Candidate.objects.order_by("pk").values_list("pk", "full_name", "email", "phone"))


def _expired_2018_not_hired() -> set[int]:
    old_jobs = JobOpening.objects.filter(reference__in=[STAFF_REF, EXPERT_REF])
    in_2018 = set(
        Application.objects.filter(job__in=old_jobs).values_list("candidate_id", flat=True)
    )
    elsewhere = set(
        Application.objects.exclude(job__in=old_jobs).values_list("candidate_id", flat=True)
    )
    hired = set(Application.objects.filter(status="hired").values_list("candidate_id", flat=True))
    live = set(
        Application.objects.filter(status="active")
        .exclude(job__status="closed")
        .values_list("candidate_id", flat=True)
    )
    return in_2018 - elsewhere - hired - live


def test_dry_run_lists_the_expired_and_changes_nothing(demo):
    before = _people()

    output = _run("--dry-run")

    assert _people() == before
    assert f"Would erase {len(_expired_2018_not_hired())} candidate(s)" in output


def test_retention_erases_the_expired_2018_applicants_not_hired_and_only_them(demo):
    expected = _expired_2018_not_hired()
    assert len(expected) > 100

    output = _run()

    erased = set(Candidate.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == expected
    assert f"[{len(expected)}/{len(expected)}] erased candidate" in output
    hired = Candidate.objects.filter(applications__status="hired")
    assert not hired.filter(erased_at__isnull=False).exists()
    after = _people()
    assert _run().endswith("Erased 0 candidate(s); 0 kept by a hold.\n")
    assert _people() == after
