"""Scheduling interviews: time zones, places, double-booking; reschedule, cancel, no-show."""

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from applications import events
from applications.models import Application, Candidate
from ats.actors import Actor, acting_user, require_hr
from ats.errors import DomainError, full_clean
from ats.i18n.names import translate_name
from ats.roles import is_interviewer
from interviews import selectors
from interviews.models import (
    LIVE_STATUSES,
    Interview,
    InterviewRound,
    InterviewStatus,
    PanelMember,
)
from interviews.services.notices import interview_notice_queue


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


# --- the rules every time and place is checked against -------------------------------------


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise DomainError(_("Give the times with their time zone."), field="starts_at")
    if ends_at <= starts_at:
        raise DomainError(_("The interview must end after it starts."), field="ends_at")
    if ends_at - starts_at > timedelta(hours=12):
        raise DomainError(_("An interview lasts at most 12 hours."), field="ends_at")


def _check_place(venue: str, video_link: str) -> None:
    if not venue.strip() and not video_link.strip():
        raise DomainError(_("Give a venue or a video link."), code="no_place", field="venue")


def _check_panel(round_: InterviewRound, panel: Sequence[User]) -> list[User]:
    people = list({u.pk: u for u in panel}.values())
    not_interviewers = [selectors.person_name(u) for u in people if not is_interviewer(u)]
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


def _check_invitable(starts_at: datetime, zone: ZoneInfo, now: datetime) -> None:
    """Invitations (and updates) go out only for an interview still to come. One that already
    took place is recorded without them (`notify=False`), as the demo's history is."""
    if starts_at < now:
        raise DomainError(
            _(
                "%(start)s is in the past, and invitations would go out for it. Choose a time to "
                "come; for an interview that already took place, record it without invitations."
            )
            % {"start": formats.date_format(starts_at.astimezone(zone), "DATETIME_FORMAT")},
            code="in_the_past",
            field="starts_at",
        )


def _span(interview: Interview, zone: ZoneInfo) -> dict[str, str]:
    start, end = interview.starts_at.astimezone(zone), interview.ends_at.astimezone(zone)
    return {
        "start": formats.time_format(start, "H:i"),
        "end": formats.time_format(end, "H:i"),
        "day": formats.date_format(start, "DATE_FORMAT"),
        "title": selectors.interview_title(interview),
    }


def check_double_booking(
    *,
    starts_at: datetime,
    ends_at: datetime,
    zone: ZoneInfo,
    candidate: Candidate,
    interviewers: Iterable[User],
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
                    % {"who": selectors.person_name(people[member.interviewer_id]), **span},
                    code="double_booked",
                    field="panel",
                )


def lock_people(candidate: Candidate, users: Iterable[User]) -> None:
    """Serialise scheduling for the same people (PostgreSQL; SQLite writers queue anyway),
    so two HR users cannot double-book someone between the check and the write."""
    list(Candidate.objects.select_for_update().filter(pk=candidate.pk).values_list("pk"))
    ids = sorted({u.pk for u in users})
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def lock_interview(interview: Interview) -> Interview:
    """Lock the bare interview row, then load it with its candidate, round and panel."""
    list(Interview.objects.select_for_update().filter(pk=interview.pk).values_list("pk"))
    return (
        Interview.objects.select_related(
            "application__candidate", "application__job", "application__stage", "round__stage"
        )
        .prefetch_related("panel__interviewer")
        .get(pk=interview.pk)
    )


def ensure_scheduled(interview: Interview, action: str) -> None:
    """Refuse unless the interview is still scheduled (not held, cancelled or missed)."""
    if interview.status != InterviewStatus.SCHEDULED:
        _refuse_status(interview, action)


def ensure_live(interview: Interview, action: str) -> None:
    """Refuse for a cancelled or missed interview (a held one is live, and counts)."""
    if not interview.is_live:
        _refuse_status(interview, action)


def _refuse_status(interview: Interview, action: str) -> None:
    raise DomainError(
        _("This interview is %(status)s; it cannot be %(action)s.")
        % {"status": interview.get_status_display().lower(), "action": action},
        code="not_scheduled",
    )


# --- scheduling ------------------------------------------------------------------------------


def interview_schedule(
    *,
    actor: Actor,
    application: Application,
    round: InterviewRound,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str = "",
    venue: str = "",
    video_link: str = "",
    panel: Sequence[User],
    notify: bool = True,
    at: datetime | None = None,
) -> Interview:
    """Schedule the application's interview in a round, with its panel.

    Refused when the application is not active in the round's stage, already has an interview
    in the round, the panel is too small or not made of interviewers, or the candidate or a
    panel member is booked at that time, or when it starts in the past and invitations would go
    out (record one that took place with `notify=False`). Side effects: one invitation (with an
    .ics file) to the candidate and each panel member, on commit (none without `notify`); the
    domain event "interview.scheduled".
    """
    require_hr(actor, _("schedule interviews"))
    zone = time_zone_from_name(time_zone or settings.TIME_ZONE)
    _check_times(starts_at, ends_at)
    _check_place(venue, video_link)
    people = _check_panel(round, panel)
    now = at or timezone.now()
    with transaction.atomic():
        current = _application_in_round(application, round)
        lock_people(current.candidate, people)
        _check_no_live_interview(current, round)
        check_double_booking(
            starts_at=starts_at,
            ends_at=ends_at,
            zone=zone,
            candidate=current.candidate,
            interviewers=people,
        )
        if notify:
            _check_invitable(starts_at, zone, now)
        interview = Interview(
            application=current,
            round=round,
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=str(zone.key),
            venue=venue.strip(),
            video_link=video_link.strip(),
            scheduled_by=acting_user(actor),
            created_at=now,
        )
        _save_with_panel(interview, people, now=now)
        events.emit("interview.scheduled", data=interview_facts(interview), at=now)
        if notify:
            interview_notice_queue(interview, "invitation", candidate=True)
    return interview


