"""Django admin for HR power users; the event timeline is read-only, moves go through pages."""

from django.contrib import admin
from django.db import models

from applications import blinding
from applications.models import (
    Application,
    Candidate,
    CandidateMerge,
    Channel,
    ConsentRecord,
    CVDocument,
    DuplicateReopening,
    ErasureRecord,
    JobOpening,
    JobQuestion,
    JobStage,
    LegalHold,
    Offer,
    PersonalDataAccess,
    PipelineTemplate,
    PipelineTemplateStage,
    PossibleDuplicate,
    Posting,
    RejectionReason,
    StageEvent,
    Tag,
)
from ats.admin import ReadOnlyAdmin


class HidesMaskedApplicants:
    """Blind screening holds in the admin too: a reviewer who has not decided does not find
    the applicants hidden from them here (the rows are left out, not renamed).

    `application_paths` lead from this model to an `Application` ("pk" on the application
    itself), `candidate_paths` to a `Candidate`.
    """

    application_paths: tuple[str, ...] = ()
    candidate_paths: tuple[str, ...] = ()

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        hidden = blinding.masked_applications(request.user)
        if hidden is None:
            return queryset
        for path in self.application_paths:
            queryset = queryset.exclude(**{f"{path}__in": hidden.values("pk")})
        for path in self.candidate_paths:
            queryset = queryset.exclude(**{f"{path}__in": hidden.values("candidate")})
        return queryset


class PipelineTemplateStageInline(admin.TabularInline):
    model = PipelineTemplateStage
    extra = 0


@admin.register(PipelineTemplate)
class PipelineTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default"]
    inlines = [PipelineTemplateStageInline]


class JobStageInline(admin.TabularInline):
    model = JobStage
    extra = 0
    fields = ["position", "name", "kind"]
    readonly_fields = ["kind"]

    def has_delete_permission(self, request, obj=None):
        # Removing a stage with history would break the audit trail; the API checks that.
        return False


class PostingInline(admin.TabularInline):
    model = Posting
    extra = 0
    # An advert's address typed without a scheme is https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class JobQuestionInline(admin.StackedInline):
    """The job's own questions on the application form (knock-outs name their answer)."""

    model = JobQuestion
    extra = 0
    fields = [
        ("position", "kind", "required"),
        "label",
        "help_text",
        "choices",
        ("is_knockout", "knockout_answer"),
    ]


@admin.register(JobOpening)
class JobOpeningAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "department",
        "status",
        "opens_on",
        "closes_on",
        "headcount",
    ]
    list_filter = ["status", "is_foreign_expert_call", "department", "employment_type"]
    search_fields = ["reference", "title", "department"]
    inlines = [JobStageInline, PostingInline, JobQuestionInline]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            from applications import services

            job = services.job_create(
                actor=request.user,
                reference=obj.reference,
                title=obj.title,
                **{f: getattr(obj, f) for f in services.JOB_FIELDS if f not in ("title",)},
            )
            obj.pk = job.pk
            obj.created_at = job.created_at
            return
        super().save_model(request, obj, form, change)


@admin.register(Candidate)
class CandidateAdmin(HidesMaskedApplicants, admin.ModelAdmin):
    candidate_paths = ("pk",)
    list_display = ["full_name", "email", "nationality", "country_of_residence", "created_at"]
    list_filter = ["nationality"]
    search_fields = ["full_name", "email"]
    # Merges and their undo go through the duplicates page (every row moves with them).
    readonly_fields = ["merged_into", "merged_at"]


@admin.register(CandidateMerge)
class CandidateMergeAdmin(HidesMaskedApplicants, ReadOnlyAdmin):
    """Read-only: merges and undos go through the duplicates page or the API."""

    candidate_paths = ("survivor", "absorbed")
    list_display = ["survivor", "absorbed", "by", "at", "undone_at"]
    list_select_related = ["survivor", "absorbed", "by"]
    exclude = ["changes"]  # copies of rows: the undo's business, not a page's


@admin.register(DuplicateReopening)
class DuplicateReopeningAdmin(HidesMaskedApplicants, ReadOnlyAdmin):
    candidate_paths = ("flag__candidate", "flag__existing")
    list_display = ["flag", "previous_resolution", "by", "at"]
    list_select_related = ["flag__candidate", "flag__existing", "by"]


