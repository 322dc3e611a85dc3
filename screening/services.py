"""Business actions of screening and the written exam: criteria, evaluations, decisions, exams,
invitations, attendance and marks."""

import csv
import io
import logging
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries as country_list

from applications.models import (
    Application,
    ApplicationStatus,
    CVDocument,
    JobOpening,
    StageKind,
)
from ats import ics
from ats.actors import acting_user, require_hr
from ats.errors import DomainError, InvalidInput, full_clean
from screening import rules, selectors
from screening.models import (
    Attendance,
    Decision,
    Evaluation,
    Exam,
    ExamSection,
    MarkerRole,
    NationalityRule,
    Recommendation,
    ScreeningCriteria,
    ScreeningDecision,
    SectionScore,
    Sitting,
    applicant_reference,
)

logger = logging.getLogger(__name__)

NOTE_MAX = 2000
LIST_ITEM_MAX = 60
LIST_MAX = 40


def _enqueue(task: Any, *args: Any) -> None:
    """After commit, hand work to Celery; a broker that is down must not undo the saved change
    (the page offers to run it again), so a failure to enqueue is logged."""

    def send() -> None:
        try:
            task.delay(*args)
        except Exception:
            logger.exception("Could not enqueue %s%r", task.name, args)

    transaction.on_commit(send)


# --- criteria ------------------------------------------------------------------------------

CRITERIA_FIELDS = (
    "min_degree",
    "min_years_experience",
    "required_languages",
    "desired_languages",
    "required_skills",
    "desired_skills",
    "nationality_rule",
    "host_country",
    "countries",
    "deadline",
    "blind",
)


def _clean_list(value: Any, field_name: str, *, languages: bool = False) -> list[str]:
    """A list of short names from a list or a comma-separated string; duplicates dropped."""
    if value in (None, ""):
        return []
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise DomainError(_("Give a list of names."), field=field_name)
    cleaned: list[str] = []
    seen: set[str] = set()
    for item in items:
        item = " ".join(item.split())
        if not item:
            continue
        if len(item) > LIST_ITEM_MAX:
            raise DomainError(
                _("“%(item)s” is longer than %(n)d characters.")
                % {"item": item, "n": LIST_ITEM_MAX},
                field=field_name,
            )
        if languages:
            item = rules.canonical_language(item)
        if item.casefold() not in seen:
            seen.add(item.casefold())
            cleaned.append(item)
    if len(cleaned) > LIST_MAX:
        raise DomainError(_("At most %(n)d entries.") % {"n": LIST_MAX}, field=field_name)
    return cleaned


