"""Panels: conflict of interest before scoring, replacing and removing members."""

import pytest

from ats.errors import DomainError
from interviews import services
from interviews.models import ConflictStatus, ScorecardStatus
from tests.factories import UserFactory
from tests.interviews.conftest import beijing, confirm, score

pytestmark = pytest.mark.django_db


def test_no_conflict_is_recorded_with_its_time(held, interviewer):
    seat = confirm(held, interviewer)
    assert seat.conflict_status == ConflictStatus.NONE and seat.conflict_at is not None


def test_declared_conflict_is_recorded_with_its_note(held, interviewer):
    seat = held.panel.get(interviewer=interviewer)
    declared = services.panel_member_declare_conflict(
        actor=interviewer, member=seat, note="She was my PhD student"
    )
    assert (declared.conflict_status, declared.conflict_note) == (
        ConflictStatus.DECLARED,
        "She was my PhD student",
    )
    assert declared.conflict_at is not None


def test_a_declaration_needs_a_note(held, interviewer):
    seat = held.panel.get(interviewer=interviewer)
    with pytest.raises(DomainError, match="what the conflict is"):
        services.panel_member_declare_conflict(actor=interviewer, member=seat, note="  ")


def test_nobody_answers_for_another_member(held, interviewer, other_interviewer, hr_user):
    seat = held.panel.get(interviewer=interviewer)
    for actor in (other_interviewer, hr_user):
        with pytest.raises(DomainError, match="answer for themselves"):
            services.panel_member_confirm_no_conflict(actor=actor, member=seat)


def test_hr_replaces_a_conflicted_member(held, hr_user, interviewer, third_interviewer):
    old = held.panel.get(interviewer=interviewer)
    services.panel_member_declare_conflict(actor=interviewer, member=old, note="Former colleague")
    new = services.panel_member_replace(
        actor=hr_user, member=old, replacement=third_interviewer, notify=False
    )
    old.refresh_from_db()
    assert (old.removed_at is not None, old.replaced_by_id, old.removed_by_id) == (
        True,
        new.pk,
        hr_user.pk,
    )
    assert new.interviewer == third_interviewer and new.conflict_status == "unconfirmed"
    held.refresh_from_db()
    assert held.ical_sequence == 1
    with pytest.raises(DomainError, match="Only the panel can score"):
        services.scorecard_save(actor=interviewer, interview=held)


def test_after_the_interview_hr_can_remove_a_member(held, hr_user, interviewer, other_interviewer):
    score(held, interviewer)  # the interview is now completed
    late = held.panel.get(interviewer=other_interviewer)
    services.panel_member_declare_conflict(
        actor=other_interviewer, member=late, note="Realised she is a former co-author"
    )
    removed = services.panel_member_remove(actor=hr_user, member=late, reason="Conflict")
    assert (removed.removed_by, removed.removal_reason) == (hr_user, "Conflict")
    assert [m.interviewer for m in held.panel.filter(removed_at__isnull=True)] == [interviewer]


def test_after_the_interview_hr_can_replace_a_member_and_nobody_is_invited(
    held,
    hr_user,
    interviewer,
    other_interviewer,
    third_interviewer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    score(held, interviewer)  # the interview is now completed
    late = held.panel.get(interviewer=other_interviewer)
    services.panel_member_declare_conflict(
        actor=other_interviewer, member=late, note="Realised she is a former co-author"
    )
    with django_capture_on_commit_callbacks(execute=True):
        new = services.panel_member_replace(
            actor=hr_user, member=late, replacement=third_interviewer
        )
    late.refresh_from_db()
    assert (late.removed_at is not None, late.replaced_by_id) == (True, new.pk)
    # A calendar invitation to a meeting that is over helps nobody.
    assert mailoutbox == []
    assert score(held, third_interviewer).status == ScorecardStatus.SUBMITTED


def test_a_cancelled_interview_keeps_its_panel(held, hr_user, interviewer, third_interviewer):
    services.interview_cancel(actor=hr_user, interview=held, notify=False)
    with pytest.raises(DomainError, match="is cancelled; it cannot be changed"):
        services.panel_member_replace(
            actor=hr_user,
            member=held.panel.get(interviewer=interviewer),
            replacement=third_interviewer,
        )
    with pytest.raises(DomainError, match="is cancelled; it cannot be changed"):
        services.panel_member_add(actor=hr_user, interview=held, interviewer=third_interviewer)


def test_a_member_who_submitted_is_not_removed(held, hr_user, interviewer):
    score(held, interviewer)
    with pytest.raises(DomainError, match="has submitted a scorecard and stays on the panel"):
        services.panel_member_remove(
            actor=hr_user, member=held.panel.get(interviewer=interviewer), reason="x"
        )


def test_the_last_member_is_not_removed(held, hr_user, interviewer, other_interviewer):
    services.panel_member_remove(
        actor=hr_user, member=held.panel.get(interviewer=interviewer), reason="Ill"
    )
    with pytest.raises(DomainError, match="last member of the panel"):
        services.panel_member_remove(
            actor=hr_user, member=held.panel.get(interviewer=other_interviewer), reason="Ill"
        )


def test_replacement_is_checked_for_double_booking(
    held, hr_user, in_round, schedule, interviewer, other_interviewer, third_interviewer
):
    fourth = UserFactory(username="erin", first_name="Erin", groups=["interviewer"])
    schedule(in_round("Li Na"), [third_interviewer, fourth], start=beijing(2019, 2, 14, 10, 30))
    with pytest.raises(DomainError, match="already on the panel of “Interview round 1 – Li Na”"):
        services.panel_member_replace(
            actor=hr_user,
            member=held.panel.get(interviewer=interviewer),
            replacement=third_interviewer,
        )
