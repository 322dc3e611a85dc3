"""Django admin for HR power users: interviews, panels, scorecards and decisions, read-only.

Everything changes through the pages and the API, where the rules (double-booking, conflicts,
locked scorecards, the workflow engine) are checked; the admin is for looking things up.
"""

from django.contrib import admin
from django.db import models

from ats.admin import ReadOnlyAdmin, ReadOnlyInline
from interviews.models import (
    Criterion,
    Interview,
    InterviewRound,
    PanelMember,
    Rating,
    RoundDecision,
    Scorecard,
    ScorecardReopening,
)


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = ["position", "name", "weight", "anchor_1", "anchor_3", "anchor_5"]


@admin.register(InterviewRound)
class InterviewRoundAdmin(ReadOnlyAdmin):
    list_display = ["name", "stage", "min_panel_size"]
    list_select_related = ["stage__job"]
    search_fields = ["name", "stage__job__reference"]
    inlines = [CriterionInline]


class PanelInline(ReadOnlyInline):
    model = PanelMember
    fk_name = "interview"
    fields = ["interviewer", "conflict_status", "conflict_note", "conflict_at", "removed_at"]


@admin.register(Interview)
class InterviewAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "starts_at", "time_zone", "status"]
    list_filter = ["status", "round__stage__job"]
    list_select_related = ["round", "application__candidate"]
    search_fields = ["application__candidate__full_name", "ical_uid"]
    date_hierarchy = "starts_at"
    inlines = [PanelInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class RatingInline(ReadOnlyInline):
    model = Rating
    fields = ["criterion", "score", "notes"]


class ReopeningInline(ReadOnlyInline):
    model = ScorecardReopening
    fields = ["at", "by", "reason", "was_submitted_at"]


@admin.register(Scorecard)
class ScorecardAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "recommendation", "status", "submitted_at"]
    list_filter = ["status", "recommendation"]
    list_select_related = ["interviewer"]
    inlines = [RatingInline, ReopeningInline]


@admin.register(RoundDecision)
class RoundDecisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "outcome", "rejection_reason", "decided_by", "decided_at"]
    list_filter = ["outcome", "round__stage__job"]
    list_select_related = ["round", "rejection_reason", "decided_by"]