def _clean_countries(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    codes = []
    for item in items:
        code = str(item).strip().upper()
        if not code:
            continue
        if code not in country_list:
            raise DomainError(
                _("“%(code)s” is not a country code.") % {"code": code}, field="countries"
            )
        if code not in codes:
            codes.append(code)
    return codes


@transaction.atomic
def criteria_save(*, job: JobOpening, actor: Any, **fields: Any) -> ScreeningCriteria:
    """Create or change a job's screening criteria; a real change bumps `version`.

    Side effect on commit: the job's applications still waiting for screening are evaluated
    again (Celery).
    """
    require_hr(actor)
    unknown = set(fields) - set(CRITERIA_FIELDS)
    if unknown:
        raise TypeError(f"Unknown criteria fields: {sorted(unknown)}")
    criteria = ScreeningCriteria.objects.select_for_update().filter(job=job).first()
    created = criteria is None
    if criteria is None:
        criteria = ScreeningCriteria(job=job, deadline=job.closes_on)
    for name in ("required_languages", "desired_languages"):
        if name in fields:
            fields[name] = _clean_list(fields[name], name, languages=True)
    for name in ("required_skills", "desired_skills"):
        if name in fields:
            fields[name] = _clean_list(fields[name], name)
    if "countries" in fields:
        fields["countries"] = _clean_countries(fields["countries"])
    if "min_degree" in fields and fields["min_degree"] is None:
        fields["min_degree"] = ""
    before = {name: _comparable(getattr(criteria, name)) for name in CRITERIA_FIELDS}
    for name, value in fields.items():
        setattr(criteria, name, value)
    if criteria.nationality_rule == NationalityRule.NOT_HOST and not criteria.host_country:
        raise DomainError(_("Name the host country."), field="host_country")
    full_clean(criteria, exclude=["job", "updated_by"])
    after = {name: _comparable(getattr(criteria, name)) for name in CRITERIA_FIELDS}
    if not created and before == after:
        return criteria
    if not created:
        criteria.version += 1
    criteria.updated_by = acting_user(actor)
    criteria.save()
    from screening.tasks import evaluate_job

    _enqueue(evaluate_job, job.pk)
    return criteria


def _comparable(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return None if value in (None, "") else str(value)


# --- evaluations ---------------------------------------------------------------------------


def _evaluate_and_store(
    application: Application,
    *,
    criteria: ScreeningCriteria,
    questions: Sequence[Any],
    cv: CVDocument | None,
) -> Evaluation:
    result = selectors.evaluate_application(
        application, criteria=criteria, questions=questions, cv=cv
    )
    evaluation, _created = Evaluation.objects.update_or_create(
        application=application,
        defaults={
            "results": [r.as_dict() for r in result.results],
            "recommendation": result.recommendation,
            "score": result.score,
            "criteria_version": selectors.criteria_version(criteria),
            "cv_read": bool(cv and cv.parse_status == CVDocument.ParseStatus.PARSED),
            "evaluated_at": timezone.now(),
        },
    )
    return evaluation


def evaluation_run(*, application: Application) -> Evaluation | None:
    """Run the rules on the application's current CV, form and the job's criteria; store it.

    None for a job without a screening stage (nothing to screen).
    """
    application = Application.objects.select_related("candidate", "job", "stage").get(
        pk=application.pk
    )
    job = application.job
    if not job.stages.filter(kind=StageKind.SCREENING).exists():
        return None
    return _evaluate_and_store(
        application,
        criteria=selectors.criteria_for_job(job),
        questions=selectors.knockout_questions(job),
        cv=CVDocument.objects.filter(application=application).first(),
    )


def evaluation_run_for_cv(*, cv_id: int) -> Evaluation | None:
    """A CV was read or corrected: evaluate its application again."""
    cv = CVDocument.objects.filter(pk=cv_id).select_related("application").first()
    if cv is None:
        return None
    return evaluation_run(application=cv.application)


def evaluations_run_for_job(*, job_id: int) -> int:
    """Evaluate again every active application of the job not yet past screening.

    Those already past it keep the evaluation their screening relied on.
    """
    job = JobOpening.objects.filter(pk=job_id).first()
    if job is None or not job.stages.filter(kind=StageKind.SCREENING).exists():
        return 0
    criteria = selectors.criteria_for_job(job)
    questions = selectors.knockout_questions(job)
    applications = (
        Application.objects.filter(
            job=job,
            status=ApplicationStatus.ACTIVE,
            stage__kind__in=selectors.BLIND_STAGE_KINDS,
        )
        .select_related("candidate", "stage", "cv")
        .order_by("id")
    )
    count = 0
    for application in applications:
        _evaluate_and_store(
            application,
            criteria=criteria,
            questions=questions,
            cv=getattr(application, "cv", None),
        )
        count += 1
    return count


def evaluations_request_for_job(*, job: JobOpening, actor: Any) -> None:
    """HR asks to run the rules again on the job's waiting applications (Celery, on commit)."""
    require_hr(actor)
    from screening.tasks import evaluate_job

    _enqueue(evaluate_job, job.pk)


# --- decisions -----------------------------------------------------------------------------


@transaction.atomic
def decision_record(
    *,
    application: Application,
    actor: Any,
    decision: str,
    note: str = "",
    at: datetime | None = None,
    from_recommendation: bool = False,
) -> ScreeningDecision:
    """One reviewer's pass, fail or hold on an application in screening (appended, never
    changed: a later decision by the same reviewer supersedes it)."""
    require_hr(actor, _("record screening decisions"), person=True)
    if decision not in Decision.values:
        raise DomainError(_("Choose pass, fail or hold."), field="decision")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise DomainError(
            _("A note may have at most %(n)d characters.") % {"n": NOTE_MAX}, field="note"
        )
    # The application row is the lock: no decision races a move out of screening.
    locked = (
        Application.objects.select_for_update()
        .filter(pk=application.pk)
        .values_list("status", "stage__kind")
        .first()
    )
    if locked is None:
        raise DomainError(_("This application no longer exists."), code="not_found")
    status, stage_kind = locked
    if status != ApplicationStatus.ACTIVE or stage_kind != StageKind.SCREENING:
        raise DomainError(
            _("Screening decisions are recorded while the application is in screening."),
            code="not_in_screening",
        )
    return ScreeningDecision.objects.create(
        application_id=application.pk,
        reviewer=actor,
        decision=decision,
        note=note,
        at=at or timezone.now(),
        from_recommendation=from_recommendation,
    )


@dataclass(frozen=True)
class BulkDecisionOutcome:
    application_id: int
    reference: str
    recorded: bool
    message: str


def decisions_pass_recommended(*, job: JobOpening, actor: Any) -> list[BulkDecisionOutcome]:
    """Record a pass by `actor` for each application in screening whose current evaluation
    recommends pass; each is its own decision (and transaction). The report says, for every
    application in screening, what was recorded or why not."""
    require_hr(actor, _("record screening decisions"), person=True)
    criteria = selectors.criteria_for_job(job)
    version = selectors.criteria_version(criteria)
    outcomes = []
    for application in selectors.queue_applications(job):
        reference = applicant_reference(application.pk)
        evaluation = getattr(application, "screening_evaluation", None)
        own = selectors.decision_summary(application.screening_decisions.all()).latest_of(actor)

        def skip(message: str, app: Application = application, ref: str = reference) -> None:
            outcomes.append(BulkDecisionOutcome(app.pk, ref, False, message))

        if own is not None and own.decision == Decision.PASS:
            skip(_("you already passed it"))
        elif evaluation is None:
            skip(_("not evaluated yet"))
        elif evaluation.criteria_version != version:
            skip(_("the criteria changed since it was evaluated; run the rules again first"))
        elif evaluation.recommendation != Recommendation.PASS:
            skip(
                _("the rules recommend “%(r)s”")
                % {"r": Recommendation(evaluation.recommendation).label}
            )
        else:
            score = (
                _("score %(n)d") % {"n": evaluation.score}
                if evaluation.score is not None
                else _("no desired criteria")
            )
            try:
                decision_record(
                    application=application,
                    actor=actor,
                    decision=Decision.PASS,
                    note=_("Recommended by the screening rules (%(score)s).") % {"score": score},
                    from_recommendation=True,
                )
            except DomainError as exc:
                skip(exc.message)
            else:
                outcomes.append(
                    BulkDecisionOutcome(application.pk, reference, True, _("pass recorded"))
                )
    return outcomes


# --- the written examination ---------------------------------------------------------------

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


def _clean_sections(sections: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    if not sections:
        raise DomainError(_("An examination needs at least one section."), field="sections")
    cleaned = []
    names: set[str] = set()
    for item in sections:
        name = " ".join(str(item.get("name", "")).split())
        if not name:
            raise DomainError(_("Every section needs a name."), field="sections")
        if len(name) > 120:
            raise DomainError(
                _("A section name may have at most 120 characters."), field="sections"
            )
        if name.casefold() in names:
            raise DomainError(
                _("Two sections are called “%(name)s”.") % {"name": name}, field="sections"
            )
        names.add(name.casefold())
        try:
            points = Decimal(str(item.get("max_points"))).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise DomainError(
                _("The maximum of “%(name)s” must be a number.") % {"name": name},
                field="sections",
            ) from None
        if not Decimal(0) < points <= Decimal(1000):
            raise DomainError(
                _("The maximum of “%(name)s” must be above 0 and at most 1000.") % {"name": name},
                field="sections",
            )
        cleaned.append({"id": item.get("id"), "name": name, "max_points": points})
    return cleaned


@transaction.atomic
def exam_save(
    *,
    job: JobOpening,
    actor: Any,
    sections: Sequence[dict[str, Any]] | None = None,
    **fields: Any,
) -> Exam:
    """Create or change the job's written examination and its sections.

    `starts_at` without a zone is read in the exam's `time_zone`. `sections` is the full list
    in order (`{"id"?, "name", "max_points"}`); a section with marks cannot be removed or get a
    maximum below a mark given. Side effect on commit: when the time or place changes, every
    invited candidate gets an updated invitation (Celery).
    """
    require_hr(actor)
    unknown = set(fields) - set(EXAM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown exam fields: {sorted(unknown)}")
    if not job.stages.filter(kind=StageKind.EXAM).exists():
        raise DomainError(
            _("This job's pipeline has no written examination stage."), code="no_exam_stage"
        )
    exam = Exam.objects.select_for_update().filter(job=job).first()
    created = exam is None
    if exam is None:
        exam = Exam(job=job, created_by=acting_user(actor))
        if sections is None:
            raise DomainError(_("An examination needs at least one section."), field="sections")
    before = {name: getattr(exam, name, None) for name in ANNOUNCED_FIELDS}
    for name, value in fields.items():
        setattr(exam, name, value)
    zone = _zone(exam.time_zone)
    if exam.starts_at is not None and timezone.is_naive(exam.starts_at):
        exam.starts_at = timezone.make_aware(exam.starts_at, zone)
    if exam.top_n in ("", 0):
        exam.top_n = None
    full_clean(exam, exclude=["job", "created_by"])
    announced = not created and any(before[n] != getattr(exam, n) for n in ANNOUNCED_FIELDS)
    if announced:
        exam.sequence += 1
    exam.save()
    current = list(ExamSection.objects.select_for_update().filter(exam=exam))
    if sections is not None:
        _sections_replace(exam, current, _clean_sections(sections))
    total = sum((s.max_points for s in exam.sections.all()), Decimal(0))
    if exam.pass_mark > total:
        raise DomainError(
            _("The pass mark (%(pass)s) is above the total of the sections (%(total)s).")
            % {"pass": exam.pass_mark, "total": total},
            field="pass_mark",
        )
    if announced:
        from screening.tasks import send_exam_invitation

        for sitting_id in exam.sittings.filter(attendance=Attendance.INVITED).values_list(
            "pk", flat=True
        ):
            _enqueue(send_exam_invitation, sitting_id, True)
    return exam


def _sections_replace(exam: Exam, current: list[ExamSection], wanted: list[dict[str, Any]]) -> None:
    by_id = {s.pk: s for s in current}
    keep = {item["id"] for item in wanted if item.get("id")}
    if not keep <= set(by_id):
        raise DomainError(_("A section in the list belongs to another exam."), field="sections")
    marked = set(
        SectionScore.objects.filter(section__exam=exam).values_list("section_id", flat=True)
    )
    removed = [s for pk, s in by_id.items() if pk not in keep]
    blocked = [s.name for s in removed if s.pk in marked]
    if blocked:
        raise DomainError(
            _("Sections with marks cannot be removed: %(names)s.") % {"names": ", ".join(blocked)},
            field="sections",
        )
    for item in wanted:
        section = by_id.get(item.get("id"))
        if section is None or section.pk not in marked:
            continue
        highest = SectionScore.objects.filter(section=section).order_by("-points").first()
        if highest is not None and highest.points > item["max_points"]:
            raise DomainError(
                _("“%(name)s” already has a mark of %(points)s; its maximum cannot be lower.")
                % {"name": section.name, "points": highest.points},
                field="sections",
            )
    ExamSection.objects.filter(pk__in=[s.pk for s in removed]).delete()
    # Positions and names are unique per exam: park the kept rows out of the way first.
    for section in current:
        if section.pk in keep:
            section.position = 1000 + section.position
            section.name = f"__moving__{section.pk}"
            section.save(update_fields=["position", "name"])
    for position, item in enumerate(wanted):
        section = by_id.get(item.get("id")) or ExamSection(exam=exam)
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


@transaction.atomic
def exam_invite(
    *,
    exam: Exam,
    actor: Any,
    applications: Iterable[Application] | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> list[Sitting]:
    """Invite the applications in the job's exam stage that have no invitation yet (or the
    given ones), each with an anonymous candidate number.

    Side effect on commit: an e-mail with the details and an .ics file to each (Celery).
    """
    require_hr(actor)
    now = at or timezone.now()
    if exam.starts_at <= now:
        raise DomainError(
            _("The examination has already started; invitations can no longer be sent."),
            code="exam_started",
        )
    if not exam.sections.exists():
        raise DomainError(_("Give the examination its sections first."), field="sections")
    invited = set(exam.sittings.values_list("application_id", flat=True))
    if applications is None:
        targets = list(
            Application.objects.filter(
                job=exam.job, status=ApplicationStatus.ACTIVE, stage__kind=StageKind.EXAM
            ).order_by("id")
        )
    else:
        targets = list(applications)
        for application in targets:
            if application.job_id != exam.job_id:
                raise DomainError(_("This application is for another job."), field="applications")
            if application.status != ApplicationStatus.ACTIVE:
                raise DomainError(
                    _("Only active applications can be invited."), field="applications"
                )
    targets = [a for a in targets if a.pk not in invited]
    numbers = _new_candidate_numbers(exam, len(targets))
    sittings = Sitting.objects.bulk_create(
        Sitting(exam=exam, application=a, candidate_number=n, invited_at=now)
        for a, n in zip(targets, numbers, strict=True)
    )
    if notify:
        from screening.tasks import send_exam_invitation

        for sitting in Sitting.objects.filter(exam=exam, application__in=targets):
            _enqueue(send_exam_invitation, sitting.pk)
    return sittings


def _local(exam: Exam) -> datetime:
    return exam.starts_at.astimezone(ZoneInfo(exam.time_zone))


def exam_invitation_send(*, sitting_id: int, updated: bool = False) -> bool:
    """E-mail one candidate the exam's details with a calendar file (`updated`: the time or
    place changed since the first one); False when there is no one to send it to any more
    (withdrawn, rejected, or the invitation was removed)."""
    sitting = (
        Sitting.objects.select_related("exam__job", "application__candidate")
        .filter(pk=sitting_id)
        .first()
    )
    if sitting is None or sitting.application.status != ApplicationStatus.ACTIVE:
        return False
    exam = sitting.exam
    candidate = sitting.application.candidate
    sections = list(exam.sections.order_by("position", "id"))
    local = _local(exam)
    context = {
        "name": candidate.full_name,
        "exam": exam,
        "job": exam.job,
        "local_start": local,
        "sections": sections,
        "candidate_number": sitting.candidate_number,
        "organisation": settings.ORGANISATION_NAME,
        "updated": updated,
    }
    subject_words = (
        _("Updated: written examination for %(job)s")
        if updated
        else _("Invitation to the written examination for %(job)s")
    )
    subject = subject_words % {"job": exam.job.title}
    body = render_to_string("screening/email/exam_invitation.txt", context)
    organizer_name, organizer_email = _address(settings.DEFAULT_FROM_EMAIL)
    calendar = ics.invitation(
        ics.Meeting(
            uid=f"exam-{exam.pk}-sitting-{sitting.pk}@{_host()}",
            sequence=exam.sequence,
            starts_at=exam.starts_at,
            ends_at=exam.starts_at + timedelta(minutes=exam.duration_minutes),
            summary=f"{exam.title} ({exam.job.reference})",
            location=exam.venue or exam.online_link,
            description=_("Candidate number: %(number)s") % {"number": sitting.candidate_number}
            + ("\n" + exam.instructions if exam.instructions else ""),
            url=exam.online_link,
            organizer=ics.Person(organizer_name or settings.ORGANISATION_NAME, organizer_email),
            attendees=[ics.Person(candidate.full_name, candidate.email)],
        ),
        method=ics.REQUEST,
        stamp=timezone.now(),
    )
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [candidate.email])
    message.attach("written-examination.ics", calendar, "text/calendar; method=REQUEST")
    message.send()
    return True


def _address(value: str) -> tuple[str, str]:
    from email.utils import parseaddr

    name, address = parseaddr(value)
    return name, address


def _host() -> str:
    from urllib.parse import urlsplit

    return urlsplit(settings.SITE_URL).hostname or "localhost"


@transaction.atomic
def sitting_attendance_set(
    *, sitting: Sitting, actor: Any, attendance: str, at: datetime | None = None
) -> Sitting:
    """Record whether the candidate came; an absent or excused candidate has no marks."""
    require_hr(actor)
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


def score_entries_for(*, actor: Any, items: Sequence[dict[str, Any]]) -> tuple[Exam, list]:
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


def parse_points(raw: Any) -> Decimal:
    """A mark as typed: "12", "12.5" or "12,5"; ValueError when it is not a number."""
    text = str(raw).strip().replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def _entry_errors(entry: ScoreEntry) -> list[str]:
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
                "max": selectors.points_text(entry.section.max_points),
            }
        )
    elif entry.points != entry.points.quantize(Decimal("0.01")):
        errors.append(
            _("%(section)s: give at most two decimals.") % {"section": entry.section.name}
        )
    if entry.sitting.attendance in (Attendance.ABSENT, Attendance.EXCUSED):
        errors.append(
            _("Candidate %(number)s was %(attendance)s; a mark cannot be given.")
            % {
                "number": entry.sitting.candidate_number,
                "attendance": entry.sitting.get_attendance_display().lower(),
            }
        )
    return errors


@transaction.atomic
def marks_save(
    *,
    exam: Exam,
    actor: Any,
    entries: Sequence[ScoreEntry],
    attendance: dict[int, str] | None = None,
    at: datetime | None = None,
) -> MarksReport:
    """Set attendance and marks together, all or nothing.

    A mark for a candidate whose attendance is not recorded yet records them present. Setting
    a mark to the value it has changes nothing (not even who marked it, or when). Raises
    InvalidInput keyed by candidate number with every problem found.
    """
    require_hr(actor)
    now = at or timezone.now()
    marker_user = acting_user(actor)
    sittings = {
        s.pk: s for s in Sitting.objects.select_for_update().filter(exam=exam).order_by("pk")
    }
    recorded = {pk: s.attendance for pk, s in sittings.items()}
    errors: dict[str, list[str]] = {}

    def refuse(sitting: Sitting, message: str) -> None:
        errors.setdefault(sitting.candidate_number, []).append(message)

    for sitting_id, value in (attendance or {}).items():
        sitting = sittings.get(sitting_id)
        if sitting is None:
            raise DomainError(_("A candidate in the list sits another exam."))
        if value not in Attendance.values:
            refuse(sitting, _("Choose present, absent or excused."))
        else:
            sitting.attendance = value
    existing = {
        (s.sitting_id, s.section_id, s.marker): s
        for s in SectionScore.objects.select_for_update().filter(sitting__exam=exam)
    }
    final = {key: score.points for key, score in existing.items()}
    seen: set[tuple[int, int, str]] = set()
    for entry in entries:
        if entry.sitting.pk not in sittings or entry.section.exam_id != exam.pk:
            raise DomainError(_("A mark in the list belongs to another exam."))
        sitting = sittings[entry.sitting.pk]
        key = (sitting.pk, entry.section.pk, entry.marker)
        if key in seen:
            refuse(
                sitting,
                _("%(section)s has two marks from the same marker.")
                % {"section": entry.section.name},
            )
        seen.add(key)
        for problem in _entry_errors(
            ScoreEntry(sitting, entry.section, entry.marker, entry.points)
        ):
            refuse(sitting, problem)
        if entry.points is None:
            final.pop(key, None)
        else:
            final[key] = entry.points
    marked = {sitting_id for sitting_id, _section, _marker in final}
    for sitting in sittings.values():
        if sitting.attendance in (Attendance.ABSENT, Attendance.EXCUSED) and sitting.pk in marked:
            refuse(
                sitting,
                _("Candidate %(number)s has marks; remove them before recording “%(what)s”.")
                % {"number": sitting.candidate_number, "what": sitting.get_attendance_display()},
            )
    if errors:
        raise InvalidInput({k: list(dict.fromkeys(v)) for k, v in errors.items()})

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
    changed = [s for pk, s in sittings.items() if s.attendance != recorded[pk]]
    for sitting in changed:
        sitting.attendance_recorded_at = now
    Sitting.objects.bulk_update(changed, ["attendance", "attendance_recorded_at"])
    report.marked_present = sorted(set(report.marked_present))
    return report


@dataclass
class ImportReport:
    ok: bool
    rows: int = 0
    errors: list[tuple[int, str, list[str]]] = field(default_factory=list)  # line, number, msgs
    file_errors: list[str] = field(default_factory=list)
    marks: MarksReport | None = None


CSV_MAX_BYTES = 2 * 1024 * 1024


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")


def scores_import_csv(*, exam: Exam, actor: Any, data: bytes | str) -> ImportReport:
    """Import marks from a CSV: `candidate_number`, optionally `marker` (first when absent),
    then one column per section named as the section. Every row is checked first; when any
    row is wrong nothing is imported and the report names each bad row. An empty cell leaves
    that mark as it is; importing the same file again changes nothing."""
    require_hr(actor)
    if len(data) > CSV_MAX_BYTES:
        return ImportReport(ok=False, file_errors=[_("The file is larger than 2 MB.")])
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows = [row for row in reader]
    if not rows or not any(cell.strip() for cell in rows[0]):
        return ImportReport(ok=False, file_errors=[_("The file is empty.")])
    header = [cell.strip() for cell in rows[0]]
    sections = selectors.exam_sections(exam)
    by_name = {s.name.casefold(): s for s in sections}
    keys = [h.casefold() for h in header]
    file_errors = []
    if "candidate_number" not in keys:
        file_errors.append(_("The first line needs a “candidate_number” column."))
    columns: list[tuple[int, ExamSection]] = []
    for index, key in enumerate(keys):
        if key in ("candidate_number", "marker", ""):
            continue
        section = by_name.get(key)
        if section is None:
            file_errors.append(
                _("“%(column)s” is not a section of this exam (sections: %(names)s).")
                % {"column": header[index], "names": ", ".join(s.name for s in sections)}
            )
        else:
            columns.append((index, section))
    if not columns and not file_errors:
        file_errors.append(_("No column names a section of this exam."))
    if file_errors:
        return ImportReport(ok=False, file_errors=file_errors)
    number_at = keys.index("candidate_number")
    marker_at = keys.index("marker") if "marker" in keys else None
    sittings = {s.candidate_number: s for s in Sitting.objects.filter(exam=exam)}
    entries: list[ScoreEntry] = []
    report = ImportReport(ok=True)
    seen: dict[tuple[str, str], int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        report.rows += 1
        cells = [*row, *[""] * (len(header) - len(row))]
        number = cells[number_at].strip()
        problems: list[str] = []
        if len(row) > len(header):
            problems.append(_("more cells than columns"))
        sitting = sittings.get(number)
        if sitting is None:
            problems.append(
                _("unknown candidate number “%(number)s”") % {"number": number}
                if number
                else _("no candidate number")
            )
        marker = (cells[marker_at].strip().lower() if marker_at is not None else "") or "first"
        if marker not in MarkerRole.values:
            problems.append(_("“%(m)s” is not a marker (first, second or agreed)") % {"m": marker})
        if (number, marker) in seen:
            problems.append(
                _("candidate %(number)s (%(marker)s marker) is also on line %(line)d")
                % {"number": number, "marker": marker, "line": seen[(number, marker)]}
            )
        seen.setdefault((number, marker), line)
        row_entries = []
        for index, section in columns:
            raw = cells[index].strip()
            if not raw:
                continue
            try:
                points = parse_points(raw)
            except ValueError:
                problems.append(
                    _("%(section)s: “%(value)s” is not a number")
                    % {"section": section.name, "value": raw}
                )
                continue
            if sitting is not None and marker in MarkerRole.values:
                entry = ScoreEntry(sitting, section, marker, points)
                problems.extend(_entry_errors(entry))
                row_entries.append(entry)
        if problems:
            report.ok = False
            report.errors.append((line, number, list(dict.fromkeys(problems))))
        entries.extend(row_entries)
    if report.rows == 0:
        return ImportReport(ok=False, file_errors=[_("The file has no rows of marks.")])
    if not report.ok:
        return report
    try:
        report.marks = marks_save(exam=exam, actor=actor, entries=entries)
    except InvalidInput as exc:
        report.ok = False
        report.errors = [(0, number, messages) for number, messages in exc.errors.items()]
    return report


def scores_csv_rows(exam: Exam, marker: str = MarkerRole.FIRST) -> list[list[str]]:
    """The import format filled with the marks given so far (a template to fill in)."""
    sections = selectors.exam_sections(exam)
    rows = [["candidate_number", "marker", *[s.name for s in sections]]]
    for row in selectors.exam_rows(exam):
        if row.sitting.attendance in (Attendance.ABSENT, Attendance.EXCUSED):
            continue
        marks = [row.marks.get((s.pk, marker)) for s in sections]
        rows.append(
            [
                row.sitting.candidate_number,
                marker,
                *["" if m is None else selectors.points_text(m) for m in marks],
            ]
        )
    return rows
