"""REST API of foreign-expert cases: programmes, cases and moves, funding, records, documents.

Viewsets only: the shapes are in `programs.serializers`, the rules in the services and selectors.
"""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from ats.api import validated
from programs import selectors, services
from programs.models import (
    CaseDocument,
    DocumentRequirement,
    ExpertCase,
    FundingApplication,
    ImmigrationRecord,
    Programme,
    ProgrammeCategory,
)
from programs.serializers import (
    CaseDetailSerializer,
    CaseMoveSerializer,
    CaseOpenSerializer,
    CaseSerializer,
    CaseUpdateSerializer,
    DocumentAddSerializer,
    DocumentRequirementSerializer,
    DocumentSerializer,
    DocumentUpdateSerializer,
    DocumentUploadSerializer,
    ExpiringQuerySerializer,
    ExpiringSerializer,
    FundingCreateSerializer,
    FundingMoveSerializer,
    FundingSerializer,
    FundingUpdateSerializer,
    ProgrammeCategorySerializer,
    ProgrammeSerializer,
    RecordSerializer,
    RecordUpdateSerializer,
    case_context,
)
from programs.views import document_file_response

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

    def _detail(self, case: ExpertCase, code: int = 200) -> Response:
        fresh = (
            selectors.case_list()
            .prefetch_related("fundings", "documents", "events__actor")
            .get(pk=case.pk)
        )
        row = selectors.case_row(fresh, today=timezone.localdate())
        context = case_context([row], **self.get_serializer_context())
        return Response(CaseDetailSerializer(fresh, context=context).data, code)

    def list(self, request, *args, **kwargs):
        """Cases with their derived deadlines; `due_within` (days) and `overdue` narrow them."""
        case_filter, rows = selectors.case_search(request.query_params, today=timezone.localdate())
        if not case_filter.is_valid():
            raise ValidationError(case_filter.errors)
        page = self.paginate_queryset(rows)
        context = case_context(page, **self.get_serializer_context())
        serializer = CaseSerializer([row.case for row in page], many=True, context=context)
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
        return document_file_response(self.get_object())


class ExpiringPermitsView(APIView):
    """Work permit cards, residence permits and passports (still needed by the stay) of open
    cases expiring in the next `days` days."""

    @extend_schema(parameters=[ExpiringQuerySerializer], responses=ExpiringSerializer(many=True))
    def get(self, request):
        days = validated(ExpiringQuerySerializer, request.query_params)["days"]
        items = selectors.expiring(today=timezone.localdate(), days=days)
        return Response(ExpiringSerializer(items, many=True).data)