def interview_facts(interview: Interview) -> dict[str, Any]:
    """What an interview event says: when and in which round, not where (the video link
    lets anybody in) nor who sits on the panel."""
    return events.application_facts(interview.application) | {
        "interview_id": interview.pk,
        "round_id": interview.round_id,
        "round_name": interview.round.name,
        "starts_at": interview.starts_at,
        "ends_at": interview.ends_at,
        "time_zone": interview.time_zone,
    }


def _save_with_panel(interview: Interview, people: list[User], *, now: datetime) -> None:
    full_clean(interview, exclude=["application", "round"])
    interview.save()
    PanelMember.objects.bulk_create(
        PanelMember(interview=interview, interviewer=user, added_at=now) for user in people
    )


def _application_in_round(application: Application, round_: InterviewRound) -> Application:
    """The application, fresh, if it is active in the round's stage; refused otherwise."""
    current = Application.objects.select_related("candidate", "stage", "job").get(pk=application.pk)
    if not selectors.stands_in_round(current, round_):
        raise DomainError(
            _(
                "%(name)s is not in “%(stage)s”; only applications in that stage can be "
                "interviewed in %(round)s."
            )
            % {
                "name": current.candidate.full_name,
                "stage": translate_name(round_.stage.name),
                "round": translate_name(round_.name),
            },
            code="not_in_round",
        )
    return current


def _check_no_live_interview(application: Application, round_: InterviewRound) -> None:
    if Interview.objects.filter(
        application=application, round=round_, status__in=LIVE_STATUSES
    ).exists():
        raise DomainError(
            _("%(name)s already has an interview in %(round)s; reschedule that one.")
            % {"name": application.candidate.full_name, "round": round_.name},
            code="already_scheduled",
        )


def interview_reschedule(
    *,
    actor: Actor,
    interview: Interview,
    starts_at: datetime,
    ends_at: datetime,
    time_zone: str = "",
    venue: str = "",
    video_link: str = "",
    notify: bool = True,
) -> Interview:
    """Move a scheduled interview (time, zone, venue, link); the same double-booking rules, and
    no updates for a start in the past (record the time it took place with `notify=False`).

    Side effects: SEQUENCE+1 and an update of the invitation (same UID) to everyone, on commit.
    """
    require_hr(actor, _("reschedule interviews"))
    zone = time_zone_from_name(time_zone or interview.time_zone)
    _check_times(starts_at, ends_at)
    _check_place(venue, video_link)
    with transaction.atomic():
        current = lock_interview(interview)
        ensure_scheduled(current, _("rescheduled"))
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
        lock_people(current.application.candidate, members)
        check_double_booking(
            starts_at=starts_at,
            ends_at=ends_at,
            zone=zone,
            candidate=current.application.candidate,
            interviewers=members,
            ignore=current,
        )
        if notify:
            _check_invitable(starts_at, zone, timezone.now())
        for name in changed:
            setattr(current, name, changes[name])
        current.ical_sequence += 1
        full_clean(current, exclude=["application", "round"])
        current.save(update_fields=[*changed, "ical_sequence", "updated_at"])
        if notify:
            interview_notice_queue(current, "update", candidate=True)
    return current


def interview_cancel(
    *, actor: Actor, interview: Interview, reason: str = "", notify: bool = True
) -> Interview:
    """Cancel a scheduled interview. Side effects: a cancellation (METHOD:CANCEL, same UID) to
    the candidate and each panel member, on commit."""
    require_hr(actor, _("cancel interviews"))
    with transaction.atomic():
        current = lock_interview(interview)
        ensure_scheduled(current, _("cancelled"))
        current.status = InterviewStatus.CANCELLED
        current.status_note = reason.strip()
        current.ical_sequence += 1
        current.save(update_fields=["status", "status_note", "ical_sequence", "updated_at"])
        if notify:
            interview_notice_queue(current, "cancellation", candidate=True)
    return current


def interview_no_show(
    *, actor: Actor, interview: Interview, note: str = "", at: datetime | None = None
) -> Interview:
    """Record that the candidate did not come. The round then has no held interview: HR
    schedules another one or rejects (reason “Did not attend”)."""
    require_hr(actor, _("record a no-show"))
    with transaction.atomic():
        current = lock_interview(interview)
        ensure_scheduled(current, _("marked as a no-show"))
        if (at or timezone.now()) < current.starts_at:
            raise DomainError(
                _("A no-show can be recorded once the interview has started."),
                code="not_started",
            )
        current.status = InterviewStatus.NO_SHOW
        current.status_note = note.strip()
        current.save(update_fields=["status", "status_note", "updated_at"])
    return current