class StageEventInline(admin.TabularInline):
    model = StageEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "from_stage", "to_stage", "to_status", "actor", "reason", "is_override")
    readonly_fields = fields
    ordering = ["at", "id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OfferInline(admin.StackedInline):
    model = Offer
    extra = 0
    readonly_fields = [
        "status",
        "offered_on",
        "responded_on",
        "approval_round",
        "sent_at",
        "created_by",
    ]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(HidesMaskedApplicants, admin.ModelAdmin):
    application_paths = ("pk",)
    list_display = ["candidate", "job", "stage", "status", "source", "submitted_at"]
    list_filter = ["status", "job", "source"]
    search_fields = ["candidate__full_name", "candidate__email", "job__reference"]
    list_select_related = ["candidate", "job", "stage", "source"]
    readonly_fields = [
        "candidate",
        "job",
        "stage",
        "status",
        "rejection_reason",
        "version",
        "submitted_at",
        "stage_entered_at",
    ]
    inlines = [StageEventInline, OfferInline]

    def has_add_permission(self, request):
        # Applications enter through the careers pages, the API or the import, which audit them.
        return False


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind"]


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "is_active", "position"]
    list_editable = ["is_active", "position"]


@admin.register(StageEvent)
class StageEventAdmin(HidesMaskedApplicants, admin.ModelAdmin):
    application_paths = ("application",)
    list_display = ["application", "kind", "from_stage", "to_stage", "actor", "at", "is_override"]
    list_filter = ["kind", "is_override", "is_backward"]
    list_select_related = [
        "application__candidate",
        "application__job",
        "from_stage",
        "to_stage",
        "actor",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PossibleDuplicate)
class PossibleDuplicateAdmin(HidesMaskedApplicants, admin.ModelAdmin):
    """Read-only: HR resolves flags on the application page or through the API (one service)."""

    candidate_paths = ("candidate", "existing")
    list_display = ["candidate", "existing", "reason", "created_at", "resolution", "resolved_at"]
    list_filter = ["resolution", "resolved_at"]
    list_select_related = ["candidate", "existing"]
    readonly_fields = [
        "candidate",
        "existing",
        "reason",
        "created_at",
        "resolution",
        "resolution_note",
        "resolved_by",
        "resolved_at",
    ]


@admin.register(CVDocument)
class CVDocumentAdmin(HidesMaskedApplicants, admin.ModelAdmin):
    """Read-only: files are private and served by the HR application page only."""

    application_paths = ("application",)
    list_display = ["application", "original_name", "size", "parse_status", "parse_reason"]
    list_filter = ["parse_status", "content_type", "highest_degree"]
    list_select_related = ["application__candidate", "application__job"]
    exclude = ["file", "text", "parsed"]
    readonly_fields = [
        "application",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "uploaded_at",
        "parse_status",
        "parse_reason",
        "parse_attempts",
        "parsed_at",
        "page_count",
        "corrections",
        "highest_degree",
        "degree_rank",
        "years_experience",
        "languages",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(ErasureRecord)
class ErasureRecordAdmin(ReadOnlyAdmin):
    """Read-only: erasures happen through the service (application page, API, retention)."""

    list_display = ["candidate", "at", "by_label", "automatic", "application_count"]
    list_filter = ["automatic"]


@admin.register(LegalHold)
class LegalHoldAdmin(ReadOnlyAdmin):
    list_display = ["candidate", "set_at", "released_at"]
    list_select_related = ["candidate"]


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ReadOnlyAdmin):
    list_display = ["candidate", "action", "by_label", "at"]
    list_filter = ["action"]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(HidesMaskedApplicants, ReadOnlyAdmin):
    application_paths = ("application",)
    list_display = ["application", "purpose", "text_version", "language", "given_at"]
    list_filter = ["purpose", "language"]
    list_select_related = ["application__candidate", "application__job"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Rename or delete a tag for everybody (tagging itself is on the candidate pages)."""

    list_display = ["name", "created_at"]
    search_fields = ["name"]
