"""Business actions of interviews: rounds, scheduling, panels, scorecards, round decisions, mail.

Every write here is one transaction; e-mails (invitations with .ics files, reminders) go out
from Celery tasks enqueued on commit.
"""

import functools
import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import workflow
from applications.models import (
    Application,
    ApplicationStatus,
    Candidate,
    JobOpening,
    JobStage,
    RejectionReason,
    StageKind,
)
from ats import ics
from ats.actors import acting_user, require_hr
from ats.errors import DomainError, InvalidInput, full_clean
from ats.roles import is_interviewer
from interviews import selectors
from interviews.defaults import default_criteria
from interviews.models import (
    LIVE_STATUSES,
    SCALE,
    ConflictStatus,
    Criterion,
    Interview,
    InterviewRound,
    InterviewStatus,
    PanelMember,
    Rating,
    Recommendation,
    RoundDecision,
    RoundOutcome,
    Scorecard,
    ScorecardReopening,
    ScorecardStatus,
)

logger = logging.getLogger(__name__)
User = get_user_model()

DEFAULT_REJECTION = "interview-performance"
REMINDER_AFTER = timedelta(hours=24)


def _name(user: Any) -> str:
    return selectors.person_name(user)


# --- rounds --------------------------------------------------------------------------------


def rounds_ensure_for_job(*, job: JobOpening, actor: Any = None) -> list[InterviewRound]:
    """The job's interview rounds, one per interview stage in order; the missing ones are
    created with the default criteria (round 1 and round 2 sets). Idempotent, safe when two
    requests create them at once. A job with no interview stage has no rounds."""
    stages = list(JobStage.objects.filter(job=job, kind=StageKind.INTERVIEW).order_by("position"))
    existing = set(
        InterviewRound.objects.filter(stage__in=stages).values_list("stage_id", flat=True)
    )
    for number, stage in enumerate(stages, start=1):
        if stage.pk in existing:
            continue
        try:
            with transaction.atomic():
                round_ = InterviewRound.objects.create(stage=stage, name=stage.name)
                Criterion.objects.bulk_create(
                    Criterion(round=round_, position=position, **spec)
                    for position, spec in enumerate(default_criteria(number))
                )
        except IntegrityError:
            # Created meanwhile by another request: that one stands.
            if not InterviewRound.objects.filter(stage=stage).exists():
                raise
    return selectors.job_rounds(job)


CRITERION_FIELDS = ("name", "description", "weight", *(f"anchor_{p}" for p in SCALE))


def round_update(
    *,
    actor: Any,
    round: InterviewRound,
    name: str,
    min_panel_size: int,
    criteria: Sequence[dict[str, Any]],
) -> InterviewRound:
    """Rename the round, set its minimum panel size and replace its criteria list.

    Each criterion is `{"id": existing id or absent, "name", "description", "weight",
    "anchor_1" … "anchor_5"}` in the new order. A criterion that has ratings cannot be removed.
    """
    require_hr(actor, _("set up interview rounds"))
    errors: dict[str, list[str]] = {}
    name = name.strip()
    if not name:
        errors["name"] = [_("Give the round a name.")]
    if not criteria:
        errors["criteria"] = [_("A round needs at least one criterion.")]
    names = [str(c.get("name", "")).strip().casefold() for c in criteria]
    duplicates = sorted({n for n in names if n and names.count(n) > 1})
    if duplicates:
        errors["criteria"] = [
            _("Two criteria have the same name: %(names)s.") % {"names": ", ".join(duplicates)}
        ]
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        current = InterviewRound.objects.select_for_update().get(pk=round.pk)
        current.name = name
        current.min_panel_size = min_panel_size
        full_clean(current, exclude=["stage"])
        current.save(update_fields=["name", "min_panel_size", "updated_at"])
        existing = {c.pk: c for c in Criterion.objects.filter(round=current)}
        keep = {c.get("id") for c in criteria if c.get("id")}
        if not keep <= set(existing):
            raise DomainError(_("A criterion in the list belongs to another round."))
        removed = set(existing) - keep
        rated = [
            existing[pk].name for pk in removed if Rating.objects.filter(criterion_id=pk).exists()
        ]
        if rated:
            raise DomainError(
                _("Criteria that have ratings cannot be removed: %(names)s.")
                % {"names": ", ".join(sorted(rated))},
                field="criteria",
            )
        Criterion.objects.filter(pk__in=removed).delete()
        # Names are unique per round: park the kept rows first, so that two can swap names.
        for pk in keep:
            Criterion.objects.filter(pk=pk).update(name=f"__moving__{pk}")
        for position, spec in enumerate(criteria):
            criterion = existing.get(spec.get("id")) or Criterion(round=current)
            criterion.position = position
            for field in CRITERION_FIELDS:
                value = spec.get(field, "")
                setattr(criterion, field, value.strip() if isinstance(value, str) else value)
            full_clean(criterion, exclude=["round"])
            criterion.save()
    return selectors.round_list().get(pk=current.pk)


