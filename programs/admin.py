"""Django admin for HR power users: programmes, categories and checklists are edited here."""

from django.contrib import admin

from ats.admin import ReadOnlyInline
from programs.models import (
    CaseDocument,
    CaseEvent,
    DocumentRequirement,
    ExpertCase,
    FundingApplication,
    ImmigrationRecord,
    Programme,
    ProgrammeCategory,
)


class ProgrammeCategoryInline(admin.TabularInline):
    model = ProgrammeCategory
    extra = 0


class DocumentRequirementInline(admin.TabularInline):
    model = DocumentRequirement
    extra = 0
    fields = ["position", "code", "name", "category", "required", "authentication"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "host_country", "excludes_host_nationals", "max_continuations"]
    inlines = [ProgrammeCategoryInline, DocumentRequirementInline]


class FundingInline(ReadOnlyInline):
    model = FundingApplication
    fields = ["programme", "category", "call_year", "continuation_number", "status"]


class RecordInline(ReadOnlyInline):
    model = ImmigrationRecord
    fields = ["kind", "status", "number", "issued_on", "valid_to"]


class DocumentInline(ReadOnlyInline):
    model = CaseDocument
    fields = ["name", "required", "status", "legalisation_kind"]


class CaseEventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ["at", "kind", "from_status", "to_status", "summary", "actor", "reason"]


@admin.register(ExpertCase)
class ExpertCaseAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "category", "host_institute", "status", "arrived_on"]
    list_filter = ["status", "programme"]
    search_fields = ["application__candidate__full_name", "host_institute", "passport_number"]
    list_select_related = ["application__candidate", "programme", "category"]
    # The status moves only through `case_move`, which checks the evidence and audits.
    readonly_fields = ["application", "status", "opened_at", "opened_by"]
    inlines = [FundingInline, RecordInline, DocumentInline, CaseEventInline]
