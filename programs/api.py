"""REST API of foreign-expert cases: programmes, cases and moves, funding, records, documents."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from applications.models import Application
from ats.api import validated
from programs import selectors, services
from programs import workflow as case_workflow
from programs.deadlines import Deadline
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
from programs.views import document_file_response

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
    key = serializers.CharField()
    label = serializers.SerializerMethodField()
    due_on = serializers.DateField()
    opens_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    done = serializers.BooleanField()
    overdue = serializers.SerializerMethodField()

    def get_label(self, deadline: Deadline) -> str:
        return str(selectors.DEADLINE_LABELS[deadline.key])

    def get_overdue(self, deadline: Deadline) -> bool:
        return deadline.is_overdue(self.context.get("today") or timezone.localdate())


class CaseSerializer(CountryFieldMixin, serializers.ModelSerializer):
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

    def _deadlines(self, case: ExpertCase) -> list[Deadline]:
        # Computed once per case per serialisation, from the prefetched records.
        cache = self.context.setdefault("_deadlines", {})
        if case.pk not in cache:
            cache[case.pk] = selectors.case_deadlines(case)
        return cache[case.pk]

    def get_deadlines(self, case: ExpertCase) -> list[dict[str, Any]]:
        return DeadlineSerializer(self._deadlines(case), many=True, context=self.context).data

    def get_overdue(self, case: ExpertCase) -> bool:
        today = self.context.get("today") or timezone.localdate()
        return any(d.is_overdue(today) for d in self._deadlines(case))


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


class ExpiringSerializer(serializers.ModelSerializer):
    expert = serializers.CharField(source="case.application.candidate.full_name")
    host_institute = serializers.CharField(source="case.host_institute")
    case_status = serializers.CharField(source="case.status")
    days_left = serializers.SerializerMethodField()

    class Meta:
        model = ImmigrationRecord
        fields = [
            "id",
            "case",
            "expert",
            "host_institute",
            "case_status",
            "kind",
            "number",
            "permit_category",
            "valid_to",
            "days_left",
        ]

    def get_days_left(self, record: ImmigrationRecord) -> int:
        return (record.valid_to - self.context["today"]).days


# --- viewsets ------------------------------------------------------------------------------


class _ReferenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Programmes and their parts are data HR edits; writes go through a `*_save` service."""

    pagination_class = None
    save_service: Any = None
    instance_arg = ""

    def create(self, request, *args, **kwargs):
        data = validated(self.get_serializer_class(), request.data)
        saved = type(self).save_service(actor=request.user, **data)
        return Response(self.get_serializer_class()(saved).data, status=201)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        data = validated(
            self.get_serializer_class(),
            request.data,
            instance=instance,
            partial=kwargs.get("partial", False),
        )
        saved = type(self).save_service(actor=request.user, **{self.instance_arg: instance}, **data)
        return Response(self.get_serializer_class()(saved).data)


class ProgrammeViewSet(_ReferenceViewSet):
    queryset = Programme.objects.prefetch_related("categories")
    serializer_class = ProgrammeSerializer
    filterset_fields = ["is_active", "code"]
    save_service = staticmethod(services.programme_save)
    instance_arg = "programme"


class ProgrammeCategoryViewSet(_ReferenceViewSet):
    queryset = ProgrammeCategory.objects.all()
    serializer_class = ProgrammeCategorySerializer
    filterset_fields = ["programme", "is_active"]
    save_service = staticmethod(services.programme_category_save)
    instance_arg = "category"


class DocumentRequirementViewSet(_ReferenceViewSet):
    queryset = DocumentRequirement.objects.all()
    serializer_class = DocumentRequirementSerializer
    filterset_fields = ["programme", "category", "required", "authentication"]
    save_service = staticmethod(services.document_requirement_save)
    instance_arg = "requirement"


