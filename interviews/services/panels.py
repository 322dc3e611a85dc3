"""Interview panels: HR adds, replaces and removes members; a member answers the
conflict-of-interest question for their own seat.

The panel of a live interview can change before and after it is held: a member who submitted
stays, everyone else can be replaced or removed, and a member can be added (the round needs at
least its minimum panel of scorecards, see `selectors.round_refusal`). Invitations, updates and
cancellations go out only while the interview is still ahead: after it, a calendar entry for a
meeting that is over helps nobody; the new member finds it among their interviews.
"""

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ats.actors import Actor, acting_user, require_hr
from ats.errors import DomainError
from ats.roles import is_interviewer
from interviews import selectors
from interviews.models import (
    ConflictStatus,
    Interview,
    InterviewStatus,
    PanelMember,
    Scorecard,
    ScorecardStatus,
)
from interviews.services.notices import interview_notice_queue
from interviews.services.scheduling import (
    check_double_booking,
    ensure_live,
    lock_interview,
    lock_people,
)


def panel_member_add(
    *, actor: Actor, interview: Interview, interviewer: User, notify: bool = True
) -> PanelMember:
    """Add an interviewer to a live interview's panel (checked for double-booking), before it
    or after it (a member who took part but was not on the panel, or one the round needs).

    Side effects while the interview is ahead: an invitation to the new member; an update to
    the others, on commit.
    """
    require_hr(actor, _("change panels"))
    with transaction.atomic():
        current = lock_interview(interview)
        ensure_live(current, _("changed"))
        member = _seat(current, interviewer)
        if notify and _ahead(current):
            _notify_panel_change(current, added=member, removed=None)
    return member


def panel_member_replace(
    *, actor: Actor, member: PanelMember, replacement: User, notify: bool = True
) -> PanelMember:
    """Replace a panel member (after a declared conflict, or when they cannot come), before
    or after the interview; not a member who submitted a scorecard.

    The old seat is kept, marked removed and pointing at the new one. Side effects while the
    interview is ahead: an invitation to the new member, a cancellation to the old one, an
    update to the others, on commit. Returns the new seat.
    """
    require_hr(actor, _("change panels"))
    with transaction.atomic():
        current = lock_interview(member.interview)
        ensure_live(current, _("changed"))
        old = _removable(current, member)
        new = _seat(current, replacement)
        old.removed_at = timezone.now()
        old.removed_by = acting_user(actor)
        old.replaced_by = new
        old.save(update_fields=["removed_at", "removed_by", "replaced_by"])
        if notify and _ahead(current):
            _notify_panel_change(current, added=new, removed=old)
    return new


def panel_member_remove(
    *, actor: Actor, member: PanelMember, reason: str, notify: bool = True
) -> PanelMember:
    """Take a member off the panel without a replacement (a conflict that came to light after
    the interview). Their draft no longer counts and the round waits for the others; below
    the round's minimum panel it waits for a member HR adds. Refused for a member who
    submitted, and for the last member. Side effects: when the interview is still ahead, a
    cancellation to them."""
    require_hr(actor, _("change panels"))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the member leaves the panel."), field="reason")
    with transaction.atomic():
        current = lock_interview(member.interview)
        ensure_live(current, _("changed"))
        seat = _removable(current, member)
        if len(selectors.active_panel(current)) <= 1:
            raise DomainError(
                _("%(name)s is the last member of the panel; replace them instead.")
                % {"name": selectors.person_name(seat.interviewer)},
                code="last_member",
            )
        seat.removed_at = timezone.now()
        seat.removed_by = acting_user(actor)
        seat.removal_reason = reason
        seat.save(update_fields=["removed_at", "removed_by", "removal_reason"])
        if notify and _ahead(current):
            current.ical_sequence += 1
            current.save(update_fields=["ical_sequence", "updated_at"])
            interview_notice_queue(
                current, "removal", user_ids=[seat.interviewer_id], candidate=False
            )
    return seat


def _ahead(interview: Interview) -> bool:
    """Still to be held: panel changes are then sent as calendar updates."""
    return interview.status == InterviewStatus.SCHEDULED and interview.starts_at > timezone.now()


def _seat(interview: Interview, interviewer: User) -> PanelMember:
    """Give `interviewer` a seat on a locked interview's panel (a removed seat comes back)."""
    _check_panel_candidate(interview, interviewer)
    lock_people(interview.application.candidate, [interviewer])
    check_double_booking(
        starts_at=interview.starts_at,
        ends_at=interview.ends_at,
        zone=interview.zone,
        candidate=interview.application.candidate,
        interviewers=[interviewer],
        ignore=interview,
    )
    member, created = PanelMember.objects.get_or_create(
        interview=interview, interviewer=interviewer
    )
    if not created:
        member.removed_at = member.removed_by = member.replaced_by = None
        member.conflict_status = ConflictStatus.UNCONFIRMED
        member.conflict_note, member.conflict_at = "", None
        member.added_at = timezone.now()
        member.save()
    interview.ical_sequence += 1
    interview.save(update_fields=["ical_sequence", "updated_at"])
    return member


