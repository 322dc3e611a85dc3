"""DRF serializers of foreign-expert cases: output shapes, and the input of each action."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from applications.models import Application
from programs import selectors, services
from programs import workflow as case_workflow
from programs.models import (
    CaseDocument,
    CaseEvent,
    CaseStatus,
    DocumentRequirement,
    ExpertCase,
    FundingApplication,
    FundingStatus,
    ImmigrationRecord,
    Programme,
    ProgrammeCategory,
)

# --- reference data ------------------------------------------------------------------------


class ProgrammeCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeCategory
        fields = ["id", "programme", "code", "name", "position", "is_active"]


class ProgrammeSerializer(CountryFieldMixin, serializers.ModelSerializer):
    categories = ProgrammeCategorySerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "name",
            "description",
            "host_country",
            "excludes_host_nationals",
            "max_continuations",
            "call_window",
            "is_active",
            "categories",
        ]


class DocumentRequirementSerializer(serializers.ModelSerializer):
    class Meta:
        model = DocumentRequirement
        fields = [
            "id",
            "programme",
            "category",
            "code",
            "name",
            "required",
            "authentication",
            "position",
        ]


# --- cases ---------------------------------------------------------------------------------


class DeadlineSerializer(serializers.Serializer):
    """A deadline as HR reads it on the day (`selectors.DeadlineItem`)."""

    key = serializers.CharField(source="deadline.key")
    label = serializers.CharField()  # type: ignore[assignment]  # the API field, not Field.label
    due_on = serializers.DateField(source="deadline.due_on")
    opens_on = serializers.DateField(source="deadline.opens_on", allow_null=True)
    expires_on = serializers.DateField(source="deadline.expires_on", allow_null=True)
    done = serializers.BooleanField(source="deadline.done")
    overdue = serializers.BooleanField()


class CaseSerializer(CountryFieldMixin, serializers.ModelSerializer):
    """A case with its deadlines: the context's `rows` (by case id) are the selector's
    `CaseRow`s, so the deadlines are derived once, by the selector, and only read here."""

    expert = serializers.CharField(source="application.candidate.full_name", read_only=True)
    email = serializers.CharField(source="application.candidate.email", read_only=True)
    job = serializers.CharField(source="application.job.reference", read_only=True)
    deadlines = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ExpertCase
        fields = [
            "id",
            "application",
            "expert",
            "email",
            "job",
            "status",
            "programme",
            "category",
            "nationality",
            "passport_number",
            "passport_expiry",
            "date_of_birth",
            "host_institute",
            "supervisor",
            "position",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "arrived_on",
            "notes",
            "opened_at",
            "deadlines",
            "overdue",
        ]
        read_only_fields = fields

    def _row(self, case: ExpertCase) -> selectors.CaseRow:
        rows: dict[int, selectors.CaseRow] = self.context.get("rows", {})
        row = rows.get(case.pk)
        if row is None:
            # Not from the list or the detail (the browsable API's edit form): ask the selector.
            row = selectors.case_row(case, today=timezone.localdate())
        return row

    @extend_schema_field(DeadlineSerializer(many=True))
    def get_deadlines(self, case: ExpertCase) -> Any:
        return DeadlineSerializer(self._row(case).items, many=True).data

    def get_overdue(self, case: ExpertCase) -> bool:
        return self._row(case).is_overdue


def case_context(rows: Iterable[selectors.CaseRow], **context: Any) -> dict[str, Any]:
    """The serializer context of cases: their rows by case id (see `CaseSerializer`)."""
    return {**context, "rows": {row.case.pk: row for row in rows}}


class CaseEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "from_status", "to_status", "summary", "reason", "actor", "at"]

    def get_actor(self, event: CaseEvent) -> str | None:
        return event.actor.get_username() if event.actor else None


class FundingSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingApplication
        fields = [
            "id",
            "case",
            "programme",
            "category",
            "call_year",
            "status",
            "submitted_on",
            "decided_on",
            "amount",
            "currency",
            "duration_months",
            "continuation_number",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImmigrationRecord
        fields = [
            "id",
            "case",
            "kind",
            "status",
            "number",
            "visa_type",
            "permit_category",
            "points",
            "issued_on",
            "valid_from",
            "valid_to",
            "notes",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    file_url = serializers.SerializerMethodField()
    is_ready = serializers.BooleanField(read_only=True)

    class Meta:
        model = CaseDocument
        fields = [
            "id",
            "case",
            "code",
            "name",
            "required",
            "authentication",
            "status",
            "legalisation_kind",
            "issued_on",
            "expires_on",
            "original_name",
            "content_type",
            "size",
            "notes",
            "is_ready",
            "file_url",
        ]
        read_only_fields = fields

    def get_file_url(self, document: CaseDocument) -> str | None:
        if not document.file:
            return None
        return reverse("programs-api:document-file", args=[document.pk])


class CaseDetailSerializer(CaseSerializer):
    fundings = FundingSerializer(many=True, read_only=True)
    records = RecordSerializer(many=True, read_only=True)
    documents = DocumentSerializer(many=True, read_only=True)
    events = CaseEventSerializer(many=True, read_only=True)
    allowed_moves = serializers.SerializerMethodField()

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "allowed_moves",
            "fundings",
            "records",
            "documents",
            "events",
        ]
        read_only_fields = fields

    def get_allowed_moves(self, case: ExpertCase) -> list[str]:
        return list(case_workflow.allowed_moves(case.status))


class CaseOpenSerializer(serializers.Serializer):
    application = serializers.PrimaryKeyRelatedField(queryset=Application.objects.all())
    programme = serializers.PrimaryKeyRelatedField(
        queryset=Programme.objects.all(), required=False, allow_null=True
    )
    category = serializers.PrimaryKeyRelatedField(
        queryset=ProgrammeCategory.objects.all(), required=False, allow_null=True
    )
    host_institute = serializers.CharField(max_length=200, required=False, allow_blank=True)
    supervisor = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CaseUpdateSerializer(CountryFieldMixin, serializers.ModelSerializer):
    class Meta:
        model = ExpertCase
        fields = list(services.CASE_FIELDS)


class CaseMoveSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=CaseStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class FundingCreateSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingApplication
        fields = [
            "case",
            "programme",
            "category",
            "call_year",
            "continuation_number",
            "amount",
            "currency",
            "duration_months",
            "notes",
        ]


class FundingUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = FundingApplication
        fields = list(services.FUNDING_FIELDS)


class FundingMoveSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=FundingStatus.choices)
    submitted_on = serializers.DateField(required=False, allow_null=True, default=None)
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class RecordUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImmigrationRecord
        fields = list(services.RECORD_FIELDS)


class DocumentUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseDocument
        fields = list(services.DOCUMENT_FIELDS)


class DocumentAddSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseDocument
        fields = ["case", "name", "required", "authentication"]


class DocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class ExpiringQuerySerializer(serializers.Serializer):
    days = serializers.IntegerField(
        min_value=0,
        max_value=3650,
        default=selectors.EXPIRING_DAYS,
        help_text="Horizon in days (default 60)",
    )


class ExpiringSerializer(serializers.Serializer):
    """A line of the expiry report (`selectors.ExpiringItem`); `id` is the record's."""

    id = serializers.IntegerField(source="record_id", allow_null=True)
    case = serializers.IntegerField(source="case.pk")
    expert = serializers.CharField(source="case.application.candidate.full_name")
    host_institute = serializers.CharField(source="case.host_institute")
    case_status = serializers.CharField(source="case.status")
    kind = serializers.CharField()
    number = serializers.CharField()
    permit_category = serializers.CharField()
    valid_to = serializers.DateField()
    days_left = serializers.IntegerField()