# --- scheduling ----------------------------------------------------------------------------


@functools.cache
def time_zone_names() -> list[str]:
    """The IANA zones an interview can be planned in, the default one first."""
    names = sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/"))
    return [settings.TIME_ZONE, *[z for z in names if z != settings.TIME_ZONE]]


def time_zone_from_name(name: str) -> ZoneInfo:
    """The zone of an IANA name, or a domain error on the `time_zone` field."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError(
            _("“%(zone)s” is not a time zone; use a name like Asia/Shanghai.") % {"zone": name},
            code="bad_time_zone",
            field="time_zone",
        ) from None


def interview_title(interview: Interview) -> str:
    """What people call an interview: “Interview round 1 – Priya Menon”."""
    return f"{interview.round.name} – {interview.application.candidate.full_name}"


def _span(interview: Interview, zone: ZoneInfo) -> dict[str, str]:
    start, end = interview.starts_at.astimezone(zone), interview.ends_at.astimezone(zone)
    return {
        "start": formats.time_format(start, "H:i"),
        "end": formats.time_format(end, "H:i"),
        "day": formats.date_format(start, "j M Y"),
        "title": interview_title(interview),
    }


def _check_double_booking(
    *,
    starts_at: datetime,
    ends_at: datetime,
    zone: ZoneInfo,
    candidate: Candidate,
    interviewers: Iterable[Any],
    ignore: Interview | None = None,
) -> None:
    """Refuse when the candidate or a panel member already has an interview (not cancelled)
    overlapping this one; the message names the clashing interview and its time."""
    people = {u.pk: u for u in interviewers}
    clashes = selectors.overlapping(starts_at, ends_at)
    if ignore is not None:
        clashes = clashes.exclude(pk=ignore.pk)
    clashes = clashes.filter(
        Exists(
            PanelMember.objects.filter(
                interview=OuterRef("pk"), interviewer_id__in=list(people), removed_at__isnull=True
            )
        )
        | Exists(
            Application.objects.filter(pk=OuterRef("application_id"), candidate_id=candidate.pk)
        )
    ).prefetch_related("panel")
    for clash in clashes:
        span = _span(clash, zone)
        if clash.application.candidate_id == candidate.pk:
            raise DomainError(
                _("%(who)s already has “%(title)s” from %(start)s to %(end)s on %(day)s.")
                % {"who": candidate.full_name, **span},
                code="double_booked",
            )
        for member in clash.panel.all():
            if member.is_active and member.interviewer_id in people:
                raise DomainError(
                    _(
                        "%(who)s is already on the panel of “%(title)s” from %(start)s to "
                        "%(end)s on %(day)s."
                    )
                    % {"who": _name(people[member.interviewer_id]), **span},
                    code="double_booked",
                    field="panel",
                )


def _lock_people(candidate: Candidate, users: Iterable[Any]) -> None:
    """Serialise scheduling for the same people (PostgreSQL; SQLite writers queue anyway),
    so two HR users cannot double-book someone between the check and the write."""
    list(Candidate.objects.select_for_update().filter(pk=candidate.pk).values_list("pk"))
    ids = sorted({u.pk for u in users})
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def _check_panel(round_: InterviewRound, panel: Sequence[Any]) -> list[Any]:
    people = list({u.pk: u for u in panel}.values())
    not_interviewers = [_name(u) for u in people if not is_interviewer(u)]
    if not_interviewers:
        raise DomainError(
            _("Only interviewers can sit on a panel: %(names)s is not one.")
            % {"names": ", ".join(not_interviewers)},
            code="not_interviewer",
            field="panel",
        )
    if len(people) < round_.min_panel_size:
        raise DomainError(
            _("%(round)s needs a panel of at least %(n)d; %(given)d chosen.")
            % {"round": round_.name, "n": round_.min_panel_size, "given": len(people)},
            code="panel_too_small",
            field="panel",
        )
    return people


def _check_place(venue: str, video_link: str) -> None:
    if not venue.strip() and not video_link.strip():
        raise DomainError(_("Give a venue or a video link."), code="no_place", field="venue")


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise DomainError(_("Give the times with their time zone."), field="starts_at")
    if ends_at <= starts_at:
        raise DomainError(_("The interview must end after it starts."), field="ends_at")
    if ends_at - starts_at > timedelta(hours=12):
        raise DomainError(_("An interview lasts at most 12 hours."), field="ends_at")


def _enqueue_notice(
    interview: Interview, notice: str, *, user_ids: list[int] | None = None, candidate: bool
) -> None:
    from interviews.tasks import send_interview_notice

    transaction.on_commit(
        lambda: send_interview_notice.delay(interview.pk, notice, user_ids, candidate)
    )


def interview_schedule(
    *,
    actor: Any,
    application: Application,
    round: InterviewRound,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str = "",
    venue: str = "",
    video_link: str = "",
    panel: Sequence[Any],
    notify: bool = True,
    at: datetime | None = None,
) -> Interview:
    """Schedule the application's interview in a round, with its panel.

    Refused when the application is not active in the round's stage, already has an interview
    in the round, the panel is too small or not made of interviewers, or the candidate or a
    panel member is booked at that time. Side effects: one invitation (with an .ics file) to the
    candidate and each panel member, on commit.
    """
    require_hr(actor, _("schedule interviews"))
    zone = time_zone_from_name(time_zone or settings.TIME_ZONE)
    _check_times(starts_at, ends_at)
    _check_place(venue, video_link)
    people = _check_panel(round, panel)
    with transaction.atomic():
        application = Application.objects.select_related("candidate", "stage").get(
            pk=application.pk
        )
        if not application.is_active or application.stage_id != round.stage_id:
            raise DomainError(
                _(
                    "%(name)s is not in “%(stage)s”; only applications in that stage can be "
                    "interviewed in %(round)s."
                )
                % {
                    "name": application.candidate.full_name,
                    "stage": round.stage.name,
                    "round": round.name,
                },
                code="not_in_round",
            )
        _lock_people(application.candidate, people)
        existing = Interview.objects.filter(
            application=application, round=round, status__in=LIVE_STATUSES
        ).first()
        if existing is not None:
            raise DomainError(
                _("%(name)s already has an interview in %(round)s; reschedule that one.")
                % {"name": application.candidate.full_name, "round": round.name},
                code="already_scheduled",
            )
        _check_double_booking(
            starts_at=starts_at,
            ends_at=ends_at,
            zone=zone,
            candidate=application.candidate,
            interviewers=people,
        )
        now = at or timezone.now()
        interview = Interview(
            application=application,
            round=round,
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=str(zone.key),
            venue=venue.strip(),
            video_link=video_link.strip(),
            scheduled_by=acting_user(actor),
            created_at=now,
        )
        full_clean(interview, exclude=["application", "round"])
        interview.save()
        PanelMember.objects.bulk_create(
            PanelMember(interview=interview, interviewer=user, added_at=now) for user in people
        )
        if notify:
            _enqueue_notice(interview, "invitation", candidate=True)
    return interview


def _lock_interview(interview: Interview) -> Interview:
    list(Interview.objects.select_for_update().filter(pk=interview.pk).values_list("pk"))
    return (
        Interview.objects.select_related("application__candidate", "round__stage")
        .prefetch_related("panel__interviewer")
        .get(pk=interview.pk)
    )


def _ensure_scheduled(interview: Interview, action: str) -> None:
    if interview.status != InterviewStatus.SCHEDULED:
        raise DomainError(
            _("This interview is %(status)s; it cannot be %(action)s.")
            % {"status": interview.get_status_display().lower(), "action": action},
            code="not_scheduled",
        )


def interview_reschedule(
    *,
    actor: Any,
    interview: Interview,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str = "",
    venue: str = "",
    video_link: str = "",
    notify: bool = True,
) -> Interview:
    """Move a scheduled interview (time, zone, venue, link); the same double-booking rules.

    Side effects: SEQUENCE+1 and an update of the invitation (same UID) to everyone, on commit.
    """
    require_hr(actor, _("reschedule interviews"))
    zone = time_zone_from_name(time_zone or interview.time_zone)
    _check_times(starts_at, ends_at)
    _check_place(venue, video_link)
    with transaction.atomic():
        current = _lock_interview(interview)
        _ensure_scheduled(current, _("rescheduled"))
        changes = {
            "starts_at": starts_at,
            "ends_at": ends_at,
            "time_zone": str(zone.key),
            "venue": venue.strip(),
            "video_link": video_link.strip(),
        }
        changed = [name for name, value in changes.items() if getattr(current, name) != value]
        if not changed:
            return current
        members = [m.interviewer for m in selectors.active_panel(current)]
        _lock_people(current.application.candidate, members)
        _check_double_booking(
            starts_at=starts_at,
            ends_at=ends_at,
            zone=zone,
            candidate=current.application.candidate,
            interviewers=members,
            ignore=current,
        )
        for name in changed:
            setattr(current, name, changes[name])
        current.ical_sequence += 1
        full_clean(current, exclude=["application", "round"])
        current.save(update_fields=[*changed, "ical_sequence", "updated_at"])
        if notify:
            _enqueue_notice(current, "update", candidate=True)
    return current


def interview_cancel(
    *, actor: Any, interview: Interview, reason: str = "", notify: bool = True
) -> Interview:
    """Cancel a scheduled interview. Side effects: a cancellation (METHOD:CANCEL, same UID) to
    the candidate and each panel member, on commit."""
    require_hr(actor, _("cancel interviews"))
    with transaction.atomic():
        current = _lock_interview(interview)
        _ensure_scheduled(current, _("cancelled"))
        current.status = InterviewStatus.CANCELLED
        current.status_note = reason.strip()
        current.ical_sequence += 1
        current.save(update_fields=["status", "status_note", "ical_sequence", "updated_at"])
        if notify:
            _enqueue_notice(current, "cancellation", candidate=True)
    return current


def interview_no_show(
    *, actor: Any, interview: Interview, note: str = "", at: datetime | None = None
) -> Interview:
    """Record that the candidate did not come. The round then has no held interview: HR
    schedules another one or rejects (reason “Did not attend”)."""
    require_hr(actor, _("record a no-show"))
    with transaction.atomic():
        current = _lock_interview(interview)
        _ensure_scheduled(current, _("marked as a no-show"))
        if (at or timezone.now()) < current.starts_at:
            raise DomainError(
                _("A no-show can be recorded once the interview has started."),
                code="not_started",
            )
        current.status = InterviewStatus.NO_SHOW
        current.status_note = note.strip()
        current.save(update_fields=["status", "status_note", "updated_at"])
    return current


# --- panels --------------------------------------------------------------------------------


def panel_member_add(
    *, actor: Any, interview: Interview, interviewer: Any, notify: bool = True
) -> PanelMember:
    """Add an interviewer to a scheduled interview's panel (checked for double-booking).

    Side effects: an invitation to the new member; an update to the others, on commit.
    """
    require_hr(actor, _("change panels"))
    with transaction.atomic():
        current = _lock_interview(interview)
        _ensure_scheduled(current, _("changed"))
        member = _seat(current, interviewer)
        if notify:
            _notify_panel_change(current, added=member, removed=None)
    return member


def _seat(interview: Interview, interviewer: Any) -> PanelMember:
    """Give `interviewer` a seat on a locked interview's panel (a removed seat comes back)."""
    _check_panel_candidate(interview, interviewer)
    _lock_people(interview.application.candidate, [interviewer])
    _check_double_booking(
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


def _check_panel_candidate(interview: Interview, interviewer: Any) -> None:
    if not is_interviewer(interviewer):
        raise DomainError(
            _("Only interviewers can sit on a panel: %(names)s is not one.")
            % {"names": _name(interviewer)},
            code="not_interviewer",
            field="interviewer",
        )
    if any(m.interviewer_id == interviewer.pk and m.is_active for m in interview.panel.all()):
        raise DomainError(
            _("%(name)s is already on this panel.") % {"name": _name(interviewer)},
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
        _enqueue_notice(interview, "invitation", user_ids=[added.interviewer_id], candidate=False)
    if removed is not None:
        _enqueue_notice(interview, "removal", user_ids=[removed.interviewer_id], candidate=False)
    if others:
        _enqueue_notice(interview, "update", user_ids=others, candidate=False)


def panel_member_replace(
    *, actor: Any, member: PanelMember, replacement: Any, notify: bool = True
) -> PanelMember:
    """Replace a panel member (after a declared conflict, or when they cannot come).

    Only before the interview is held (status scheduled): the new member must be there. The
    old seat is kept, marked removed and pointing at the new one. Side effects: an invitation
    to the new member, a cancellation to the old one, an update to the others, on commit.
    Returns the new seat.
    """
    require_hr(actor, _("change panels"))
    with transaction.atomic():
        current = _lock_interview(member.interview)
        _ensure_scheduled(current, _("changed"))
        old = _removable(current, member)
        new = _seat(current, replacement)
        old.removed_at = timezone.now()
        old.removed_by = acting_user(actor)
        old.replaced_by = new
        old.save(update_fields=["removed_at", "removed_by", "replaced_by"])
        if notify:
            _notify_panel_change(current, added=new, removed=old)
    return new


def panel_member_remove(
    *, actor: Any, member: PanelMember, reason: str, notify: bool = True
) -> PanelMember:
    """Take a member off the panel without a replacement (a conflict that came to light after
    the interview, when nobody else can score it in their place). Their draft no longer counts
    and the round waits for the others only. Refused for a member who submitted, and for the
    last member. Side effects: when the interview is still ahead, a cancellation to them."""
    require_hr(actor, _("change panels"))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the member leaves the panel."), field="reason")
    with transaction.atomic():
        current = _lock_interview(member.interview)
        if not current.is_live:
            _ensure_scheduled(current, _("changed"))
        seat = _removable(current, member)
        if len(selectors.active_panel(current)) <= 1:
            raise DomainError(
                _("%(name)s is the last member of the panel; replace them instead.")
                % {"name": _name(seat.interviewer)},
                code="last_member",
            )
        seat.removed_at = timezone.now()
        seat.removed_by = acting_user(actor)
        seat.removal_reason = reason
        seat.save(update_fields=["removed_at", "removed_by", "removal_reason"])
        if notify and current.status == InterviewStatus.SCHEDULED:
            current.ical_sequence += 1
            current.save(update_fields=["ical_sequence", "updated_at"])
            _enqueue_notice(current, "removal", user_ids=[seat.interviewer_id], candidate=False)
    return seat


def _removable(interview: Interview, member: PanelMember) -> PanelMember:
    seat = PanelMember.objects.select_related("interviewer").get(pk=member.pk)
    if seat.interview_id != interview.pk or not seat.is_active:
        raise DomainError(
            _("%(name)s is no longer on this panel.") % {"name": _name(seat.interviewer)},
            code="not_on_panel",
        )
    if Scorecard.objects.filter(
        interview=interview, interviewer=seat.interviewer, status=ScorecardStatus.SUBMITTED
    ).exists():
        raise DomainError(
            _("%(name)s has submitted a scorecard and stays on the panel.")
            % {"name": _name(seat.interviewer)},
            code="scorecard_submitted",
        )
    return seat


def _own_seat(actor: Any, member: PanelMember) -> PanelMember:
    seat = (
        PanelMember.objects.select_for_update()
        .select_related("interview__application__candidate")
        .get(pk=member.pk)
    )
    if seat.interviewer_id != getattr(actor, "pk", None):
        raise DomainError(_("Only the panel member can answer for themselves."), code="forbidden")
    if not seat.is_active:
        raise DomainError(_("You are no longer on this panel."), code="not_on_panel")
    if Scorecard.objects.filter(
        interview_id=seat.interview_id, interviewer=actor, status=ScorecardStatus.SUBMITTED
    ).exists():
        raise DomainError(
            _("Your scorecard is submitted; the conflict-of-interest answer stands."),
            code="scorecard_submitted",
        )
    return seat


@transaction.atomic
def panel_member_confirm_no_conflict(
    *, actor: Any, member: PanelMember, at: datetime | None = None
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
    *, actor: Any, member: PanelMember, note: str, at: datetime | None = None
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


# --- scorecards ----------------------------------------------------------------------------


def _scoring_seat(actor: Any, interview: Interview) -> PanelMember:
    """The actor's seat, if they may score this interview now; refused with why otherwise."""
    if interview.status in (InterviewStatus.CANCELLED, InterviewStatus.NO_SHOW):
        raise DomainError(
            _("This interview is %(status)s; there is nothing to score.")
            % {"status": interview.get_status_display().lower()},
            code="not_held",
        )
    seat = PanelMember.objects.filter(
        interview=interview, interviewer_id=getattr(actor, "pk", None), removed_at__isnull=True
    ).first()
    if seat is None:
        raise DomainError(_("Only the panel can score this interview."), code="forbidden")
    candidate = interview.application.candidate.full_name
    if seat.conflict_status == ConflictStatus.UNCONFIRMED:
        raise DomainError(
            _("First confirm that you have no conflict of interest with %(name)s.")
            % {"name": candidate},
            code="conflict_unconfirmed",
        )
    if seat.conflict_status == ConflictStatus.DECLARED:
        raise DomainError(
            _("You declared a conflict of interest with %(name)s; HR will replace you.")
            % {"name": candidate},
            code="conflict_declared",
        )
    return seat


def _clean_ratings(
    round_: InterviewRound, ratings: Iterable[dict[str, Any]]
) -> dict[int, tuple[int | None, str]]:
    criteria = {c.pk: c for c in Criterion.objects.filter(round=round_)}
    cleaned: dict[int, tuple[int | None, str]] = {}
    for item in ratings:
        criterion = item.get("criterion")
        criterion_id = getattr(criterion, "pk", criterion)
        if criterion_id not in criteria:
            raise DomainError(
                _("Criterion %(id)s is not one of %(round)s's.")
                % {"id": criterion_id, "round": round_.name},
                field="ratings",
            )
        score = item.get("score")
        if score is not None and score not in SCALE:
            raise DomainError(
                _("Rate “%(criterion)s” from 1 to 5.") % {"criterion": criteria[criterion_id]},
                field="ratings",
            )
        cleaned[criterion_id] = (score, (item.get("notes") or "").strip())
    return cleaned


def scorecard_save(
    *,
    actor: Any,
    interview: Interview,
    recommendation: str = "",
    notes: str = "",
    ratings: Iterable[dict[str, Any]] = (),
    submit: bool = False,
    at: datetime | None = None,
) -> Scorecard:
    """Create or change the actor's own draft scorecard; with `submit`, submit it too (all in
    one transaction: a refused submission saves nothing).

    `ratings` items are `{"criterion": id, "score": 1..5 or None, "notes": ""}`; criteria not
    listed keep their rating. Refused once the scorecard is submitted (HR can reopen it).
    """
    if recommendation and recommendation not in Recommendation.values:
        raise DomainError(_("Choose a recommendation from the list."), field="recommendation")
    with transaction.atomic():
        current = _lock_interview(interview)
        _scoring_seat(actor, current)
        cleaned = _clean_ratings(current.round, ratings)
        scorecard, _created = Scorecard.objects.select_for_update().get_or_create(
            interview=current, interviewer=actor, defaults={"created_at": at or timezone.now()}
        )
        if scorecard.is_submitted:
            raise DomainError(
                _("Your scorecard is submitted and locked; HR can reopen it."),
                code="scorecard_locked",
            )
        scorecard.recommendation = recommendation
        scorecard.notes = notes.strip()
        scorecard.save(update_fields=["recommendation", "notes", "updated_at"])
        have = {r.criterion_id: r for r in scorecard.ratings.all()}
        for criterion_id, (score, note) in cleaned.items():
            rating = have.get(criterion_id) or Rating(
                scorecard=scorecard, criterion_id=criterion_id
            )
            rating.score, rating.notes = score, note
            rating.save()
        if submit:
            _submit(scorecard, current, at=at)
    return scorecard


def _submit(scorecard: Scorecard, interview: Interview, *, at: datetime | None) -> None:
    now = at or timezone.now()
    if now < interview.starts_at:
        raise DomainError(
            _("The scorecard can be submitted once the interview has started."),
            code="not_started",
        )
    rated = set(
        Rating.objects.filter(scorecard=scorecard, score__isnull=False).values_list(
            "criterion_id", flat=True
        )
    )
    missing = [
        c.name for c in Criterion.objects.filter(round_id=interview.round_id) if c.pk not in rated
    ]
    if missing:
        raise DomainError(
            _("Rate every criterion before submitting; missing: %(names)s.")
            % {"names": ", ".join(missing)},
            code="incomplete",
            field="ratings",
        )
    if not scorecard.recommendation:
        raise DomainError(
            _("Give your overall recommendation before submitting."),
            code="incomplete",
            field="recommendation",
        )
    scorecard.status = ScorecardStatus.SUBMITTED
    scorecard.submitted_at = now
    scorecard.save(update_fields=["status", "submitted_at", "updated_at"])
    if interview.status == InterviewStatus.SCHEDULED:
        # A submitted scorecard is the proof that the interview took place.
        Interview.objects.filter(pk=interview.pk).update(
            status=InterviewStatus.COMPLETED, updated_at=timezone.now()
        )


def scorecard_submit(*, actor: Any, scorecard: Scorecard, at: datetime | None = None) -> Scorecard:
    """Submit the actor's own draft: every criterion rated and a recommendation given, once the
    interview has started. It is locked afterwards; the interview counts as completed."""
    with transaction.atomic():
        current = _lock_interview(scorecard.interview)
        if scorecard.interviewer_id != getattr(actor, "pk", None):
            raise DomainError(_("Only its author can submit a scorecard."), code="forbidden")
        _scoring_seat(actor, current)
        locked = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
        if locked.is_submitted:
            return locked
        _submit(locked, current, at=at)
    return locked


def scorecard_reopen(*, actor: Any, scorecard: Scorecard, reason: str) -> Scorecard:
    """HR unlocks a submitted scorecard so its author can change it; audited with the reason.

    Until it is submitted again the round's gate counts it as missing. Side effects: one
    ScorecardReopening row; an e-mail to the author, on commit.
    """
    require_hr(actor, _("reopen scorecards"))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Reopening a scorecard needs a reason."), field="reason")
    with transaction.atomic():
        locked = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
        if not locked.is_submitted:
            raise DomainError(
                _("Only a submitted scorecard can be reopened; this one is a draft."),
                code="not_submitted",
            )
        ScorecardReopening.objects.create(
            scorecard=locked,
            reason=reason,
            by=acting_user(actor),
            was_submitted_at=locked.submitted_at,
        )
        locked.status = ScorecardStatus.DRAFT
        locked.submitted_at = None
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        from interviews.tasks import send_scorecard_reopened

        transaction.on_commit(lambda: send_scorecard_reopened.delay(locked.pk))
    return locked


# --- round decisions -----------------------------------------------------------------------


def round_decision_record(
    *,
    actor: Any,
    application: Application,
    round: InterviewRound,
    outcome: str,
    note: str = "",
    rejection_reason: RejectionReason | None = None,
    reject_application: bool = True,
    move_on: bool = False,
    notify: bool = True,
    at: datetime | None = None,
) -> RoundDecision:
    """HR's decision for an application in a round (a later decision replaces an earlier one).

    `advance` needs a held interview with every panel member's scorecard submitted; with
    `move_on` the application then moves to the next stage through the engine. `reject`
    rejects the application through the engine with its reason (“Interview performance” unless
    another is given); `reject_application=False` records the decision only, for a caller that
    rejects through the engine itself (the demo loader does).
    """
    require_hr(actor, _("decide interview rounds"))
    if outcome not in RoundOutcome.values:
        raise DomainError(_("The decision is advance or reject."), field="outcome")
    with transaction.atomic():
        list(Application.objects.select_for_update().filter(pk=application.pk).values_list("pk"))
        current = Application.objects.select_related("candidate", "stage", "job").get(
            pk=application.pk
        )
        if not current.is_active or current.stage_id != round.stage_id:
            raise DomainError(
                _("%(name)s is not active in “%(stage)s”; there is nothing to decide.")
                % {"name": current.candidate.full_name, "stage": round.stage.name},
                code="not_in_round",
            )
        if outcome == RoundOutcome.ADVANCE:
            missing = selectors.round_refusal(current, round, need_decision=False)
            if missing:
                raise DomainError(
                    _("Not yet ready to advance: %(missing)s.") % {"missing": missing},
                    code="gate_refused",
                )
            rejection_reason = None
        elif rejection_reason is None:
            rejection_reason = RejectionReason.objects.get(code=DEFAULT_REJECTION)
        decision, _created = RoundDecision.objects.update_or_create(
            application=current,
            round=round,
            defaults={
                "outcome": outcome,
                "rejection_reason": rejection_reason,
                "note": note.strip(),
                "decided_by": actor,
                "decided_at": at or timezone.now(),
            },
        )
        if outcome == RoundOutcome.REJECT and reject_application:
            workflow.reject(
                current,
                rejection_reason=rejection_reason,
                actor=actor,
                note=note.strip(),
                at=at,
                notify=notify,
            )
        if outcome == RoundOutcome.ADVANCE and move_on:
            following = (
                JobStage.objects.filter(job_id=current.job_id, position__gt=current.stage.position)
                .order_by("position")
                .first()
            )
            if following is not None:
                workflow.move(current, to_stage=following, actor=actor, at=at, notify=notify)
    return decision


# --- e-mails -------------------------------------------------------------------------------

NOTICES = {
    # notice: (iTIP method, subject for the candidate, subject for a panel member)
    "invitation": (
        ics.REQUEST,
        gettext_lazy("Interview invitation: %(job)s"),
        gettext_lazy("Interview panel: %(title)s"),
    ),
    "update": (
        ics.REQUEST,
        gettext_lazy("Interview changed: %(job)s"),
        gettext_lazy("Interview changed: %(title)s"),
    ),
    "cancellation": (
        ics.CANCEL,
        gettext_lazy("Interview cancelled: %(job)s"),
        gettext_lazy("Interview cancelled: %(title)s"),
    ),
    "removal": (
        ics.CANCEL,
        gettext_lazy("Interview cancelled: %(job)s"),
        gettext_lazy("You are no longer on the panel: %(title)s"),
    ),
}


def _organizer() -> ics.Person:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return ics.Person(name or settings.ORGANISATION_NAME, address)


def interview_meeting(interview: Interview, attendees: Sequence[Any]) -> ics.Meeting:
    """The calendar view of an interview; `attendees` are the candidate and/or users."""
    people = [
        ics.Person(a.full_name, a.email)
        if isinstance(a, Candidate)
        else ics.Person(_name(a), a.email)
        for a in attendees
        if a.email
    ]
    job = interview.application.job
    location = ", ".join(p for p in (interview.venue, interview.video_link) if p)
    return ics.Meeting(
        uid=interview.ical_uid,
        sequence=interview.ical_sequence,
        starts_at=interview.starts_at,
        ends_at=interview.ends_at,
        summary=f"{interview_title(interview)} ({job.reference})",
        location=location,
        description=_("%(round)s for %(job)s (%(ref)s).")
        % {"round": interview.round.name, "job": job.title, "ref": job.reference},
        organizer=_organizer(),
        attendees=people,
        url=interview.video_link,
    )


def interview_notice_send(
    *, interview_id: int, notice: str, user_ids: list[int] | None = None, candidate: bool = True
) -> int:
    """E-mail an invitation, update or cancellation with its .ics file: to the candidate (when
    `candidate`) and to the panel members (`user_ids`, or the whole current panel). Returns how
    many e-mails were sent. The candidate's calendar file lists only the candidate: panel
    members' addresses stay internal."""
    interview = (
        Interview.objects.select_related("application__candidate", "application__job", "round")
        .filter(pk=interview_id)
        .first()
    )
    if interview is None:
        return 0
    method, candidate_subject, panel_subject = NOTICES[notice]
    panel = [
        m.interviewer
        for m in PanelMember.objects.filter(interview=interview, removed_at__isnull=True)
        .select_related("interviewer")
        .order_by("added_at", "id")
    ]
    recipients = (
        list(User.objects.filter(pk__in=user_ids).order_by("pk")) if user_ids is not None else panel
    )
    person = interview.application.candidate
    job = interview.application.job
    subject_context = {"job": f"{job.title} ({job.reference})", "title": interview_title(interview)}
    stamp = timezone.now()
    messages: list[EmailMessage] = []
    if candidate and person.email:
        messages.append(
            _notice_mail(
                interview,
                notice,
                subject=candidate_subject % subject_context,
                to=person.email,
                name=person.full_name,
                calendar=ics.invitation(
                    interview_meeting(interview, [person]), method=method, stamp=stamp
                ),
                method=method,
                for_panel=False,
            )
        )
    for user in recipients:
        if not user.email:
            continue
        messages.append(
            _notice_mail(
                interview,
                notice,
                subject=panel_subject % subject_context,
                to=user.email,
                name=_name(user),
                calendar=ics.invitation(
                    interview_meeting(
                        interview, [person, *panel] if notice != "removal" else [user]
                    ),
                    method=method,
                    stamp=stamp,
                ),
                method=method,
                for_panel=True,
            )
        )
    for message in messages:
        message.send()
    return len(messages)


def _notice_mail(
    interview: Interview,
    notice: str,
    *,
    subject: str,
    to: str,
    name: str,
    calendar: bytes,
    method: str,
    for_panel: bool,
) -> EmailMessage:
    with timezone.override(interview.zone):
        body = render_to_string(
            "interviews/email/notice.txt",
            {
                "notice": notice,
                "name": name,
                "interview": interview,
                "job": interview.application.job,
                "candidate": interview.application.candidate,
                "for_panel": for_panel,
                "url": settings.SITE_URL + reverse("interview-detail", args=[interview.pk]),
                "organisation": settings.ORGANISATION_NAME,
            },
        )
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach("interview.ics", calendar, f"text/calendar; method={method}; charset=utf-8")
    return message


def scorecard_reopened_send(*, scorecard_id: int) -> bool:
    """Tell the author that HR reopened their scorecard, and why."""
    scorecard = (
        Scorecard.objects.select_related(
            "interviewer", "interview__round", "interview__application__candidate"
        )
        .filter(pk=scorecard_id)
        .first()
    )
    if scorecard is None or scorecard.is_submitted or not scorecard.interviewer.email:
        return False
    reopening = scorecard.reopenings.order_by("-at", "-id").first()
    title = interview_title(scorecard.interview)
    body = _(
        "Dear %(name)s,\n\nHR reopened your scorecard for %(title)s so that you can change it.\n"
        "Reason: %(reason)s\n\nSubmit it again here:\n%(url)s\n"
    ) % {
        "name": _name(scorecard.interviewer),
        "title": title,
        "reason": reopening.reason if reopening else "",
        "url": settings.SITE_URL + reverse("interview-detail", args=[scorecard.interview_id]),
    }
    send_mail(
        _("Scorecard reopened: %(title)s") % {"title": title},
        body,
        settings.DEFAULT_FROM_EMAIL,
        [scorecard.interviewer.email],
    )
    return True


def scorecard_reminders_send(*, now: datetime | None = None) -> int:
    """E-mail each panel member whose scorecard is still missing 24 hours after the interview
    ended, once per seat (the time is recorded). Active applications only: a closed one needs
    no more scorecards. Returns how many reminders went out."""
    now = now or timezone.now()
    submitted = Scorecard.objects.filter(
        interview=OuterRef("interview"),
        interviewer=OuterRef("interviewer"),
        status=ScorecardStatus.SUBMITTED,
    )
    due = (
        PanelMember.objects.filter(
            removed_at__isnull=True,
            reminder_sent_at__isnull=True,
            interview__status__in=LIVE_STATUSES,
            interview__ends_at__lte=now - REMINDER_AFTER,
            interview__application__status=ApplicationStatus.ACTIVE,
        )
        .exclude(conflict_status=ConflictStatus.DECLARED)
        .exclude(Exists(submitted))
        .select_related(
            "interviewer",
            "interview__round",
            "interview__application__candidate",
            "interview__application__job",
        )
        .order_by("interview__ends_at", "id")
    )
    sent = 0
    for member in due:
        if not member.interviewer.email:
            continue
        with transaction.atomic():
            # Claim the seat first: a second beat run (or a retry) finds it taken.
            claimed = PanelMember.objects.filter(
                pk=member.pk, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            interview = member.interview
            with timezone.override(interview.zone):
                body = render_to_string(
                    "interviews/email/reminder.txt",
                    {
                        "name": _name(member.interviewer),
                        "interview": interview,
                        "title": interview_title(interview),
                        "url": settings.SITE_URL + reverse("interview-detail", args=[interview.pk]),
                    },
                )
            send_mail(
                _("Scorecard missing: %(title)s") % {"title": interview_title(interview)},
                body,
                settings.DEFAULT_FROM_EMAIL,
                [member.interviewer.email],
            )
        sent += 1
    return sent
