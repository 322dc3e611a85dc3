"""Attendance and marks of the written examination: set together, all or nothing."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ats.actors import Actor, acting_user, require_hr
from ats.errors import DomainError, InvalidInput
from screening import marking, selectors
from screening.models import Attendance, Exam, ExamSection, MarkerRole, SectionScore, Sitting

# (sitting id, section id, marker role): one mark.
MarkKey = tuple[int, int, str]
NO_MARKS = (Attendance.ABSENT, Attendance.EXCUSED)


@transaction.atomic
def sitting_attendance_set(
    *, sitting: Sitting, actor: Actor, attendance: str, at: datetime | None = None
) -> Sitting:
    """Record whether the candidate came; an absent or excused candidate has no marks."""
    require_hr(actor, _("record attendance at the written examination"))
    if attendance not in Attendance.values:
        raise DomainError(_("Choose present, absent or excused."), field="attendance")
    sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
    if sitting.attendance == attendance:
        return sitting
    if attendance != Attendance.PRESENT and sitting.scores.exists():
        raise DomainError(
            _("Candidate %(number)s has marks; remove them before recording “%(what)s”.")
            % {"number": sitting.candidate_number, "what": Attendance(attendance).label},
            field="attendance",
        )
    sitting.attendance = attendance
    sitting.attendance_recorded_at = at or timezone.now()
    sitting.save(update_fields=["attendance", "attendance_recorded_at"])
    return sitting


@dataclass(frozen=True)
class ScoreEntry:
    """One mark to set: `points` None removes the marker's mark for that section."""

    sitting: Sitting
    section: ExamSection
    marker: str
    points: Decimal | None


def score_entries_for(
    *, actor: Actor, items: Sequence[Mapping[str, Any]]
) -> tuple[Exam, list[ScoreEntry]]:
    """The exam and its ScoreEntry list for marks given by ids (`sitting`, `section`, `marker`,
    `points`), as the API receives them; refused unless every id exists and all belong to one
    exam this user may mark."""
    if not items:
        raise InvalidInput({"detail": [_("Give at least one mark.")]})
    sitting_ids = {item["sitting"] for item in items}
    sittings = {s.pk: s for s in Sitting.objects.select_related("exam").filter(pk__in=sitting_ids)}
    sections = {
        s.pk: s for s in ExamSection.objects.filter(pk__in={item["section"] for item in items})
    }
    if len(sittings) != len(sitting_ids) or len({s.exam_id for s in sittings.values()}) != 1:
        raise InvalidInput({"sitting": [_("Give existing sittings of one exam.")]})
    exam = selectors.exam_get_for_user(actor, next(iter(sittings.values())).exam.job_id)
    if any(
        item["section"] not in sections or sections[item["section"]].exam_id != exam.pk
        for item in items
    ):
        raise InvalidInput({"section": [_("Give sections of the sittings' exam.")]})
    return exam, [
        ScoreEntry(
            sittings[item["sitting"]], sections[item["section"]], item["marker"], item["points"]
        )
        for item in items
    ]


@dataclass
class MarksReport:
    created: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    marked_present: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return _(
            "%(created)d new, %(changed)d changed, %(removed)d removed, %(unchanged)d unchanged."
        ) % {
            "created": self.created,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
        }


def entry_errors(entry: ScoreEntry) -> list[str]:
    """What is wrong with one mark: its marker, its range and decimals, the attendance."""
    errors = []
    if entry.marker not in MarkerRole.values:
        errors.append(_("“%(m)s” is not a marker (first, second or agreed).") % {"m": entry.marker})
    if entry.points is None:
        return errors
    if entry.points < 0:
        errors.append(
            _("%(section)s: %(points)s is below 0.")
            % {"section": entry.section.name, "points": entry.points}
        )
    elif entry.points > entry.section.max_points:
        errors.append(
            _("%(section)s: %(points)s is above the maximum of %(max)s.")
            % {
                "section": entry.section.name,
                "points": entry.points,
                "max": marking.points_text(entry.section.max_points),
            }
        )
    elif entry.points != entry.points.quantize(marking.CENT):
        errors.append(
            _("%(section)s: give at most two decimals.") % {"section": entry.section.name}
        )
    if entry.sitting.attendance in NO_MARKS:
        errors.append(
            _("Candidate %(number)s was %(attendance)s; a mark cannot be given.")
            % {
                "number": entry.sitting.candidate_number,
                "attendance": entry.sitting.get_attendance_display().lower(),
            }
        )
    return errors


class _Problems:
    """Problems found in one batch of attendance and marks, by candidate number."""

    def __init__(self) -> None:
        self.by_number: dict[str, list[str]] = {}

    def add(self, sitting: Sitting, message: str) -> None:
        self.by_number.setdefault(sitting.candidate_number, []).append(message)

    def raise_any(self) -> None:
        """Every problem at once (each said once per candidate), or nothing."""
        if self.by_number:
            raise InvalidInput({k: list(dict.fromkeys(v)) for k, v in self.by_number.items()})