def _check_panel_candidate(interview: Interview, interviewer: User) -> None:
    if not is_interviewer(interviewer):
        raise DomainError(
            _("Only interviewers can sit on a panel: %(names)s is not one.")
            % {"names": selectors.person_name(interviewer)},
            code="not_interviewer",
            field="interviewer",
        )
    if any(m.interviewer_id == interviewer.pk and m.is_active for m in interview.panel.all()):
        raise DomainError(
            _("%(name)s is already on this panel.") % {"name": selectors.person_name(interviewer)},
            code="already_on_panel",
            field="interviewer",
        )


def _notify_panel_change(
    interview: Interview, *, added: PanelMember | None, removed: PanelMember | None
) -> None:
    others = [
        m.interviewer_id
        for m in PanelMember.objects.filter(interview=interview, removed_at__isnull=True)
        if not added or m.pk != added.pk
    ]
    if added is not None:
        interview_notice_queue(
            interview, "invitation", user_ids=[added.interviewer_id], candidate=False
        )
    if removed is not None:
        interview_notice_queue(
            interview, "removal", user_ids=[removed.interviewer_id], candidate=False
        )
    if others:
        interview_notice_queue(interview, "update", user_ids=others, candidate=False)


def _removable(interview: Interview, member: PanelMember) -> PanelMember:
    seat = PanelMember.objects.select_related("interviewer").get(pk=member.pk)
    if seat.interview_id != interview.pk or not seat.is_active:
        raise DomainError(
            _("%(name)s is no longer on this panel.")
            % {"name": selectors.person_name(seat.interviewer)},
            code="not_on_panel",
        )
    if Scorecard.objects.filter(
        interview=interview, interviewer=seat.interviewer, status=ScorecardStatus.SUBMITTED
    ).exists():
        raise DomainError(
            _("%(name)s has submitted a scorecard and stays on the panel.")
            % {"name": selectors.person_name(seat.interviewer)},
            code="scorecard_submitted",
        )
    return seat


# --- the member's own answer ---------------------------------------------------------------


def _own_seat(actor: Actor, member: PanelMember) -> PanelMember:
    """The member's seat, locked, if `actor` is that member and may still answer: the one
    rule for a seat (nobody, HR included, answers for another member)."""
    seat = (
        PanelMember.objects.select_for_update()
        .select_related("interview__application__candidate")
        .get(pk=member.pk)
    )
    user = acting_user(actor)
    if user is None or seat.interviewer_id != user.pk:
        raise DomainError(_("Only the panel member can answer for themselves."), code="forbidden")
    if not seat.is_active:
        raise DomainError(_("You are no longer on this panel."), code="not_on_panel")
    if Scorecard.objects.filter(
        interview_id=seat.interview_id, interviewer=user, status=ScorecardStatus.SUBMITTED
    ).exists():
        raise DomainError(
            _("Your scorecard is submitted; the conflict-of-interest answer stands."),
            code="scorecard_submitted",
        )
    return seat


@transaction.atomic
def panel_member_confirm_no_conflict(
    *, actor: Actor, member: PanelMember, at: datetime | None = None
) -> PanelMember:
    """The panel member confirms they have no conflict of interest with the candidate (which
    lets them score). Recorded with its time."""
    seat = _own_seat(actor, member)
    if seat.conflict_status == ConflictStatus.NONE:
        return seat
    seat.conflict_status = ConflictStatus.NONE
    seat.conflict_note = ""
    seat.conflict_at = at or timezone.now()
    seat.save(update_fields=["conflict_status", "conflict_note", "conflict_at"])
    return seat


@transaction.atomic
def panel_member_declare_conflict(
    *, actor: Actor, member: PanelMember, note: str, at: datetime | None = None
) -> PanelMember:
    """The panel member declares a conflict of interest (with what it is); they cannot score,
    and HR replaces them. Recorded with its time."""
    note = note.strip()
    if not note:
        raise DomainError(
            _("Say briefly what the conflict is (e.g. “former colleague”)."), field="note"
        )
    seat = _own_seat(actor, member)
    seat.conflict_status = ConflictStatus.DECLARED
    seat.conflict_note = note
    seat.conflict_at = at or timezone.now()
    seat.save(update_fields=["conflict_status", "conflict_note", "conflict_at"])
    return seat
