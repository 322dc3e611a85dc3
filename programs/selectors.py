"""Read queries of foreign-expert cases: lists with deadlines, one case, reports, reminders."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

import django_filters
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import DateField, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from applications.models import Application
from ats.roles import is_hr
from programs import deadlines
from programs import workflow as case_workflow
from programs.deadlines import CaseFacts, Deadline, RecordFacts
from programs.models import (
    CLOSED_CASE_STATUSES,
    CaseDocument,
    CaseEvent,
    CaseStatus,
    ExpertCase,
    FundingApplication,
    ImmigrationRecord,
    Programme,
    RecordKind,
    RecordStatus,
)

DEADLINE_LABELS = {
    deadlines.NOTICE_EXPIRY: _("Enter before the notification letter expires"),
    deadlines.REGISTRATION: _("Accommodation registration (24 hours after entry)"),
    deadlines.PERMIT_CARD: _("Work permit card (15 days after entry)"),
    deadlines.RESIDENCE_PERMIT: _("Residence permit (30 days after entry)"),
    deadlines.WORK_PERMIT_RENEWAL: _("Work permit renewal (90 to 30 days before expiry)"),
    deadlines.RESIDENCE_PERMIT_RENEWAL: _("Residence permit renewal (90 to 30 days before expiry)"),
    deadlines.PASSPORT_RENEWAL: _("New passport (six months before the passport expires)"),
}

EXPIRING_DAYS = 60
# The expiry report's kind for a passport (the others are the permits' record kinds).
PASSPORT = "passport"
REMINDER_DAYS = 14


# --- cases ---------------------------------------------------------------------------------


def applications_awaiting_case() -> QuerySet[Application]:
    """The accepted experts' applications that have no case yet (`workflow.opens_case`)."""
    return (
        Application.objects.filter(
            stage__kind__in=case_workflow.OPENS_AT_STAGE_KINDS,
            status__in=case_workflow.OPENS_FOR_STATUSES,
            expert_case__isnull=True,
        )
        .select_related("candidate", "job", "stage")
        .order_by("candidate__full_name")
    )


def case_list() -> QuerySet[ExpertCase]:
    """Cases with the expert, job, programme and the records their deadlines are derived from."""
    return (
        ExpertCase.objects.select_related(
            "application__candidate", "application__job", "programme", "category"
        )
        .prefetch_related(
            Prefetch("records", queryset=ImmigrationRecord.objects.order_by("issued_on", "id"))
        )
        .order_by("-opened_at", "-id")
    )


def case_get_for_user(user: AbstractBaseUser | AnonymousUser, pk: int) -> ExpertCase:
    """The one access check for a case: HR only; others get a 404, not a hint it exists."""
    if not is_hr(user):
        raise Http404(_("No such case."))
    case = case_list().filter(pk=pk).first()
    if case is None:
        raise Http404(_("No such case."))
    return case


def case_facts(case: ExpertCase) -> CaseFacts:
    """The case as the pure deadline logic sees it (uses prefetched records when there)."""
    return CaseFacts(
        status=case.status,
        arrived_on=case.arrived_on,
        records=tuple(
            RecordFacts(kind=r.kind, status=r.status, issued_on=r.issued_on, valid_to=r.valid_to)
            for r in case.records.all()
        ),
        passport_expiry=case.passport_expiry,
        planned_end=case.planned_end,
        actual_end=case.actual_end,
    )


def case_deadlines(case: ExpertCase) -> list[Deadline]:
    return deadlines.case_deadlines(case_facts(case))


@dataclass(frozen=True)
class DeadlineItem:
    """A deadline as HR reads it on a given day: its words and where it stands."""

    deadline: Deadline
    label: str
    overdue: bool
    # Due in the next REMINDER_DAYS days (the daily reminder lists it).
    soon: bool
    # A renewal whose window has opened and that is not done yet.
    window_open: bool


def deadline_item(deadline: Deadline, *, today: date) -> DeadlineItem:
    return DeadlineItem(
        deadline=deadline,
        label=str(DEADLINE_LABELS[deadline.key]),
        overdue=deadline.is_overdue(today),
        soon=deadline.is_due_within(today, REMINDER_DAYS),
        window_open=deadline.opens_on is not None
        and deadline.opens_on <= today
        and not deadline.done,
    )


