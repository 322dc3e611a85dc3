"""Resolving a possible duplicate, and the row invariant (applications/services/candidates.py)."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications import services
from applications.models import PossibleDuplicate
from ats.errors import ConflictError, InvalidInput
from tests.applications.duplicates_support import DISTINCT, OPEN, SAME, flag_state, flagged_pair

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