@extend_schema_view(
    create=extend_schema(request=CaseOpenSerializer, responses={201: CaseDetailSerializer}),
    partial_update=extend_schema(request=CaseUpdateSerializer, responses=CaseDetailSerializer),
    update=extend_schema(request=CaseUpdateSerializer, responses=CaseDetailSerializer),
    retrieve=extend_schema(responses=CaseDetailSerializer),
)
class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CaseSerializer
    filterset_class = selectors.CaseFilter

    def get_queryset(self):
        return selectors.case_list()

    def get_object(self) -> ExpertCase:
        return selectors.case_get_for_user(self.request.user, self.kwargs["pk"])

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def _detail(self, case: ExpertCase, code: int = 200) -> Response:
        fresh = (
            selectors.case_list()
            .prefetch_related("fundings", "documents", "events__actor")
            .get(pk=case.pk)
        )
        return Response(
            CaseDetailSerializer(fresh, context=self.get_serializer_context()).data, code
        )

    def list(self, request, *args, **kwargs):
        """Cases with their derived deadlines; `due_within` (days) and `overdue` narrow them."""
        case_filter, rows = selectors.case_search(request.query_params, today=timezone.localdate())
        if not case_filter.is_valid():
            raise ValidationError(case_filter.errors)
        cases = [row.case for row in rows]
        page = self.paginate_queryset(cases)
        serializer = CaseSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    def create(self, request, *args, **kwargs):
        data = validated(CaseOpenSerializer, request.data)
        case = services.case_open(actor=request.user, **data)
        return self._detail(case, 201)

    def update(self, request, *args, **kwargs):
        case = self.get_object()
        data = validated(
            CaseUpdateSerializer, request.data, instance=case, partial=kwargs.get("partial")
        )
        return self._detail(services.case_update(case=case, actor=request.user, **data))

    @extend_schema(request=CaseMoveSerializer, responses=CaseDetailSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the case; 400 says when the move is not allowed or its evidence is missing."""
        case = self.get_object()
        data = validated(CaseMoveSerializer, request.data)
        return self._detail(services.case_move(case=case, actor=request.user, **data))


@extend_schema_view(
    create=extend_schema(request=FundingCreateSerializer, responses={201: FundingSerializer}),
    partial_update=extend_schema(request=FundingUpdateSerializer, responses=FundingSerializer),
    update=extend_schema(request=FundingUpdateSerializer, responses=FundingSerializer),
)
class FundingApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = FundingSerializer
    queryset = FundingApplication.objects.select_related("programme", "category")
    filterset_fields = ["case", "programme", "category", "status", "call_year"]
    ordering_fields = ["call_year", "submitted_on", "decided_on"]
    ordering = ["case", "call_year", "continuation_number", "id"]

    def create(self, request, *args, **kwargs):
        data = validated(FundingCreateSerializer, request.data)
        case = selectors.case_get_for_user(request.user, data.pop("case").pk)
        funding = services.funding_application_create(case=case, actor=request.user, **data)
        return Response(FundingSerializer(funding).data, status=201)

    def update(self, request, *args, **kwargs):
        funding = self.get_object()
        data = validated(
            FundingUpdateSerializer, request.data, instance=funding, partial=kwargs.get("partial")
        )
        funding = services.funding_application_update(funding=funding, actor=request.user, **data)
        return Response(FundingSerializer(funding).data)

    @extend_schema(request=FundingMoveSerializer, responses=FundingSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Submit, decide, start, complete, withdraw or cancel; the dates ride along."""
        data = validated(FundingMoveSerializer, request.data)
        funding = services.funding_application_move(
            funding=self.get_object(), actor=request.user, **data
        )
        return Response(FundingSerializer(funding).data)


@extend_schema_view(
    partial_update=extend_schema(request=RecordUpdateSerializer, responses=RecordSerializer),
    update=extend_schema(request=RecordUpdateSerializer, responses=RecordSerializer),
)
class ImmigrationRecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RecordSerializer
    queryset = ImmigrationRecord.objects.all()
    filterset_fields = ["case", "kind", "status", "visa_type", "permit_category"]
    ordering_fields = ["issued_on", "valid_to"]
    ordering = ["case", "issued_on", "id"]

    def create(self, request, *args, **kwargs):
        data = validated(RecordSerializer, request.data)
        case = selectors.case_get_for_user(request.user, data.pop("case").pk)
        record = services.immigration_record_create(case=case, actor=request.user, **data)
        return Response(RecordSerializer(record).data, status=201)

    def update(self, request, *args, **kwargs):
        record = self.get_object()
        data = validated(
            RecordUpdateSerializer, request.data, instance=record, partial=kwargs.get("partial")
        )
        record = services.immigration_record_update(record=record, actor=request.user, **data)
        return Response(RecordSerializer(record).data)


@extend_schema_view(
    create=extend_schema(request=DocumentAddSerializer, responses={201: DocumentSerializer}),
    partial_update=extend_schema(request=DocumentUpdateSerializer, responses=DocumentSerializer),
    update=extend_schema(request=DocumentUpdateSerializer, responses=DocumentSerializer),
)
class CaseDocumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DocumentSerializer
    queryset = CaseDocument.objects.all()
    filterset_fields = ["case", "status", "required", "authentication", "code"]
    ordering = ["case", "position", "id"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def create(self, request, *args, **kwargs):
        """An extra checklist line (the programme's template gives the others)."""
        data = validated(DocumentAddSerializer, request.data)
        case = selectors.case_get_for_user(request.user, data.pop("case").pk)
        document = services.case_document_add(case=case, actor=request.user, **data)
        return Response(DocumentSerializer(document).data, status=201)

    def update(self, request, *args, **kwargs):
        document = self.get_object()
        data = validated(
            DocumentUpdateSerializer, request.data, instance=document, partial=kwargs.get("partial")
        )
        document = services.case_document_update(document=document, actor=request.user, **data)
        return Response(DocumentSerializer(document).data)

    @extend_schema(
        request={"multipart/form-data": DocumentUploadSerializer}, responses=DocumentSerializer
    )
    @action(detail=True, methods=["post"])
    def upload(self, request, pk=None):
        """Store the scan (PDF, JPEG or PNG) privately; a missing document becomes received."""
        data = validated(DocumentUploadSerializer, request.data)
        document = services.case_document_attach(
            document=self.get_object(), actor=request.user, uploaded=data["file"]
        )
        return Response(DocumentSerializer(document).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_path="file", url_name="file")
    def file(self, request, pk=None):
        """The stored file itself (HR only, like everything here)."""
        return document_file_response(self.get_object(), download=True)


class ExpiringPermitsView(APIView):
    """Work permit cards and residence permits of open cases expiring in the next `days` days."""

    @extend_schema(
        parameters=[OpenApiParameter("days", int, description="Horizon in days (default 60)")],
        responses=ExpiringSerializer(many=True),
    )
    def get(self, request):
        try:
            days = int(request.query_params.get("days", selectors.EXPIRING_DAYS))
        except ValueError:
            raise ValidationError({"days": ["A whole number of days."]}) from None
        if not 0 <= days <= 3650:
            raise ValidationError({"days": ["Between 0 and 3650."]})
        today = timezone.localdate()
        records = selectors.expiring_permits(today=today, days=days)
        return Response(ExpiringSerializer(records, many=True, context={"today": today}).data)