@dataclass
class CaseRow:
    """A case with its deadlines derived once, as of `today`: what the list, the case page, the
    API and the reminders read."""

    case: ExpertCase
    deadlines: list[Deadline]
    today: date

    @property
    def overdue(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.is_overdue(self.today)]

    @property
    def is_overdue(self) -> bool:
        return any(d.is_overdue(self.today) for d in self.deadlines)

    @property
    def items(self) -> list[DeadlineItem]:
        return [deadline_item(d, today=self.today) for d in self.deadlines]

    @property
    def next_due(self) -> Deadline | None:
        pending = [d for d in self.deadlines if not d.done and d.due_on >= self.today]
        return pending[0] if pending else None

    @property
    def next_due_label(self) -> str:
        following = self.next_due
        return str(DEADLINE_LABELS[following.key]) if following else ""

    @property
    def overdue_labelled(self) -> list[tuple[Deadline, str]]:
        return [(d, str(DEADLINE_LABELS[d.key])) for d in self.overdue]

    def due_within(self, days: int) -> list[Deadline]:
        return [d for d in self.deadlines if d.is_due_within(self.today, days)]


def case_row(case: ExpertCase, *, today: date) -> CaseRow:
    return CaseRow(case, case_deadlines(case), today)


def case_rows(
    cases: QuerySet[ExpertCase] | list[ExpertCase],
    *,
    today: date,
    due_within: int | None = None,
    overdue: bool = False,
) -> list[CaseRow]:
    """Cases with their derived deadlines, narrowed to those due soon or overdue when asked."""
    rows = [case_row(case, today=today) for case in cases]
    if due_within is not None:
        rows = [row for row in rows if row.due_within(due_within)]
    if overdue:
        rows = [row for row in rows if row.overdue]
    return rows


def case_timeline(case: ExpertCase) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "id")


def case_fundings(case: ExpertCase) -> QuerySet[FundingApplication]:
    return case.fundings.select_related("programme", "category").order_by(
        "call_year", "continuation_number", "id"
    )


def case_records(case: ExpertCase) -> QuerySet[ImmigrationRecord]:
    return case.records.order_by("kind", "issued_on", "id")


def case_documents(case: ExpertCase) -> QuerySet[CaseDocument]:
    return case.documents.order_by("position", "id")


class ChecklistProgress(NamedTuple):
    ready: int
    required: int


def checklist_progress(documents: Iterable[CaseDocument]) -> ChecklistProgress:
    """How many of the required documents are ready for the work-permit application."""
    required = [d for d in documents if d.required]
    return ChecklistProgress(sum(1 for d in required if d.is_ready), len(required))


class CaseFilter(django_filters.FilterSet):
    """The filters of the case list, on the page and in the API (deadline ones: see below)."""

    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("Status"))
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.all(), label=_("Programme")
    )
    nationality = django_filters.ChoiceFilter(choices=countries, label=_("Nationality"))
    host = django_filters.CharFilter(
        field_name="host_institute", lookup_expr="icontains", label=_("Host institute")
    )
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open cases only"))
    # Deadlines are derived, not stored: these two are applied by `case_rows` after the query.
    due_within = django_filters.NumberFilter(
        method="filter_noop", label=_("Due within (days)"), min_value=0, max_value=3650
    )
    overdue = django_filters.BooleanFilter(method="filter_noop", label=_("Overdue"))

    class Meta:
        model = ExpertCase
        fields = ["status", "programme", "nationality", "host"]

    def filter_open(
        self, queryset: QuerySet[ExpertCase], name: str, value: bool | None
    ) -> QuerySet[ExpertCase]:
        if value is None:
            return queryset
        if value:
            return queryset.exclude(status__in=CLOSED_CASE_STATUSES)
        return queryset.filter(status__in=CLOSED_CASE_STATUSES)

    def filter_noop(
        self, queryset: QuerySet[ExpertCase], name: str, value: object
    ) -> QuerySet[ExpertCase]:
        return queryset


def case_search(params: Mapping[str, Any], *, today: date) -> tuple[CaseFilter, list[CaseRow]]:
    """The filtered case list; an invalid filter value is reported on the form and ignored."""
    case_filter = CaseFilter(params, queryset=case_list())
    if not case_filter.is_valid():
        return case_filter, case_rows(case_list(), today=today)
    data = case_filter.form.cleaned_data
    due = data.get("due_within")
    return case_filter, case_rows(
        case_filter.qs,
        today=today,
        due_within=int(due) if due is not None else None,
        overdue=bool(data.get("overdue")),
    )


# --- reports -------------------------------------------------------------------------------


