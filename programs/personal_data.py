"""What the foreign-expert programme holds on a person (their case, passport and permit numbers,
documents) and how it is exported and erased; an open case is a legal hold. Registered with
`applications.personal_data`."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from applications import personal_data
from applications.models import Candidate
from programs.models import (
    CLOSED_CASE_STATUSES,
    CaseDocument,
    CaseEvent,
    CaseStatus,
    ExpertCase,
    FundingApplication,
    ImmigrationRecord,
)


def _cases(candidate: Candidate) -> QuerySet[ExpertCase]:
    return ExpertCase.objects.filter(application__candidate=candidate)


def export(candidate: Candidate) -> dict[str, Any]:
    cases = (
        _cases(candidate)
        .select_related("programme", "category")
        .prefetch_related("records", "documents", "fundings")
    )
    return {
        "cases": [
            {
                "application": case.application_id,
                "status": case.status,
                "programme": case.programme.name if case.programme else None,
                "category": case.category.name if case.category else None,
                "passport_number": case.passport_number,
                "passport_expiry": case.passport_expiry,
                "date_of_birth": case.date_of_birth,
                "host_institute": case.host_institute,
                "position": case.position,
                "planned_start": case.planned_start,
                "planned_end": case.planned_end,
                "arrived_on": case.arrived_on,
                "notes": case.notes,
                "immigration_records": [
                    {
                        "kind": record.kind,
                        "status": record.status,
                        "number": record.number,
                        "notes": record.notes,
                    }
                    for record in case.records.all()
                ],
                "documents": [
                    {
                        "name": document.name,
                        "status": document.status,
                        "file_name": document.original_name,
                        "notes": document.notes,
                    }
                    for document in case.documents.all()
                ],
                "funding": [
                    {"programme_id": funding.programme_id, "status": funding.status}
                    for funding in case.fundings.all()
                ],
            }
            for case in cases
        ]
    }


def files(candidate: Candidate) -> list[personal_data.ExportFile]:
    documents = CaseDocument.objects.filter(case__application__candidate=candidate).exclude(file="")
    return [
        personal_data.ExportFile(
            name=f"documents/{document.pk}-{document.original_name or document.code}",
            file=document.file,
        )
        for document in documents
    ]


def erase(candidate: Candidate) -> None:
    """Identity numbers, birth date, notes and documents go; statuses and dates stay."""
    cases = _cases(candidate)
    documents = CaseDocument.objects.filter(case__in=cases)
    personal_data.delete_files_on_commit(document.file for document in documents.exclude(file=""))
    documents.update(file="", original_name="", content_type="", size=None, notes="")
    ImmigrationRecord.objects.filter(case__in=cases).update(number="", notes="")
    FundingApplication.objects.filter(case__in=cases).update(notes="")
    # The case log is append-only; an erasure empties its free text, which may name them.
    CaseEvent.objects.filter(case__in=cases).update(summary="", summaries={}, reason="")
    cases.update(passport_number="", passport_expiry=None, date_of_birth=None, notes="")


def holds(candidates: QuerySet[Candidate]) -> dict[int, str]:
    """An open foreign-expert case keeps the person's data until the case ends."""
    open_cases = ExpertCase.objects.filter(application__candidate__in=candidates).exclude(
        status__in=CLOSED_CASE_STATUSES
    )
    return {
        candidate_id: _("A foreign-expert case is open (%(status)s).")
        % {"status": CaseStatus(status).label}
        for candidate_id, status in open_cases.values_list("application__candidate_id", "status")
    }
