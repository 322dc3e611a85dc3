"""The written examination of a job: its time, place and sections, and the invitations.

Invitations and their updates go out only for an examination still to come. An examination
with invited candidates is not moved from the future to a time that has passed (they would be
sent a time gone by); `notify=False` records such a time for history, and then, as for any
change to an examination that has taken place, nothing is sent.
"""

import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Application, ApplicationStatus, JobOpening, StageKind
from ats.actors import Actor, acting_user, require_hr
from ats.errors import DomainError, full_clean

# screening.tasks imports the services back; neither uses the other before it is called.
from screening import selectors
from screening.models import Attendance, Exam, ExamSection, SectionScore, Sitting
from screening.services.invitations import exam_invitation_send

EXAM_FIELDS = (
    "title",
    "starts_at",
    "time_zone",
    "duration_minutes",
    "venue",
    "online_link",
    "instructions",
    "pass_mark",
    "top_n",
    "double_marking",
    "discrepancy_threshold",
)
# A change of these reaches the candidates again (a calendar update replaces the invitation).
ANNOUNCED_FIELDS = ("starts_at", "duration_minutes", "venue", "online_link", "title")
SECTION_NAME_MAX = 120
SECTION_POINTS_MAX = Decimal(1000)


def _zone(name: str) -> ZoneInfo:
    if not name or name not in available_timezones():
        raise DomainError(
            _("“%(zone)s” is not a time zone; use a name like Asia/Shanghai.") % {"zone": name},
            field="time_zone",
        )
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        raise DomainError(_("Unknown time zone."), field="time_zone") from None


def _section_points(item: dict[str, Any], name: str) -> Decimal:
    try:
        points = Decimal(str(item.get("max_points"))).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainError(
            _("The maximum of “%(name)s” must be a number.") % {"name": name},
            field="sections",
        ) from None
    if not Decimal(0) < points <= SECTION_POINTS_MAX:
        raise DomainError(
            _("The maximum of “%(name)s” must be above 0 and at most 1000.") % {"name": name},
            field="sections",
        )
    return points