def expiring_permits(*, today: date, days: int = EXPIRING_DAYS) -> QuerySet[ImmigrationRecord]:
    """Work permit cards and residence permits in force that expire in the next `days` days,
    of cases still open (a superseded permit has been renewed and is not listed)."""
    return (
        ImmigrationRecord.objects.filter(
            kind__in=[RecordKind.WORK_PERMIT, RecordKind.RESIDENCE_PERMIT],
            status=RecordStatus.ISSUED,
            valid_to__gte=today,
            valid_to__lte=today + timedelta(days=days),
        )
        .exclude(case__status__in=CLOSED_CASE_STATUSES)
        .select_related("case__application__candidate", "case__programme", "case__category")
        .order_by("valid_to", "id")
    )


@dataclass(frozen=True)
class ExpiringItem:
    """Something of an open case that expires soon, as the expiry report lists it."""

    case: ExpertCase
    kind: str
    kind_label: str
    number: str
    permit_category: str
    valid_to: date
    days_left: int
    record_id: int | None = None


def _permit_item(record: ImmigrationRecord, valid_to: date, *, today: date) -> ExpiringItem:
    return ExpiringItem(
        case=record.case,
        kind=record.kind,
        kind_label=record.get_kind_display(),
        number=record.number,
        permit_category=record.permit_category,
        valid_to=valid_to,
        days_left=(valid_to - today).days,
        record_id=record.pk,
    )


def expiring_passports(*, today: date, days: int = EXPIRING_DAYS) -> list[ExpertCase]:
    """Open cases whose passport expires in the next `days` days while their stay still needs
    it (`deadlines.passport_renewal`: before the stay's end, or with no end in sight).

    One query: the stay's end is read from the contract dates and the last issued permit's
    expiry, annotated as `last_permit_to`.
    """
    last_permit = (
        ImmigrationRecord.objects.filter(
            case=OuterRef("pk"),
            kind__in=deadlines.PERMIT_KINDS,
            status=RecordStatus.ISSUED,
            valid_to__isnull=False,
        )
        .order_by("-valid_to")
        .values("valid_to")[:1]
    )
    cases = (
        ExpertCase.objects.filter(
            passport_expiry__gte=today, passport_expiry__lte=today + timedelta(days=days)
        )
        .exclude(status__in=CLOSED_CASE_STATUSES)
        .select_related("application__candidate", "programme", "category")
        .annotate(last_permit_to=Subquery(last_permit, output_field=DateField()))
        .order_by("passport_expiry", "id")
    )
    return [case for case in cases if _passport_needed(case, case.last_permit_to)]


def _passport_needed(case: ExpertCase, last_permit_to: date | None) -> bool:
    end = deadlines.stay_ends_on(
        status=case.status,
        planned_end=case.planned_end,
        actual_end=case.actual_end,
        permit_ends=[last_permit_to],
    )
    return deadlines.passport_renewal(case.passport_expiry, stay_ends_on=end) is not None


def _passport_item(case: ExpertCase, valid_to: date, *, today: date) -> ExpiringItem:
    return ExpiringItem(
        case=case,
        kind=PASSPORT,
        kind_label=str(_("Passport")),
        number=case.passport_number,
        permit_category="",
        valid_to=valid_to,
        days_left=(valid_to - today).days,
    )


def expiring(*, today: date, days: int = EXPIRING_DAYS) -> list[ExpiringItem]:
    """The expiry report: the permits and the passports of the open cases that expire in the
    next `days` days, soonest first (a permit before a passport on the same day)."""
    permits = [
        _permit_item(r, r.valid_to, today=today)
        for r in expiring_permits(today=today, days=days)
        if r.valid_to is not None  # always: the query asks for the date
    ]
    passports = [
        _passport_item(c, c.passport_expiry, today=today)
        for c in expiring_passports(today=today, days=days)
        if c.passport_expiry is not None  # always: the query asks for the date
    ]
    return sorted([*permits, *passports], key=lambda item: item.valid_to)


@dataclass(frozen=True)
class ReminderItem:
    case: ExpertCase
    deadline: Deadline
    overdue: bool

    @property
    def label(self) -> str:
        return str(DEADLINE_LABELS[self.deadline.key])


def reminder_items(*, today: date, days: int = REMINDER_DAYS) -> list[ReminderItem]:
    """Every deadline of an open case that is overdue or due in the next `days` days."""
    cases = case_list().exclude(status__in=CLOSED_CASE_STATUSES)
    items = []
    for row in case_rows(cases, today=today):
        for deadline in row.deadlines:
            if deadline.is_overdue(today):
                items.append(ReminderItem(row.case, deadline, overdue=True))
            elif deadline.is_due_within(today, days):
                items.append(ReminderItem(row.case, deadline, overdue=False))
    return sorted(items, key=lambda i: (i.deadline.due_on, i.case.pk, i.deadline.key))
