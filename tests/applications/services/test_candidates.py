"""Resolving a possible duplicate, and the row invariant (applications/services/candidates.py)."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications import services
from applications.models import PossibleDuplicate
from ats.errors import ConflictError, InvalidInput
from tests.applications.duplicates_support import DISTINCT, OPEN, SAME, flag_state, flagged_pair
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def test_service_refuses_open_and_unknown_resolutions(hr_user):
    _new_app, _old_app, flag = flagged_pair()
    before = flag_state(flag)
    for resolution in (OPEN, "merge", ""):
        with pytest.raises(InvalidInput) as refused:
            services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=resolution)
        assert "resolution" in refused.value.errors
    assert flag_state(flag) == before


def test_service_refuses_a_note_that_is_too_long(hr_user):
    _new_app, _old_app, flag = flagged_pair()
    before = flag_state(flag)
    with pytest.raises(InvalidInput) as refused:
        services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=SAME, note="x" * 2001)
    assert list(refused.value.errors) == ["note"]
    assert flag_state(flag) == before


def test_service_refuses_to_resolve_twice(hr_user):
    _new_app, _old_app, flag = flagged_pair()
    services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=SAME, note="checked")
    before = flag_state(flag)
    with pytest.raises(ConflictError) as refused:
        services.duplicate_resolve(duplicate=flag, actor=hr_user, resolution=DISTINCT)
    assert refused.value.code == "already_resolved"
    assert "already resolved (same person)" in refused.value.message
    assert flag_state(flag) == before


@pytest.mark.parametrize(
    "fields",
    [
        {"resolution": SAME},  # resolved, but by nobody at no time
        {"resolution": SAME, "resolved_at": timezone.now()},  # nobody
        {"resolution": DISTINCT, "with_user": True},  # no time
        {"resolution": OPEN, "resolved_at": timezone.now()},  # open with a time
        {"resolution": OPEN, "with_user": True},  # open with a person
        {"resolution": "merged", "resolved_at": timezone.now()},  # a merge names who merged
        {"resolution": "unknown", "resolved_at": timezone.now(), "with_user": True},
    ],
)
def test_constraint_keeps_resolution_who_and_when_together(hr_user, fields):
    _new_app, _old_app, flag = flagged_pair()
    fields = dict(fields)
    if fields.pop("with_user", False):
        fields["resolved_by"] = hr_user
    with pytest.raises(IntegrityError), transaction.atomic():
        PossibleDuplicate.objects.filter(pk=flag.pk).update(**fields)
    assert flag_state(flag)[0] == OPEN


def test_constraint_accepts_a_complete_resolution(hr_user):
    _new_app, _old_app, flag = flagged_pair()
    PossibleDuplicate.objects.filter(pk=flag.pk).update(
        resolution=DISTINCT, resolved_by=hr_user, resolved_at=timezone.now()
    )
    assert flag_state(flag)[0] == DISTINCT


def test_flags_namesakes_of_a_candidate_without_phone_newest_first_once():
    namesakes = CandidateFactory.create_batch(7, full_name="Li Na", nationality="CN", phone="")
    new = CandidateFactory(full_name="Li Na", nationality="CN", phone="")
    flags = services.candidate_flag_duplicates(candidate=new)
    assert [f.existing_id for f in flags] == [c.pk for c in reversed(namesakes)][:5]
    assert all(f.pk for f in flags)
    # Called again, it flags only the namesakes not flagged yet.
    again = services.candidate_flag_duplicates(candidate=new)
    assert [f.existing_id for f in again] == [namesakes[1].pk, namesakes[0].pk]
    assert PossibleDuplicate.objects.filter(candidate=new).count() == 7


def test_no_phone_and_no_nationality_flags_nobody():
    CandidateFactory(full_name="Sam Lee", nationality="", phone="")
    new = CandidateFactory(full_name="Sam Lee", nationality="", phone="")
    assert services.candidate_flag_duplicates(candidate=new) == []