def _set_attendance(
    sittings: dict[int, Sitting], attendance: Mapping[int, str], problems: _Problems
) -> None:
    for sitting_id, value in attendance.items():
        sitting = sittings.get(sitting_id)
        if sitting is None:
            raise DomainError(_("A candidate in the list sits another exam."))
        if value not in Attendance.values:
            problems.add(sitting, _("Choose present, absent or excused."))
        else:
            sitting.attendance = value


def _check_entries(
    exam: Exam,
    sittings: dict[int, Sitting],
    existing: dict[MarkKey, SectionScore],
    entries: Sequence[ScoreEntry],
    problems: _Problems,
) -> set[int]:
    """Check every entry against the (new) attendance; the sittings with marks once saved."""
    final = {key: score.points for key, score in existing.items()}
    seen: set[MarkKey] = set()
    for entry in entries:
        if entry.sitting.pk not in sittings or entry.section.exam_id != exam.pk:
            raise DomainError(_("A mark in the list belongs to another exam."))
        sitting = sittings[entry.sitting.pk]
        key = (sitting.pk, entry.section.pk, entry.marker)
        if key in seen:
            problems.add(
                sitting,
                _("%(section)s has two marks from the same marker.")
                % {"section": entry.section.name},
            )
        seen.add(key)
        for problem in entry_errors(ScoreEntry(sitting, entry.section, entry.marker, entry.points)):
            problems.add(sitting, problem)
        if entry.points is None:
            final.pop(key, None)
        else:
            final[key] = entry.points
    return {sitting_id for sitting_id, _section, _marker in final}


def _check_no_marks_for_absentees(
    sittings: dict[int, Sitting], marked: set[int], problems: _Problems
) -> None:
    for sitting in sittings.values():
        if sitting.attendance in NO_MARKS and sitting.pk in marked:
            problems.add(
                sitting,
                _("Candidate %(number)s has marks; remove them before recording “%(what)s”.")
                % {"number": sitting.candidate_number, "what": sitting.get_attendance_display()},
            )


def _write_marks(
    sittings: dict[int, Sitting],
    existing: dict[MarkKey, SectionScore],
    entries: Sequence[ScoreEntry],
    *,
    marker_user: Any,
    now: datetime,
) -> MarksReport:
    """Create, change and remove the marks; a mark for a candidate not yet recorded present
    records them present (on the sitting in memory, saved with the attendance)."""
    report = MarksReport()
    to_create: list[SectionScore] = []
    to_update: list[SectionScore] = []
    to_delete: list[int] = []
    for entry in entries:
        sitting = sittings[entry.sitting.pk]
        current = existing.get((sitting.pk, entry.section.pk, entry.marker))
        if entry.points is None:
            if current is not None:
                to_delete.append(current.pk)
            continue
        if sitting.attendance == Attendance.INVITED:
            sitting.attendance = Attendance.PRESENT
            report.marked_present.append(sitting.candidate_number)
        if current is None:
            to_create.append(
                SectionScore(
                    sitting=sitting,
                    section=entry.section,
                    marker=entry.marker,
                    points=entry.points,
                    marked_by=marker_user,
                    marked_at=now,
                )
            )
        elif current.points != entry.points:
            current.points, current.marked_by, current.marked_at = entry.points, marker_user, now
            to_update.append(current)
        else:
            report.unchanged += 1
    SectionScore.objects.filter(pk__in=to_delete).delete()
    SectionScore.objects.bulk_create(to_create)
    SectionScore.objects.bulk_update(to_update, ["points", "marked_by", "marked_at"])
    report.created, report.changed, report.removed = len(to_create), len(to_update), len(to_delete)
    report.marked_present = sorted(set(report.marked_present))
    return report


@transaction.atomic
def marks_save(
    *,
    exam: Exam,
    actor: Actor,
    entries: Sequence[ScoreEntry],
    attendance: Mapping[int, str] | None = None,
    at: datetime | None = None,
) -> MarksReport:
    """Set attendance and marks together, all or nothing.

    A mark for a candidate whose attendance is not recorded yet records them present. Setting
    a mark to the value it has changes nothing (not even who marked it, or when). Raises
    InvalidInput keyed by candidate number with every problem found.
    """
    require_hr(actor, _("record examination marks"))
    now = at or timezone.now()
    sittings = {
        s.pk: s for s in Sitting.objects.select_for_update().filter(exam=exam).order_by("pk")
    }
    recorded = {pk: s.attendance for pk, s in sittings.items()}
    existing = {
        (s.sitting_id, s.section_id, s.marker): s
        for s in SectionScore.objects.select_for_update().filter(sitting__exam=exam)
    }
    problems = _Problems()
    _set_attendance(sittings, attendance or {}, problems)
    marked = _check_entries(exam, sittings, existing, entries, problems)
    _check_no_marks_for_absentees(sittings, marked, problems)
    problems.raise_any()
    report = _write_marks(sittings, existing, entries, marker_user=acting_user(actor), now=now)
    changed = [s for pk, s in sittings.items() if s.attendance != recorded[pk]]
    for sitting in changed:
        sitting.attendance_recorded_at = now
    Sitting.objects.bulk_update(changed, ["attendance", "attendance_recorded_at"])
    return report
