"""Django admin for HR power users: screening and exam records, read-mostly (the pages and the
API are where the rules are checked)."""

from django.contrib import admin

from applications.admin import HidesMaskedApplicants
from ats.admin import ReadOnlyAdmin
from screening.models import (
    Evaluation,
    Exam,
    ExamSection,
    ScreeningCriteria,
    ScreeningDecision,
    SectionScore,
    Sitting,
)


@admin.register(ScreeningCriteria)
class ScreeningCriteriaAdmin(ReadOnlyAdmin):
    list_display = [
        "job",
        "min_degree",
        "min_years_experience",
        "nationality_rule",
        "blind",
        "version",
    ]
    list_filter = ["blind", "nationality_rule"]


@admin.register(Evaluation)
class EvaluationAdmin(HidesMaskedApplicants, ReadOnlyAdmin):
    application_paths = ("application",)
    list_display = ["application", "recommendation", "score", "criteria_version", "evaluated_at"]
    list_filter = ["recommendation"]
    list_select_related = ["application__candidate", "application__job"]


@admin.register(ScreeningDecision)
class ScreeningDecisionAdmin(HidesMaskedApplicants, ReadOnlyAdmin):
    application_paths = ("application",)
    list_display = ["application", "reviewer", "decision", "at", "from_recommendation"]
    list_filter = ["decision", "from_recommendation"]
    list_select_related = ["application__candidate", "application__job", "reviewer"]


class SectionInline(admin.TabularInline):
    model = ExamSection
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Exam)
class ExamAdmin(ReadOnlyAdmin):
    list_display = ["title", "job", "starts_at", "time_zone", "pass_mark", "top_n"]
    inlines = [SectionInline]


@admin.register(Sitting)
class SittingAdmin(HidesMaskedApplicants, ReadOnlyAdmin):
    application_paths = ("application",)
    list_display = ["candidate_number", "exam", "application", "attendance", "invited_at"]
    list_filter = ["attendance"]
    list_select_related = ["exam__job", "application__candidate", "application__job"]


@admin.register(SectionScore)
class SectionScoreAdmin(ReadOnlyAdmin):
    list_display = ["sitting", "section", "marker", "points", "marked_by", "marked_at"]
    list_filter = ["marker"]
    list_select_related = ["sitting__exam__job", "section", "marked_by"]
