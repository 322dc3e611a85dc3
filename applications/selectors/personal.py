"""Reads about personal data: when each person's retention ends, holds, the access log."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import personal_data
from applications.models import (
    Application,
    ApplicationStatus,
    Candidate,
    ConsentRecord,
    ErasureRecord,
    JobOpening,
    PersonalDataAccess,
    StageEvent,
    SubjectAccessRequest,
)
from ats.actors import UserLike
from ats.roles import is_hr

# The statuses that end an application, and the stage event that says when.
ENDED_STATUSES = (ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.HIRED)


def candidate_get_for_user(user: UserLike, pk: int) -> Candidate:
    """The one access check for a person's data (export, erasure, holds): HR only, else 404."""
    if not is_hr(user):
        raise Http404(_("No such candidate."))
    candidate = Candidate.objects.filter(pk=pk).first()
    if candidate is None:
        raise Http404(_("No such candidate."))
    return candidate


def _ended_event_at() -> Subquery:
    return Subquery(
        StageEvent.objects.filter(application=OuterRef("pk"), to_status__in=ENDED_STATUSES)
        .values("application")
        .annotate(last=Max("at"))
        .values("last")[:1]
    )


def start_of_day(day: date) -> datetime:
    """Midnight at the start of `day` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def application_ended_at(
    *, status: str, ended_event_at: datetime | None, job_status: str, job_closed_on: Any
) -> datetime | None:
    """When an application ended: its last rejection, withdrawal or hire, or (still active)
    the day its job closed without it; None while it is live."""
    if status in ENDED_STATUSES:
        return ended_event_at
    if job_status == JobOpening.Status.CLOSED:
        return job_closed_on if isinstance(job_closed_on, datetime) else start_of_day(job_closed_on)
    return None


def application_end(application: Application) -> datetime | None:
    """When one application ended (see `application_ended_at`)."""
    last = (
        StageEvent.objects.filter(application=application, to_status__in=ENDED_STATUSES)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    job = application.job
    return application_ended_at(
        status=application.status,
        ended_event_at=last,
        job_status=job.status,
        job_closed_on=job.closes_on or job.updated_at,
    )


@dataclass
class RetentionDue:
    """One person whose data falls due for erasure, and what (if anything) keeps it."""

    candidate_id: int
    due_at: datetime
    application_count: int
    hired: bool
    holds: list[str] = field(default_factory=list)

    @property
    def held(self) -> bool:
        return bool(self.holds)


def _retention_days(status: str) -> int:
    if status == ApplicationStatus.HIRED:
        return int(settings.HIRED_RETENTION_DAYS)
    return int(settings.DATA_RETENTION_DAYS)


def talent_pool_candidates() -> QuerySet[ConsentRecord, Any]:
    """The ids of candidates with a live talent-pool consent (a subquery)."""
    return ConsentRecord.objects.filter(
        purpose=ConsentRecord.Purpose.TALENT_POOL, withdrawn_at__isnull=True
    ).values("application__candidate")


def in_talent_pool(candidate_id: int) -> bool:
    return talent_pool_candidates().filter(application__candidate=candidate_id).exists()


def retention_due(*, now: datetime, within_days: int = 0) -> list[RetentionDue]:
    """Everybody whose retention ends by `now + within_days`, oldest first, with their holds.

    A person is due when every one of their applications has ended and the last of them ended
    more than the retention period ago (HIRED_RETENTION_DAYS for a hire, DATA_RETENTION_DAYS
    otherwise); a live talent-pool consent keeps them. One query for the applications, one per
    registered hold.
    """
    rows = (
        Application.objects.filter(candidate__erased_at__isnull=True)
        .exclude(candidate__in=talent_pool_candidates())
        .annotate(ended_event_at=_ended_event_at())
        .values(
            "candidate_id",
            "status",
            "ended_event_at",
            "job__status",
            "job__closes_on",
            "job__updated_at",
        )
    )
    live: set[int] = set()
    due: dict[int, RetentionDue] = {}
    for row in rows:
        ended = application_ended_at(
            status=row["status"],
            ended_event_at=row["ended_event_at"],
            job_status=row["job__status"],
            job_closed_on=row["job__closes_on"] or row["job__updated_at"],
        )
        candidate_id = row["candidate_id"]
        if ended is None:
            live.add(candidate_id)
            continue
        until = ended + timedelta(days=_retention_days(row["status"]))
        entry = due.get(candidate_id)
        hired = row["status"] == ApplicationStatus.HIRED
        if entry is None:
            due[candidate_id] = RetentionDue(candidate_id, until, 1, hired)
        else:
            entry.due_at = max(entry.due_at, until)
            entry.application_count += 1
            entry.hired = entry.hired or hired
    cutoff = now + timedelta(days=within_days)
    result = {
        candidate_id: entry
        for candidate_id, entry in due.items()
        if candidate_id not in live and entry.due_at <= cutoff
    }
    if result:
        holds = personal_data.legal_holds(Candidate.objects.filter(pk__in=list(result)))
        for candidate_id, reasons in holds.items():
            result[candidate_id].holds = reasons
    return sorted(result.values(), key=lambda entry: (entry.due_at, entry.candidate_id))


def candidate_access_log(candidate: Candidate) -> QuerySet[PersonalDataAccess]:
    return PersonalDataAccess.objects.filter(candidate=candidate).select_related("user")


def candidate_erasures(candidate: Candidate) -> QuerySet[ErasureRecord]:
    return ErasureRecord.objects.filter(candidate=candidate).select_related("by")


@dataclass
class DueRow:
    """A line of HR's retention page: who falls due, and an application to look at."""

    due: RetentionDue
    name: str
    application_id: int
    job_reference: str
    overdue: bool  # the date has passed

    @property
    def missed(self) -> bool:
        """Overdue and nothing holds them: the daily retention job should have erased them."""
        return self.overdue and not self.due.held


def retention_due_rows(*, now: datetime, within_days: int) -> list[DueRow]:
    """`retention_due` with a name and the latest application of each person (one query more)."""
    due = retention_due(now=now, within_days=within_days)
    latest: dict[int, Any] = {}
    applications = (
        Application.objects.filter(candidate_id__in=[entry.candidate_id for entry in due])
        .order_by("submitted_at", "pk")
        .values("pk", "candidate_id", "candidate__full_name", "job__reference")
    )
    for row in applications:
        latest[row["candidate_id"]] = row
    return [
        DueRow(
            due=entry,
            name=latest[entry.candidate_id]["candidate__full_name"],
            application_id=latest[entry.candidate_id]["pk"],
            job_reference=latest[entry.candidate_id]["job__reference"],
            overdue=entry.due_at <= now,
        )
        for entry in due
    ]


def access_requests_open() -> QuerySet[SubjectAccessRequest]:
    """Applicants' requests for their data still to answer, the most urgent first."""
    return SubjectAccessRequest.objects.filter(fulfilled_at__isnull=True).select_related(
        "application__job"
    )