def _clean_sections(sections: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    if not sections:
        raise DomainError(_("An examination needs at least one section."), field="sections")
    cleaned = []
    names: set[str] = set()
    for item in sections:
        name = " ".join(str(item.get("name", "")).split())
        if not name:
            raise DomainError(_("Every section needs a name."), field="sections")
        if len(name) > SECTION_NAME_MAX:
            raise DomainError(
                _("A section name may have at most 120 characters."), field="sections"
            )
        if name.casefold() in names:
            raise DomainError(
                _("Two sections are called “%(name)s”.") % {"name": name}, field="sections"
            )
        names.add(name.casefold())
        points = _section_points(item, name)
        cleaned.append({"id": item.get("id"), "name": name, "max_points": points})
    return cleaned


def _locked_exam(job: JobOpening, actor: Actor, *, sections_given: bool) -> tuple[Exam, bool]:
    """The job's exam, locked, or a new one; and whether it is new."""
    if not job.stages.filter(kind=StageKind.EXAM).exists():
        raise DomainError(
            _("This job's pipeline has no written examination stage."), code="no_exam_stage"
        )
    exam = Exam.objects.select_for_update().filter(job=job).first()
    if exam is not None:
        return exam, False
    if not sections_given:
        raise DomainError(_("An examination needs at least one section."), field="sections")
    return Exam(job=job, created_by=acting_user(actor)), True


def _apply_fields(exam: Exam, fields: dict[str, Any]) -> None:
    """The given fields set and checked; a start without a zone is read in the exam's zone."""
    for name, value in fields.items():
        setattr(exam, name, value)
    zone = _zone(exam.time_zone)
    if exam.starts_at is not None and timezone.is_naive(exam.starts_at):
        exam.starts_at = timezone.make_aware(exam.starts_at, zone)
    if exam.top_n in ("", 0):
        exam.top_n = None
    full_clean(exam, exclude=["job", "created_by"])


def _check_not_moved_into_the_past(exam: Exam) -> None:
    """Refuse a time that has passed while candidates invited to the exam wait for it."""
    if not selectors.exam_started(exam):
        return
    waiting = exam.sittings.filter(attendance=Attendance.INVITED).count()
    if waiting:
        raise DomainError(
            ngettext(
                "The examination cannot move to a time that has passed while %(n)d invited "
                "candidate is waiting for it; choose a time to come.",
                "The examination cannot move to a time that has passed while %(n)d invited "
                "candidates are waiting for it; choose a time to come.",
                waiting,
            )
            % {"n": waiting},
            code="exam_in_past",
            field="starts_at",
        )


def _check_pass_mark(exam: Exam) -> None:
    total = sum((s.max_points for s in exam.sections.all()), Decimal(0))
    if exam.pass_mark > total:
        raise DomainError(
            _("The pass mark (%(pass)s) is above the total of the sections (%(total)s).")
            % {"pass": exam.pass_mark, "total": total},
            field="pass_mark",
        )


@transaction.atomic
def exam_save(
    *,
    job: JobOpening,
    actor: Actor,
    sections: Sequence[dict[str, Any]] | None = None,
    notify: bool = True,
    **fields: Any,
) -> Exam:
    """Create or change the job's written examination and its sections.

    `starts_at` without a zone is read in the exam's `time_zone`. `sections` is the full list
    in order (`{"id"?, "name", "max_points"}`); a section with marks cannot be removed or get a
    maximum below a mark given. An exam with invited candidates is not moved to a time that has
    passed unless `notify` is False (recording a past exam: nothing is sent). Side effect on
    commit: when the time or place of an exam still to come changes, every invited candidate
    gets an updated invitation (Celery; not with `notify=False`).
    """
    require_hr(actor, _("set up the written examination"))
    unknown = set(fields) - set(EXAM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown exam fields: {sorted(unknown)}")
    exam, created = _locked_exam(job, actor, sections_given=sections is not None)
    before = {name: getattr(exam, name, None) for name in ANNOUNCED_FIELDS}
    upcoming = not created and not selectors.exam_started(exam)
    _apply_fields(exam, fields)
    announced = not created and any(before[n] != getattr(exam, n) for n in ANNOUNCED_FIELDS)
    if announced:
        exam.sequence += 1
    if upcoming and notify:
        _check_not_moved_into_the_past(exam)
    exam.save()
    current = list(ExamSection.objects.select_for_update().filter(exam=exam))
    if sections is not None:
        _sections_replace(exam, current, _clean_sections(sections))
    _check_pass_mark(exam)
    if announced and notify and not selectors.exam_started(exam):
        invited = exam.sittings.filter(attendance=Attendance.INVITED).values_list("pk", flat=True)
        for sitting_id in invited:
            exam_invitation_send(sitting_id=sitting_id, updated=True)
    return exam


def _check_sections_keep_their_marks(
    exam: Exam, by_id: dict[int, ExamSection], wanted: list[dict[str, Any]], keep: set[int]
) -> None:
    """Refuse removing a section with marks, or lowering its maximum below a mark given."""
    marked = set(
        SectionScore.objects.filter(section__exam=exam).values_list("section_id", flat=True)
    )
    blocked = [s.name for pk, s in by_id.items() if pk not in keep and pk in marked]
    if blocked:
        raise DomainError(
            _("Sections with marks cannot be removed: %(names)s.") % {"names": ", ".join(blocked)},
            field="sections",
        )
    for item in wanted:
        section = by_id.get(item["id"]) if item.get("id") else None
        if section is None or section.pk not in marked:
            continue
        highest = SectionScore.objects.filter(section=section).order_by("-points").first()
        if highest is not None and highest.points > item["max_points"]:
            raise DomainError(
                _("“%(name)s” already has a mark of %(points)s; its maximum cannot be lower.")
                % {"name": section.name, "points": highest.points},
                field="sections",
            )


def _sections_replace(exam: Exam, current: list[ExamSection], wanted: list[dict[str, Any]]) -> None:
    by_id = {s.pk: s for s in current}
    keep = {item["id"] for item in wanted if item.get("id")}
    if not keep <= set(by_id):
        raise DomainError(_("A section in the list belongs to another exam."), field="sections")
    _check_sections_keep_their_marks(exam, by_id, wanted, keep)
    ExamSection.objects.filter(pk__in=[pk for pk in by_id if pk not in keep]).delete()
    # Positions and names are unique per exam: park the kept rows out of the way first.
    for section in current:
        if section.pk in keep:
            section.position = 1000 + section.position
            section.name = f"__moving__{section.pk}"
            section.save(update_fields=["position", "name"])
    for position, item in enumerate(wanted):
        kept = by_id.get(item["id"]) if item.get("id") else None
        section = kept or ExamSection(exam=exam)
        section.position, section.name, section.max_points = (
            position,
            item["name"],
            item["max_points"],
        )
        section.save()


def _new_candidate_numbers(exam: Exam, count: int) -> list[str]:
    """Random four-digit numbers not yet used in this exam: they say nothing of who or when."""
    used = set(exam.sittings.values_list("candidate_number", flat=True))
    pool = [f"{n:04d}" for n in range(1000, 10000) if f"{n:04d}" not in used]
    if count > len(pool):
        raise DomainError(_("This examination has no candidate numbers left."))
    return secrets.SystemRandom().sample(pool, count)


def _invitation_targets(
    exam: Exam, applications: Iterable[Application] | None
) -> list[Application]:
    """The given applications (each checked), or all of the exam stage's; those already
    invited left out."""
    if applications is None:
        targets = list(selectors.exam_uninvited(exam).order_by("id"))
    else:
        targets = list(applications)
        for application in targets:
            if application.job_id != exam.job_id:
                raise DomainError(_("This application is for another job."), field="applications")
            if application.status != ApplicationStatus.ACTIVE:
                raise DomainError(
                    _("Only active applications can be invited."), field="applications"
                )
    invited = set(exam.sittings.values_list("application_id", flat=True))
    return [a for a in targets if a.pk not in invited]


@transaction.atomic
def exam_invite(
    *,
    exam: Exam,
    actor: Actor,
    applications: Iterable[Application] | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> list[Sitting]:
    """Invite the applications in the job's exam stage that have no invitation yet (or the
    given ones), each with an anonymous candidate number, as of `at` (now by default).

    Refused once the examination has started (by `at`; and, when the invitations are to be
    e-mailed, by now too: a past exam is invited for the record only, with `notify=False`).
    Side effect on commit: an e-mail with the details and an .ics file to each (Celery).
    """
    require_hr(actor, _("invite candidates to the written examination"))
    now = at or timezone.now()
    if selectors.exam_started(exam, at=now) or (notify and selectors.exam_started(exam)):
        raise DomainError(
            _("The examination has already started; invitations can no longer be sent."),
            code="exam_started",
        )
    if not exam.sections.exists():
        raise DomainError(_("Give the examination its sections first."), field="sections")
    targets = _invitation_targets(exam, applications)
    numbers = _new_candidate_numbers(exam, len(targets))
    sittings = Sitting.objects.bulk_create(
        Sitting(exam=exam, application=a, candidate_number=n, invited_at=now)
        for a, n in zip(targets, numbers, strict=True)
    )
    if notify:
        for sitting in Sitting.objects.filter(exam=exam, application__in=targets):
            exam_invitation_send(sitting_id=sitting.pk)
    return sittings
